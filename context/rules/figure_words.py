"""Figures, statistics, periods and formats as people name them ("avg ER", "views last month").

Every pattern is a fixed regular expression over the normalised words: linear, no backtracking
blow-ups, and the text is already bounded by the engine.
"""

from __future__ import annotations

import re

from insights.periods import MONTHS, WEEKDAYS

FIGURE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("followers", r"\b(followers?|subscribers?|subs|fans|follows?)\b"),
    ("watch_time", r"\b(watch ?time|watch hours|hours watched|time watched)\b"),
    ("engagement", r"\b(engagement|engagment|engaging|engaged|er)\b"),
    ("retention", r"\b(retention|retained|watch through|completion rate|watched to the end)\b"),
    ("reach", r"\b(reach|reached|accounts reached)\b"),
    ("impressions", r"\b(impressions?)\b"),
    ("comments", r"\b(comments?|commented)\b"),
    ("likes", r"\b(likes?|liked|hearts)\b"),
    ("shares", r"\b(shares?|shared|reposts?)\b"),
    ("saves", r"\b(saves?|saved|bookmarks?)\b"),
    ("score", r"\b(performance score|scores?)\b"),
    ("views", r"\b(views?|viewed|viewers|plays|watched|watches)\b"),
)
_FIGURES = tuple((name, re.compile(pattern)) for name, pattern in FIGURE_PATTERNS)
_PIECES = re.compile(
    r"\bhow many (videos|posts|pieces|reels|tiktoks|shorts|uploads|times|things|stories|"
    r"carousels|vids)\b|\b(did|have) i (post|publish|upload|put out|make)\w*\b|"
    r"\bnumber of (videos?|posts?|pieces?|uploads?|reels?|shorts?|tiktoks?)\b|"
    r"\b(posts|videos|pieces|uploads) (published|posted|uploaded)\b|\bposting frequency\b|"
    r"\bhow (often|much) (do|did|have) i (post|publish|upload)"
)
STAT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("median", r"\b(median|middle)\b"),
    (
        "average",
        r"\b(average|avg|mean|typical|typically|per (video|post|piece|upload)|"
        r"on average|usually|normally|rate)\b",
    ),
    ("total", r"\b(total|totals|in total|sum|altogether|combined|overall|how many|all together)\b"),
)
_STATS = tuple((name, re.compile(pattern)) for name, pattern in STAT_PATTERNS)
DIRECTION = re.compile(
    r"\b(going (up|down)|trend\w*|improv\w*|grow\w*|declin\w*|dropp\w*|drop|rising|falling|"
    r"increas\w*|decreas\w*|up or down|better or worse|getting (better|worse)|compared?|"
    r"vs|versus|than (last|before|the)|change[ds]?|direction)\b"
)
CALENDAR_PERIODS: tuple[tuple[str, str], ...] = (
    ("today", r"\b(today|so far today)\b"),
    ("yesterday", r"\b(yesterday|yesterdays)\b"),
    ("this_week", r"\b(this week|so far this week|the week so far)\b"),
    *((day, rf"\b(on|last|this past) {day}\b") for day in WEEKDAYS),
    ("last_week", r"\b(last week|previous week)\b"),
    ("this_month", r"\b(this month|so far this month|month to date|mtd)\b"),
    ("last_month", r"\b(last month|previous month)\b"),
    ("7d", r"\b(7d|(last|past) (7|seven) days|past week|a week|7 days|seven days)\b"),
    ("30d", r"\b(30d|(last|past) (30|thirty) days|past month|30 days|a month|recently|lately)\b"),
    ("90d", r"\b(90d|(last|past) (90|ninety) days|quarter|(3|three) months|90 days)\b"),
    ("all", r"\b(all time|alltime|ever|since (i|we) (started|began)|lifetime|all my)\b"),
)
_CALENDAR = tuple((key, re.compile(pattern)) for key, pattern in CALENDAR_PERIODS)
MONTH_NAMES = (*MONTHS, *(name[:3] for name in MONTHS if name != "may"), "sept")
_MONTH = re.compile(
    r"\b(?P<lead>in|for|during|of|from|over|since)?\s*(?P<month>" + "|".join(MONTH_NAMES) + r")"
    r"\b(?:\s+(?P<year>20\d\d))?"
)
# Words that are also ordinary words: only a month after "in", "for" … or before a year.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "sep", "dec", "oct", "nov"})
FORMAT_WORDS = {
    "shorts": "short", "short": "short", "reels": "reel", "reel": "reel", "stories": "story",
    "story": "story", "carousels": "carousel", "carousel": "carousel", "long": "video",
    "longform": "video",
}  # fmt: skip
_THEME = re.compile(
    r"(?<!what )(?<!how )\b(?:theme|topic|about|category)\s+(?P<theme>[a-z][a-z0-9 ]{1,40}?)\s*$"
)


def figure_in(text: str) -> str | None:
    """The figure the text asks about (views, reach, engagement …), or None."""
    if _PIECES.search(text):
        return "pieces"
    for name, pattern in _FIGURES:
        if pattern.search(text):
            return name
    return None


def stat_in(text: str) -> str | None:
    """total, average or median when the text names one."""
    for name, pattern in _STATS:
        if pattern.search(text):
            return name
    return None


def asks_direction(text: str) -> bool:
    """True when the question is about a direction ("is engagement going up")."""
    return DIRECTION.search(text) is not None


def metric_period_in(text: str) -> str | None:
    """A period key insights.periods reads: 7d, this_month, last_month, 'january 2026' …"""
    for key, pattern in _CALENDAR:
        if pattern.search(text):
            return key
    for found in _MONTH.finditer(text):
        month, year = found.group("month"), found.group("year")
        if month in AMBIGUOUS_MONTHS and not (found.group("lead") or year):
            continue
        name = "sep" if month == "sept" else month[:3]
        return f"{year}-{_month_number(name):02d}" if year else name
    return None


def _month_number(name: str) -> int:
    return [m[:3] for m in MONTH_NAMES[:12]].index(name) + 1


def format_in(words: tuple[str, ...]) -> str | None:
    """The content type the words name (shorts, reels, stories, carousels, long videos)."""
    for word in words:
        if word in FORMAT_WORDS:
            return FORMAT_WORDS[word]
    return None


def theme_in(text: str) -> str | None:
    """A theme named at the end ("… about tutorials", "… theme unboxing")."""
    found = _THEME.search(text)
    if found is None:
        return None
    theme = found.group("theme").strip()
    named_else = metric_period_in(theme) or set(theme.split()) & NOT_THEMES
    return None if named_else else theme


NOT_THEMES = frozenset(
    {"youtube", "instagram", "tiktok", "tiktoks", "shorts", "reels", "it", "this", "that", "them"}
)
