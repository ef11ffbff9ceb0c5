"""Due dates as people say them in chat ("by Friday", "next monday", "in 3 days", "tomorrow").

Everyday phrases are turned into a calendar day on the creator's own clock and handed to
``plans.parse_due``, which also reads ISO dates, "today", "tomorrow" and "+3d".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plans import parse_due
from plans.urgency import local_day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHORT_DAYS = {day[:3]: i for i, day in enumerate(WEEKDAYS)} | {"tues": 1, "thur": 3, "thurs": 3}
_LEAD = re.compile(r"^(?:by|on|due|before|until|for)\s+")
_IN_DAYS = re.compile(r"^in\s+(\d{1,3})\s+days?$")
_IN_WEEKS = re.compile(r"^in\s+(\d{1,2})\s+weeks?$")


def weekday_index(word: str) -> int | None:
    """0 for 'monday'/'mon', … 6 for 'sunday'; None for anything else."""
    word = word.lower().rstrip(".")
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    return SHORT_DAYS.get(word)


def due_from_phrase(text: str, tz: ZoneInfo, *, now: datetime) -> tuple[datetime, bool]:
    """(UTC instant, time given?) for a spoken or written due date; InvalidInput if unreadable."""
    phrase = _LEAD.sub("", " ".join(text.lower().split()))
    days = _days_ahead(phrase, tz, now)
    if days is not None:
        return parse_due(f"+{days}d", tz, now=now)
    return parse_due(phrase, tz, now=now)


def _days_ahead(phrase: str, tz: ZoneInfo, now: datetime) -> int | None:
    """Calendar days from today for relative phrases, or None when the phrase is not one."""
    if phrase in ("next week",):
        return 7
    if phrase in ("end of week", "end of the week", "this weekend", "the weekend", "weekend"):
        return _until_weekday(5 if "weekend" in phrase else 6, tz, now, allow_today=True)
    for pattern, unit in ((_IN_DAYS, 1), (_IN_WEEKS, 7)):
        match = pattern.match(phrase)
        if match:
            return int(match.group(1)) * unit
    words = phrase.split()
    if len(words) == 2 and words[0] in ("next", "this") and weekday_index(words[1]) is not None:
        ahead = _until_weekday(weekday_index(words[1]) or 0, tz, now, allow_today=False)
        return (
            ahead + 7 if words[0] == "next" and ahead < 7 and _same_week(ahead, tz, now) else ahead
        )
    if len(words) == 1 and weekday_index(words[0]) is not None:
        return _until_weekday(weekday_index(words[0]) or 0, tz, now, allow_today=True)
    return None


def _until_weekday(target: int, tz: ZoneInfo, now: datetime, *, allow_today: bool) -> int:
    today = local_day(now, tz).weekday()
    ahead = (target - today) % 7
    return 7 if ahead == 0 and not allow_today else ahead


def _same_week(ahead: int, tz: ZoneInfo, now: datetime) -> bool:
    """True when the day ``ahead`` days away is still in this Monday-to-Sunday week."""
    today = local_day(now, tz)
    return (today + timedelta(days=ahead)).isocalendar()[1] == today.isocalendar()[1]
