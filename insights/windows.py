"""A posting window in the creator's local time: some days, one hour range.

Kept apart from the scan (``insights.timing``, numpy and scipy) so that reading a stored window,
or asking when it next opens (``insights.posting_moment``), loads neither.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK_HOURS = 168


@dataclass(frozen=True)
class Window:
    """A posting window in the creator's local time: some days, one hour range."""

    days: tuple[int, ...]  # 0 = Monday, in calendar order
    start_hour: int
    width: int  # hours; 24 = the whole day

    @property
    def end_hour(self) -> int:
        """The hour the window ends (exclusive), 0-23."""
        return (self.start_hour + self.width) % 24

    @property
    def key(self) -> str:
        """A stable key: 'slot:thu:14-17', 'slot:mon+wed:14-19', 'hours:23-05', 'days:sat+sun'."""
        days = "+".join(DAYS[d] for d in self.days)
        hours = f"{self.start_hour:02d}-{self.end_hour:02d}"
        if self.width == 24:
            return f"days:{days}"
        if len(self.days) == 7:
            return f"hours:{hours}"
        return f"slot:{days}:{hours}"

    @property
    def label(self) -> str:
        """What a person reads: 'Thu 14-17 h', '23-05 h (any day)', 'Sat, Sun (all day)'."""
        days = ", ".join(DAYS[d].capitalize() for d in self.days)
        hours = f"{self.start_hour:02d}-{self.end_hour:02d} h"
        if self.width == 24:
            return f"{days} (all day)"
        if len(self.days) == 7:
            return f"{hours} (any day)"
        return f"{days} {hours}"

    @functools.cached_property
    def week_hours(self) -> frozenset[int]:
        """Every local week-hour (weekday * 24 + hour) the window covers."""
        return frozenset(
            (day * 24 + self.start_hour + k) % WEEK_HOURS
            for day in self.days
            for k in range(self.width)
        )

    def contains(self, weekday: int, hour: int) -> bool:
        """True when a post at this local weekday and hour falls in the window."""
        return weekday * 24 + hour in self.week_hours

    def as_data(self, timezone: str) -> dict[str, object]:
        """The window as supporting data for an insight."""
        return {
            "days": [DAYS[d] for d in self.days],
            "start_hour": self.start_hour,
            "end_hour": self.end_hour,
            "timezone": timezone,
        }

    @classmethod
    def from_data(cls, key: str, data: Mapping[str, object]) -> Window | None:
        """The window a stored timing pattern describes (its key and supporting data); None when
        the data does not describe one."""
        days, start, end = data.get("days"), data.get("start_hour"), data.get("end_hour")
        if not isinstance(days, list) or not isinstance(start, int) or not isinstance(end, int):
            return None
        if not days or any(d not in DAYS for d in days) or not 0 <= start < 24:
            return None
        width = 24 if key.startswith("days:") else (end - start) % 24 or 24
        return cls(tuple(sorted(DAYS.index(d) for d in days)), start, width)
