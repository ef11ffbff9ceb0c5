"""Autocomplete for the slash commands: the creator's own titles and plan items, and timezones.

Read-only lookups, scoped to the creator the Discord account is linked to (an unlinked account
gets no suggestions), run in a worker thread by the caller. Discord shows at most 25 choices,
each name and value at most 100 characters.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import cache

from bot.chat.text import one_line
from context.account.timezones import COMMON_ZONES
from context.autocomplete import matching_items, matching_pieces
from storage import Database

MAX_CHOICES = 25
CHOICE_LIMIT = 100
CHANNEL = "discord"
Choice = tuple[str, str]  # (what the creator sees, the value the command receives)


def choice_name(text: str) -> str:
    """Text cut to Discord's 100 characters for a choice name."""
    text = one_line(text) or "…"
    return text if len(text) <= CHOICE_LIMIT else text[: CHOICE_LIMIT - 1].rstrip() + "…"


@dataclass(frozen=True)
class Suggestions:
    """Suggestions drawn from one database."""

    db: Database

    def pieces(self, discord_user_id: str, typed: str) -> list[Choice]:
        """The creator's pieces whose title (or number) matches what is typed, newest first."""
        found = matching_pieces(self.db, CHANNEL, discord_user_id, typed, MAX_CHOICES)
        return [
            (choice_name(f"#{p.number} · {p.platform} · {p.title}"), str(p.number)) for p in found
        ]

    def items(self, discord_user_id: str, typed: str, *, completed: bool) -> list[Choice]:
        """Items of the creator's active plans, open or completed, matching what is typed."""
        found = matching_items(
            self.db, CHANNEL, discord_user_id, typed, completed=completed, limit=MAX_CHOICES
        )
        return [
            (choice_name(f"{i.plan}.{i.item} · {i.title}"), f"{i.plan}.{i.item}") for i in found
        ]


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def zones(typed: str) -> list[Choice]:
    """Timezones for what is typed: the common ones first, then every IANA zone that matches."""
    wanted = typed.strip().lower().replace(" ", "_")
    common = [(f"{label} ({zone})", zone) for label, zone in COMMON_ZONES]
    if not wanted:
        return common[:MAX_CHOICES]
    found = [c for c in common if wanted in c[0].lower().replace(" ", "_")]
    seen = {value for _, value in found}
    found += [(z, z) for z in _all_zones() if wanted in z.lower() and z not in seen]
    return [(choice_name(name), value) for name, value in found[:MAX_CHOICES]]
