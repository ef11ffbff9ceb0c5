"""Autocomplete for the slash commands: the creator's own titles and plan items, and timezones.

Read-only lookups, scoped to the creator the Discord account is linked to (an unlinked account
gets no suggestions), run in a worker thread by the caller. Discord shows at most 25 choices,
each name and value at most 100 characters.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, String, case, cast, or_, select
from sqlalchemy.orm import Session

from bot.chat.text import one_line
from context.account.timezones import COMMON_ZONES
from storage import Database
from storage.creators import find_identity
from storage.models import ActionItem, ActionPlan, ContentPiece, PlanStatus

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
        with self.db.read() as session:
            creator_id = _creator_of(session, discord_user_id)
            if creator_id is None:
                return []
            query = select(ContentPiece.number, ContentPiece.title, ContentPiece.platform).where(
                ContentPiece.creator_id == creator_id
            )
            text = typed.strip().lstrip("#")
            exact = cast(ContentPiece.number, String) == text
            if text:
                query = query.where(or_(ContentPiece.title.icontains(text, autoescape=True), exact))
            order = (case((exact, 0), else_=1), ContentPiece.published_at.desc())
            rows = session.execute(query.order_by(*order).limit(MAX_CHOICES))
            return [(choice_name(f"#{n} · {p} · {t}"), str(n)) for n, t, p in rows]

    def items(self, discord_user_id: str, typed: str, *, completed: bool) -> list[Choice]:
        """Items of the creator's active plans, open or completed, matching what is typed."""
        with self.db.read() as session:
            creator_id = _creator_of(session, discord_user_id)
            if creator_id is None:
                return []
            rows = session.execute(_items_query(creator_id, typed.strip(), completed))
            return [(choice_name(f"{p}.{i} · {t}"), f"{p}.{i}") for p, i, t in rows]


def _items_query(creator_id: uuid.UUID, text: str, completed: bool) -> Select[int, int, str]:
    query = (
        select(ActionPlan.number, ActionItem.number, ActionItem.title)
        .join(ActionPlan, ActionItem.plan_id == ActionPlan.id)
        .where(
            ActionPlan.creator_id == creator_id,
            ActionItem.creator_id == creator_id,
            ActionPlan.status == PlanStatus.ACTIVE.value,
            ActionItem.is_completed.is_(completed),
        )
    )
    if text:
        query = query.where(ActionItem.title.icontains(text, autoescape=True))
    order = (ActionPlan.number.desc(), ActionItem.order_index)
    return query.order_by(*order).limit(MAX_CHOICES)


def _creator_of(session: Session, discord_user_id: str) -> uuid.UUID | None:
    identity = find_identity(session, CHANNEL, discord_user_id)
    return identity.creator_id if identity is not None else None


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
