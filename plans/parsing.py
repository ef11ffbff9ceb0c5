"""Reading what a creator types: due dates in their timezone, hours, "title|DUE|2h" items."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from plans.commands import ItemSpec, check_hours, clean_title
from plans.urgency import end_of_local_day, local_day
from storage.errors import InvalidInput

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RELATIVE = re.compile(r"^\+\s*(\d{1,3})\s*d(?:ays?)?$")
_HOURS = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?)?\s*$")
_DUE_HELP = (
    "use a date like 2026-12-01, or 2026-12-01T14:00 (optionally with an offset), "
    "today, tomorrow or +3d"
)


def parse_due(text: str, tz: ZoneInfo, *, now: datetime) -> tuple[datetime, bool]:
    """Read a due date; return (aware UTC instant, whether a time of day was given).

    A date alone means the end of that day in ``tz``; a date and time without an offset is read
    in ``tz``; an explicit offset (or Z) is honoured. "today", "tomorrow" and "+3d" count
    calendar days from ``now`` on the creator's clock.
    """
    try:
        return _parse_due(text, tz, now=now)
    except OverflowError:
        raise InvalidInput(f"the due date {text!r} is outside the calendar we can use") from None


def _parse_due(text: str, tz: ZoneInfo, *, now: datetime) -> tuple[datetime, bool]:
    cleaned = (text or "").strip()
    relative = _relative_day(cleaned.lower(), tz, now)
    if relative is not None:
        return end_of_local_day(relative, tz), False
    if _DATE_ONLY.match(cleaned):
        return end_of_local_day(_parse_date(cleaned), tz), False
    try:
        parsed = datetime.fromisoformat(cleaned.replace(" ", "T", 1))
    except ValueError:
        raise InvalidInput(f"cannot read the due date {text!r}: {_DUE_HELP}") from None
    if parsed.tzinfo is not None:
        return parsed.astimezone(UTC), True
    return _local_to_utc(parsed, tz, text), True


def _relative_day(text: str, tz: ZoneInfo, now: datetime) -> date | None:
    today = local_day(now, tz)
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    match = _RELATIVE.match(text)
    return today + timedelta(days=int(match.group(1))) if match else None


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a calendar date: {_DUE_HELP}") from None


def _local_to_utc(wall: datetime, tz: ZoneInfo, text: str) -> datetime:
    """Attach ``tz`` to a wall-clock time, refusing times a DST change skips."""
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        raise InvalidInput(
            f"{text!r} does not exist in {tz.key}: the clocks skip that hour; pick another time"
        )
    return instant


def parse_hours(text: str) -> float:
    """Read estimated effort such as "2h", "1.5", "90m"; it must be positive."""
    match = _HOURS.match(text or "")
    if not match:
        raise InvalidInput(f"cannot read the estimated hours {text!r}: use e.g. 2h, 1.5 or 90m")
    value = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "h").lower()
    hours = value / 60 if unit.startswith("m") else value
    checked = check_hours(hours)
    assert checked is not None
    return checked


def parse_item_spec(text: str, tz: ZoneInfo, *, now: datetime) -> ItemSpec:
    """Read "title|DUE|2h" (DUE and hours optional, e.g. "Film intro||1.5h") into an ItemSpec."""
    parts = [part.strip() for part in (text or "").split("|")]
    if len(parts) > 3:
        raise InvalidInput(f"an item is 'title|DUE|hours'; got {len(parts)} parts in {text!r}")
    parts += [""] * (3 - len(parts))
    title, due_text, hours_text = parts
    due, time_known = parse_due(due_text, tz, now=now) if due_text else (None, False)
    return ItemSpec(
        title=clean_title(title),
        due_date=due,
        due_time_known=time_known,
        estimated_hours=parse_hours(hours_text) if hours_text else None,
    )
