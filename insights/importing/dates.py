"""Publish dates and times: ISO, month names, epochs, and numeric dates in a per-file order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from insights.importing.problems import CellError, ImportRejected, RowProblem

DAY_FIRST = "DMY"
MONTH_FIRST = "MDY"
YEAR_FIRST = "YMD"
ORDER_NAMES = {
    "dmy": DAY_FIRST,
    "day-first": DAY_FIRST,
    "mdy": MONTH_FIRST,
    "month-first": MONTH_FIRST,
    "ymd": YEAR_FIRST,
}
# A date without a time of day is stored at local noon and flagged unknown, never as midnight.
UNKNOWN_TIME_OF_DAY = time(12, 0)
MAX_SHOWN_ROWS = 5

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?)?"
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})" + _TIME + r"$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.? (\d{1,2}),? (\d{4})" + _TIME + r"$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\.? ([a-z]+)\.?,? (\d{4})" + _TIME + r"$")
_EPOCH = re.compile(r"^\d{9,13}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class PublishTime:
    """When a piece went out, in UTC, and whether the source gave the time of day."""

    at: datetime
    time_known: bool


def settle_order(samples: Iterable[tuple[str, str]], date_format: str | None) -> str | None:
    """The day/month order of a file's numeric dates (``DMY``/``MDY``), refusing ambiguity.

    ``samples`` are (where, raw) pairs of one date column. Without ``--date-format`` a file whose
    numeric dates never show a day above 12 cannot be read safely and is refused.
    """
    if date_format:
        return _order_from_option(date_format)
    day_first: list[RowProblem] = []
    month_first: list[RowProblem] = []
    unclear: list[RowProblem] = []
    for where, raw in samples:
        match = _NUMERIC.match(raw.strip().casefold())
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            day_first.append(RowProblem(where, "reads day first", value=raw))
        elif second > 12 >= first:
            month_first.append(RowProblem(where, "reads month first", value=raw))
        elif first != second:
            unclear.append(RowProblem(where, "could be either", value=raw))
    return _decide(day_first, month_first, unclear)


def _decide(
    day_first: list[RowProblem], month_first: list[RowProblem], unclear: list[RowProblem]
) -> str | None:
    hint = "add --date-format DMY (day first) or --date-format MDY (month first)"
    if day_first and month_first:
        shown = day_first[:MAX_SHOWN_ROWS] + month_first[:MAX_SHOWN_ROWS]
        raise ImportRejected(f"the dates disagree on day and month order: {hint}", shown)
    if day_first:
        return DAY_FIRST
    if month_first:
        return MONTH_FIRST
    if unclear:
        raise ImportRejected(
            f"the dates could be day/month or month/day — no row settles it: {hint}",
            unclear[:MAX_SHOWN_ROWS],
        )
    return None


def _order_from_option(date_format: str) -> str | None:
    if "%" in date_format:
        return None
    order = ORDER_NAMES.get(date_format.strip().casefold())
    if order is None:
        raise ImportRejected(
            f"unknown --date-format {date_format!r}: use DMY, MDY, YMD or a pattern like "
            "'%d/%m/%Y %H:%M'",
            [],
        )
    return order


class DateReader:
    """Reads one file's publish times: naive ones in ``tz``, numeric ones in the settled order."""

    def __init__(self, tz: ZoneInfo, order: str | None, pattern: str | None = None) -> None:
        self.tz = tz
        self.order = order
        self.pattern = pattern if pattern and "%" in pattern else None
        self.local_reads = 0

    def read(self, raw: str) -> PublishTime:
        """The publish time in ``raw``, or CellError saying what was expected."""
        text = " ".join(raw.strip().split())
        if not text:
            raise CellError("is empty; every row needs a publish date")
        if self.pattern:
            return self._with_pattern(text, self.pattern)
        if _ISO.match(text):
            return self._iso(text)
        if _EPOCH.match(text):
            seconds = int(text) / (1000 if len(text) > 10 else 1)
            return PublishTime(datetime.fromtimestamp(seconds, UTC), True)
        return self._worded_or_numeric(text.casefold())

    def _with_pattern(self, text: str, pattern: str) -> PublishTime:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            raise CellError(f"does not match --date-format {pattern!r}") from None
        known = any(code in pattern for code in ("%H", "%I", "%M", "%X", "%c", "%T", "%R"))
        if parsed.tzinfo is not None:
            return PublishTime(parsed.astimezone(UTC), True)
        return self._local(parsed.date(), parsed.time() if known else None)

    def _iso(self, text: str) -> PublishTime:
        try:
            parsed = datetime.fromisoformat(text.replace(" UTC", "Z"))
        except ValueError:
            raise CellError("is not a valid ISO date") from None
        if parsed.tzinfo is not None:
            return PublishTime(parsed.astimezone(UTC), True)
        has_time = len(text) > len("2024-01-01")
        return self._local(parsed.date(), parsed.time() if has_time else None)

    def _worded_or_numeric(self, text: str) -> PublishTime:
        for pattern, day_group, month_group in (
            (_MONTH_DAY_YEAR, 2, 1),
            (_DAY_MONTH_YEAR, 1, 2),
        ):
            match = pattern.match(text)
            if match and match.group(month_group) in _MONTHS:
                month = _MONTHS[match.group(month_group)]
                day = int(match.group(day_group))
                return self._dated(int(match.group(3)), month, day, match.groups()[3:])
        match = _NUMERIC.match(text)
        if match:
            return self._numeric(match)
        raise CellError(
            "is not a date this import understands (use 2024-05-03 or 2024-05-03T17:30)"
        )

    def _numeric(self, match: re.Match[str]) -> PublishTime:
        a, b, c = (int(g) for g in match.groups()[:3])
        clock = match.groups()[3:]
        if len(match.group(1)) == 4:
            return self._dated(a, b, c, clock)
        if self.order == YEAR_FIRST:
            return self._dated(a + 2000, b, c, clock)
        year = c + 2000 if c < 100 else c
        if a == b or self.order == DAY_FIRST:
            return self._dated(year, b, a, clock)
        if self.order == MONTH_FIRST:
            return self._dated(year, a, b, clock)
        raise CellError("has an unclear day/month order; add --date-format DMY or MDY")

    def _dated(self, year: int, month: int, day: int, clock: tuple[str | None, ...]) -> PublishTime:
        try:
            when = date(year, month, day)
        except ValueError:
            raise CellError("is not a real date") from None
        return self._local(when, _clock_time(clock))

    def _local(self, day: date, clock: time | None) -> PublishTime:
        self.local_reads += 1
        local = datetime.combine(day, clock or UNKNOWN_TIME_OF_DAY, tzinfo=self.tz)
        return PublishTime(local.astimezone(UTC), clock is not None)


def _clock_time(groups: tuple[str | None, ...]) -> time | None:
    hour_text, minute_text, second_text, meridiem = groups
    if hour_text is None or minute_text is None:
        return None
    hour, minute = int(hour_text), int(minute_text)
    if meridiem:
        if not 1 <= hour <= 12:
            raise CellError("has an hour that does not fit AM/PM")
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    try:
        return time(hour, minute, int(second_text or 0))
    except ValueError:
        raise CellError("has an impossible time of day") from None


def in_future(at: datetime, now: datetime) -> bool:
    """Whether a publish time lies more than a day after ``now`` (a sign of a misread date)."""
    return at > now + timedelta(days=1)
