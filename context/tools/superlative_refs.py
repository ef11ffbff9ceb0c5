"""Superlative references: "my best one", "the worst TikTok this month", "my latest video",
"most commented reel", "my 2nd newest short", "which of my reels got the most views".

``superlative_in`` reads one (linear regular expressions over bounded text); the piece is then
found by ``insights.superlatives.extreme_piece`` against the creator's own data. A follow-up
("and the worst one?") that names no scope keeps the scope of the previous superlative.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from context.rules.figure_words import format_in, metric_period_in
from context.rules.slots import platform_in
from context.state import ConversationState
from context.tools.title_search import PieceHit
from insights.figures import Scope
from insights.periods import WEEKDAYS
from storage.errors import NotFound

ORDERS: tuple[tuple[str, str, bool], ...] = (
    (r"most (viewed|watched|popular|seen)|highest views|most views", "views", False),
    (r"least (viewed|watched|popular|seen)|fewest views|lowest views|least views", "views", True),
    (r"most (commented|comments)|highest comments", "comments", False),
    (r"least commented|fewest comments", "comments", True),
    (r"most (liked|likes)", "likes", False),
    (r"least liked|fewest likes", "likes", True),
    (r"most (shared|shares)", "shares", False),
    (r"most (saved|saves)", "saves", False),
    (r"most (engaging|engagement)|highest engagement", "engagement", False),
    (r"least engaging|lowest engagement", "engagement", True),
    (r"highest retention|best retention|most retention", "retention", False),
    (r"lowest retention|worst retention", "retention", True),
    (r"most followers|most (subs|subscribers)", "followers", False),
    (r"latest|newest|most recent|last|recent|previous", "published", False),
    (r"oldest|earliest|very first", "published", True),
    (r"best|top|strongest|greatest|highest scoring|biggest|best performing", "score", False),
    (r"worst|weakest|lowest scoring|poorest|bottom|worst performing|biggest flop", "score", True),
)
_ORDERS = tuple((re.compile(rf"^(?:{pattern})$"), by, low) for pattern, by, low in ORDERS)
RANKS = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5}
NOUNS = (
    r"one|video|vid|post|piece|reel|short|tiktok|upload|carousel|story|thing|content|flop|hit|"
    r"youtube video|instagram post|ig post|yt video|insta post|tiktok video|youtube short"
)
_REF = re.compile(
    r"\b(?:(?P<rank>second|2nd|third|3rd|fourth|4th|fifth|5th) )?"
    r"(?P<order>(?:most|least|highest|lowest|fewest|best|worst|very) \w+|best|worst|top|latest|"
    r"newest|most recent|last|recent|previous|oldest|earliest|strongest|weakest|greatest|"
    r"poorest|bottom|biggest \w+|biggest)"
    r"(?P<middle>(?: (?:youtube|yt|instagram|insta|ig|tiktok|long|short|shorts|reel|reels)){0,2})"
    r" (?P<noun>" + NOUNS + r")(?![a-z])"
)
# "which of my reels got the most comments": the ranking comes after the pieces it ranks.
WHICH_RANKED = re.compile(
    r"\bwhich (?:(?:one )?of (?:my|the) )?"
    r"(?P<noun>(?:video|vid|post|piece|reel|short|tiktok|upload|carousel|one)s?)"
    r" (?:got|had|has|have|gets|drew|earned|did) (?:the )?"
    r"(?P<order>(?:most|least|fewest|highest|lowest) \w+)"
)
_FOLLOW_UP = re.compile(r"^(and|what about|how about|now|ok and|okay and|then|also)\b")
# A piece named by the day it went out: "yesterday's video", "my reel from Monday", "the post I
# published this morning" (the latest of that day; the creator's own calendar).
DAY_KEYS = {"today": "today", "tonight": "today", "this morning": "today",
            "yesterday": "yesterday", "last night": "yesterday"}  # fmt: skip
DAY_KEYS |= {day: day for day in WEEKDAYS}
_DAYS = "|".join(DAY_KEYS)
_MIDDLE = r"(?P<middle>(?:(?:youtube|yt|instagram|insta|ig|tiktok|long|short|reel) ){0,2})"
_DAY_NOUNS = r"video|vid|post|piece|reel|short|tiktok|upload|carousel|story|one"
# "Should my post on Monday be a reel?" plans a piece; it names none published.
_FUTURE = re.compile(r"\b(should|shall|will|going to|gonna|planning|plan to|next)\b")
_DAY_FIRST = re.compile(rf"\b(?P<day>{_DAYS})s {_MIDDLE}(?P<noun>{_DAY_NOUNS})(?![a-z])")
_DAY_AFTER = re.compile(
    rf"\b(?:my|the|your|that) {_MIDDLE}(?P<noun>{_DAY_NOUNS}) (?:(?:that |which )?(?:i |we )?"
    rf"(?:posted|post|published|publish|uploaded|upload|put out|dropped|made|did) )?"
    rf"(?:from |on |of )?"
    rf"(?P<day>{_DAYS})(?![a-z])"
)


@dataclass(frozen=True)
class Superlative:
    """What a superlative reference ranks by, in which direction, over which pieces."""

    by: str
    lowest: bool
    rank: int = 1
    platform: str | None = None
    content_type: str | None = None
    period: str | None = None

    def scope(self) -> dict[str, Any]:
        """The scope remembered for follow-ups."""
        return {k: v for k, v in asdict(self).items() if k in SCOPE_KEYS}


SCOPE_KEYS = ("platform", "content_type", "period")


def superlative_in(text: str, remembered: dict[str, Any] | None = None) -> Superlative | None:
    """The superlative a reference names, or None ("my best one" → best by score)."""
    lowered = " ".join(text.lower().replace("'", "").split())[:200]
    found = _REF.search(lowered) or WHICH_RANKED.search(lowered)
    if found is None:
        return _of_day(lowered)
    parts = found.groupdict()
    order = _order(found.group("order"))
    if order is None:
        return None
    words = tuple(re.findall(r"[a-z0-9]+", lowered))
    noun_words = tuple(found.group("noun").split())
    platform = platform_in(words) or platform_in(noun_words)
    content_type = format_in(tuple((parts.get("middle") or "").split()) + noun_words)
    period = metric_period_in(lowered)
    unscoped = platform is None and content_type is None and period is None
    if unscoped and remembered and _FOLLOW_UP.search(lowered):
        platform, content_type = remembered.get("platform"), remembered.get("content_type")
        period = remembered.get("period")
    rank = RANKS.get(parts.get("rank") or "", 1)
    return Superlative(order[0], order[1], rank, platform, content_type, period)


def _of_day(lowered: str) -> Superlative | None:
    """The latest piece of a named day ("yesterday's video"), or None."""
    found = _DAY_FIRST.search(lowered) or _DAY_AFTER.search(lowered)
    if found is None or _FUTURE.search(lowered):
        return None
    words = tuple((found.group("middle") + found.group("noun")).split())
    period = DAY_KEYS[found.group("day")]
    return Superlative("published", False, 1, platform_in(words), format_in(words), period)


def _order(phrase: str) -> tuple[str, bool] | None:
    for pattern, by, lowest in _ORDERS:
        if pattern.match(phrase):
            return by, lowest
    return None


ORDER_WORDS = {
    ("score", False): "best", ("score", True): "weakest", ("published", False): "latest",
    ("published", True): "oldest", ("views", False): "most viewed",
    ("views", True): "least viewed", ("comments", False): "most commented",
}  # fmt: skip
RANK_WORDS = {2: "second ", 3: "third ", 4: "fourth ", 5: "fifth "}


def describe(found: Superlative) -> str:
    """'your best TikTok short of the last 30 days'."""
    from context.formatting import period_name, platform_name

    order = ORDER_WORDS.get((found.by, found.lowest)) or (
        f"{'lowest' if found.lowest else 'highest'} {found.by.replace('_', ' ')}"
    )
    noun = found.content_type or "piece"
    where = f" {platform_name(found.platform)}" if found.platform else ""
    if found.by == "published" and found.period in DAY_KEYS.values() and not found.lowest:
        return f"your latest{where} {noun} from {_day_words(found.period or '')}"
    when = f" of {period_name(found.period)}" if found.period else ""
    return f"your {RANK_WORDS.get(found.rank, '')}{order}{where} {noun}{when}"


def _day_words(period: str) -> str:
    return period.capitalize() if period in WEEKDAYS else period


def by_superlative(
    session: Session,
    creator_id: uuid.UUID,
    state: ConversationState,
    found: Superlative,
    *,
    now: datetime,
) -> PieceHit:
    """The piece the superlative names in the creator's data; its scope is remembered."""
    from insights.superlatives import extreme_piece

    try:
        ranked = extreme_piece(
            session,
            creator_id,
            by=found.by,
            lowest=found.lowest,
            scope=Scope(found.platform, found.content_type),
            period=found.period or "all",
            rank=found.rank,
            now=now,
        )
    except NotFound:
        if found.by != "published" or found.period not in DAY_KEYS.values():
            raise
        raise NotFound(_none_that_day(found)) from None
    state.ref_scope = found.scope()
    return PieceHit(ranked.number, ranked.title, describe(found))


def _none_that_day(found: Superlative) -> str:
    """'You published no TikTok piece yesterday.'"""
    from context.formatting import platform_name

    where = f" {platform_name(found.platform)}" if found.platform else ""
    day = found.period or ""
    when = f"on {_day_words(day)}" if day in WEEKDAYS else day
    return f"You published no{where} {found.content_type or 'piece'} {when}."
