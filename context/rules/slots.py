"""The details a question carries: a period, a platform, an item or piece reference, a due date."""

from __future__ import annotations

import re

PLATFORM_WORDS = {
    "youtube": "youtube",
    "yt": "youtube",
    "shorts": "youtube",
    "instagram": "instagram",
    "insta": "instagram",
    "ig": "instagram",
    "reels": "instagram",
    "carousels": "instagram",
    "tiktok": "tiktok",
    "tiktoks": "tiktok",
}
# A question about a piece that says it did badly asks what held it back ("improve"), not why it
# worked.
FLOP_WORDS = re.compile(
    r"\b(flop|flopped|flopping|fail|failed|failing|tank|tanked|tanking|bomb|bombed|underperform\w*|"
    r"struggl\w*|badly|poorly|"
    r"(went|go|gone|going) wrong|wrong with|held (it|back)|hold (it|back))\b"
)
PERIOD_PHRASES = (
    ("7d", r"\b(7d|this week|last week|past week|my week|7 days|seven days|a week)\b"),
    ("90d", r"\b(90d|quarter|3 months|three months|90 days)\b"),
    ("30d", r"\b(30d|this month|last month|past month|my month|30 days|a month|recently|lately)\b"),
    ("all", r"\b(all time|ever|overall|all)\b"),
)
_PERIODS = tuple((key, re.compile(pattern)) for key, pattern in PERIOD_PHRASES)
ITEM_REF = re.compile(r"(?<![\w#.])#?(\d{1,6}(?:\.\d{1,6})?)(?![\w.])")
PIECE_REF = re.compile(r"(?<![\w.])(?:#|piece |video |post |number |no )(\d{1,9})\b")
CONTENT_NOUNS = frozenset(
    {"videos", "video", "content", "posts", "post", "pieces", "uploads", "stuff", "channel"}
)


def platforms_in(words: tuple[str, ...]) -> list[str]:
    """Every platform named, in order, without repeats."""
    found = [PLATFORM_WORDS[w] for w in words if w in PLATFORM_WORDS]
    return list(dict.fromkeys(found))


def platform_in(words: tuple[str, ...]) -> str | None:
    """The first platform named, if any."""
    named = platforms_in(words)
    return named[0] if named else None


def period_in(text: str) -> str | None:
    """7d, 30d, 90d or all when the text names a period."""
    for key, pattern in _PERIODS:
        if pattern.search(text):
            return key
    return None


def item_ref_in(text: str) -> str | None:
    """The first item reference ('3.2', '#2', '2') in the text."""
    found = ITEM_REF.search(text)
    return found.group(1) if found else None


def is_platform_talk(ref: str) -> bool:
    """True when a would-be piece reference only names platforms ('my tiktoks', 'yt videos')."""
    words = [w for w in ref.split() if w not in ("my", "the", "all", "of")]
    return (
        bool(words)
        and all(w in PLATFORM_WORDS or w in CONTENT_NOUNS for w in words)
        and any(w in PLATFORM_WORDS for w in words)
    )


# Latest pieces looked at when no number is said ("how are my recent posts doing").
DEFAULT_RECENT = 5
