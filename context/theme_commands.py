"""Themes named the creator's way in chat: rename, merge, and set one piece's theme.

"rename theme Bread & sourdough to Baking", "merge themes Gear, Reviews into Gear",
"set #12 to Baking" (also "/theme rename …"). The same services as the CLI and the API.
"move 1 to monday" re-dates plan item 1 instead (the rules engine's ``move_item``): a target that
reads as a due date is a theme only when the words say "theme".
"""

from __future__ import annotations

import re
import uuid
from zoneinfo import ZoneInfo

from context.due_dates import due_from_phrase
from context.reply import Headline, Paragraph, Reply
from storage.clock import Clock
from storage.db import Database
from storage.errors import DomainError, InvalidInput

_PREFIX = r"^/?(?:theme\s+)?"
_RENAME = re.compile(_PREFIX + r"rename\s+(?:the\s+)?theme\s+(.+?)\s+(?:to|as)\s+(.+)$", re.I)
_MERGE = re.compile(_PREFIX + r"merge\s+(?:the\s+)?themes?\s+(.+?)\s+into\s+(.+)$", re.I)
_SET = re.compile(
    _PREFIX + r"(?:set|put|move)\s+(?:the\s+theme\s+of\s+)?(?:piece\s+)?#?(\d+)\s+"
    r"(?:in|into|to)\s+(?:the\s+)?(?:theme\s+)?(.+)$",
    re.I,
)
_LIST = re.compile(r"\s*(?:,|\band\b)\s*", re.I)
MAX_TEXT = 500


def theme_command(db: Database, clock: Clock, creator_id: uuid.UUID, text: str) -> Reply | None:
    """The reply to a theme command, or None when ``text`` is not one."""
    text = text.strip()[:MAX_TEXT]
    if not (found := _RENAME.match(text) or _MERGE.match(text) or _SET.match(text)):
        return None
    if found.re is _SET and _a_due_date(found.group(2), text, clock):
        return None
    from insights.theme_choices import merge_themes, rename_theme, set_piece_theme

    first, second = (_unquote(g) for g in found.groups())
    try:
        with db.unit_of_work() as session:
            now = clock.now()
            if found.re is _RENAME:
                name = rename_theme(session, creator_id, first, second, now)
                said = f"Renamed {first!r} to {name!r}."
            elif found.re is _MERGE:
                themes = [_unquote(t) for t in _LIST.split(first) if t.strip()]
                name = merge_themes(session, creator_id, themes, second, now)
                said = f"Merged {', '.join(map(repr, themes))} into {name!r}."
            else:
                name = set_piece_theme(session, creator_id, int(first), second, now)
                said = f"Piece {first} is now in {name!r}."
    except DomainError as exc:
        return Reply((Headline("Themes unchanged"), Paragraph(str(exc))))
    return Reply((Paragraph(f"{said} Re-imports and new pieces keep it."),))


def _a_due_date(target: str, text: str, clock: Clock) -> bool:
    """Whether "move 1 to <target>" re-dates a plan item: the target reads as a due date and the
    words do not say "theme" (the day it names does not matter here, so UTC is enough)."""
    if "theme" in text.lower():
        return False
    try:
        due_from_phrase(_unquote(target), ZoneInfo("UTC"), now=clock.now())
    except InvalidInput:
        return False
    return True


def _unquote(text: str) -> str:
    return text.strip().strip("\"'“”‘’«»").strip()
