"""The insight rows plans are built from: a piece's factors and the creator's patterns.

Read from ``content_insights`` (written by the insights engine); a piece's pattern factors are
stored as links to their pattern and read through ``insights.insight_rows``, which fills them
in. A ``pattern_key`` is "<kind>:<value>", e.g.
"slot:thu:14-17", "theme:tutorials", "platform:tiktok", "format:short", "retention:weak_hook".
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.factor_links import stored_insight
from insights.insight_rows import piece_factors_with_ids
from insights.view_models import Insight
from storage.models import ContentInsight, InsightType

_IMPACT_RANK = {"high": 0, "medium": 1, "low": 2}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_SET = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)(?:\+(?:mon|tue|wed|thu|fri|sat|sun))*$")
_HOURS = re.compile(r"^(\d{1,2})-(\d{1,2})$")
# Keys of posting-time patterns: "slot:thu:14-17", "slot:mon+wed:14-19", "hours:23-05",
# "days:sat+sun". They all become the "timing" family.
TIMING_KINDS = frozenset({"slot", "hours", "days"})


@dataclass(frozen=True)
class Factor:
    """One insight row, reduced to what a plan item needs."""

    insight_id: uuid.UUID
    insight_type: str
    pattern_key: str | None
    title: str
    description: str
    impact_level: str
    confidence: float
    is_positive: bool
    supporting_data: dict[str, Any]

    @property
    def kind(self) -> str:
        """The part of the pattern key before the first colon ("slot", "theme", …)."""
        return (self.pattern_key or "").split(":", 1)[0]

    @property
    def family(self) -> str:
        """The kind, with every posting-time kind grouped as "timing"."""
        return "timing" if self.kind in TIMING_KINDS else self.kind

    @property
    def value(self) -> str:
        """The part of the pattern key after the first colon ("thu:14-17", "tutorials", …)."""
        parts = (self.pattern_key or "").split(":", 1)
        return parts[1] if len(parts) == 2 else ""

    @property
    def subject(self) -> str:
        """What it is about: "tiktok" in "platform:tiktok:engagement"; timing keeps the window."""
        return self.value if self.family == "timing" else self.value.split(":", 1)[0]

    @property
    def subject_label(self) -> str:
        """The subject as a person reads it: "TikTok", "tutorials", "weak hook"."""
        named = self.supporting_data.get("subject")
        return named if isinstance(named, str) and named else pretty(self.subject)

    @property
    def topic(self) -> tuple[str, str]:
        """Factors with the same topic lead to the same step (e.g. TikTok views and engagement)."""
        return self.family, self.subject

    @property
    def window(self) -> PostingWindow | None:
        """The posting window a timing factor names, if its key can be read."""
        return parse_window(self.pattern_key or "")


@dataclass(frozen=True)
class PostingWindow:
    """Weekly posting times on the creator's clock; no hours means the whole day."""

    weekdays: tuple[int, ...]  # Monday = 0
    start_hour: int | None = None
    end_hour: int | None = None

    @property
    def label(self) -> str:
        """E.g. 'Thu 14:00–17:00', 'every day 23:00–05:00', 'Sat, Sun'."""
        days = ", ".join(_DAYS[d].capitalize() for d in self.weekdays)
        if len(self.weekdays) == 7:
            days = "every day"
        if self.start_hour is None or self.end_hour is None:
            return days
        return f"{days} {self.start_hour:02d}:00–{self.end_hour % 24:02d}:00"

    def next_due(self, not_before: date, tz: ZoneInfo) -> tuple[datetime, bool]:
        """The first opening on or after a local day: (UTC instant, whether the time is set)."""
        ahead = min((d - not_before.weekday()) % 7 for d in self.weekdays)
        day = not_before + timedelta(days=ahead)
        if self.start_hour is None:
            return datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC), False
        return datetime.combine(day, time(self.start_hour), tzinfo=tz).astimezone(UTC), True


def group_by_topic(factors: list[Factor]) -> list[list[Factor]]:
    """Factors grouped by topic, groups in the order their first factor appears."""
    groups: dict[tuple[str, str], list[Factor]] = {}
    for factor in factors:
        groups.setdefault(factor.topic, []).append(factor)
    return list(groups.values())


def pretty(value: str) -> str:
    """'tiktok' → 'TikTok', 'weak_hook' → 'weak hook'."""
    names = {"tiktok": "TikTok", "youtube": "YouTube", "instagram": "Instagram"}
    return names.get(value.lower(), value.replace("_", " "))


def parse_window(pattern_key: str) -> PostingWindow | None:
    """Read a timing key ("slot:thu:14-17", "hours:23-05", "days:sat+sun"); None otherwise."""
    kind, _, value = pattern_key.strip().lower().partition(":")
    if kind == "days":
        days = _days(value)
        return PostingWindow(days) if days else None
    if kind == "hours":
        hours = _hours(value)
        return PostingWindow(tuple(range(7)), *hours) if hours else None
    if kind == "slot":
        day_text, _, hour_text = value.partition(":")
        days, hours = _days(day_text), _hours(hour_text)
        return PostingWindow(days, *hours) if days and hours else None
    return None


def _days(text: str) -> tuple[int, ...] | None:
    if not _DAY_SET.match(text):
        return None
    return tuple(sorted({_DAYS.index(d) for d in text.split("+")}))


def _hours(text: str) -> tuple[int, int] | None:
    match = _HOURS.match(text)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if 0 <= start <= 23 and 0 <= end <= 24 else None


def piece_factors(
    session: Session, creator_id: uuid.UUID, content_id: uuid.UUID, insight_type: InsightType
) -> list[Factor]:
    """The piece's success or failure factors, strongest first."""
    rows = piece_factors_with_ids(session, creator_id, content_id, insight_type.value)
    return _strongest_first([_from_insight(row_id, insight) for row_id, insight in rows])


def creator_patterns(
    session: Session, creator_id: uuid.UUID, *, positive: bool = True
) -> list[Factor]:
    """The creator-level patterns (rows without a piece) with a pattern key, strongest first."""
    rows = session.scalars(
        select(ContentInsight).where(
            ContentInsight.creator_id == creator_id,
            ContentInsight.content_id.is_(None),
            ContentInsight.pattern_key.is_not(None),
            ContentInsight.is_positive.is_(positive),
        )
    )
    return _strongest_first([_factor(row) for row in rows])


def best_pattern(patterns: list[Factor], family: str) -> Factor | None:
    """The strongest pattern of one family (e.g. "timing": the best posting window), if any."""
    return next((p for p in patterns if p.family == family), None)


def _strongest_first(factors: list[Factor]) -> list[Factor]:
    return sorted(
        factors, key=lambda f: (_IMPACT_RANK.get(f.impact_level, 3), -f.confidence, f.title)
    )


def _factor(row: ContentInsight) -> Factor:
    return _from_insight(row.id, stored_insight(row))


def _from_insight(insight_id: uuid.UUID, insight: Insight) -> Factor:
    return Factor(
        insight_id=insight_id,
        insight_type=insight.insight_type,
        pattern_key=insight.pattern_key,
        title=insight.title,
        description=insight.description,
        impact_level=insight.impact_level,
        confidence=insight.confidence,
        is_positive=insight.is_positive,
        supporting_data=insight.supporting_data,
    )
