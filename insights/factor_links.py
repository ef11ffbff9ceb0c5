"""Pattern factors stored as links to their pattern, filled in from it when read (issue #22).

A pattern factor says what its pattern says about one piece: a sentence quoting the pattern's
lift and group size, and the pattern's impact, confidence and supporting data. Stored whole,
every factor of a pattern had to be rewritten whenever a write moved the pattern's figures a
little (tens of thousands of rows after a small import). So a factor row is a link
(``is_link``): the piece, the pattern key, the side and only what belongs to the piece (a
timing factor's ``posted_local``). ``render`` fills in the rest from the creator's stored
pattern row of that key, so a factor always quotes its pattern's current figures. Rows that
are not links (the rules of thumb, which depend on the piece alone, and factors stored before
links existed) read as they were stored.

This module is the one place a pattern factor's wording is put together: the refresh ranks
factors with it, and every reader of stored factors goes through ``Patterns.insight``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from insights.pattern_figures import PatternFigures, StoredFigures
from insights.pattern_text import confidence, factor_sentence, impact_level, supporting_data
from insights.view_models import Insight
from storage.models import ContentInsight

CI = ContentInsight
PATTERN = "pattern"
# supporting_data's own keys (pattern_text.supporting_data); the others are the finding's extra.
_OWN_KEYS = frozenset(
    {
        "source",
        "family",
        "metric",
        "subject",
        "group_size",
        "rest_size",
        "group_median",
        "rest_median",
        "lift",
        "p_value",
        "adjusted_p_value",
        "test",
    }
)


@dataclass(frozen=True)
class StoredPattern:
    """What a factor reads from its pattern: the figures its sentence quotes (a ``Finding``
    while refreshing, ``StoredFigures`` read back from the row), impact, confidence, data."""

    finding: PatternFigures
    impact_level: str
    confidence: float
    supporting_data: dict[str, Any]


def pattern_of(finding: PatternFigures) -> StoredPattern:
    """What the stored row of ``finding`` will hold (the refresh ranks factors by it)."""
    return StoredPattern(
        finding, impact_level(finding), confidence(finding), supporting_data(finding)
    )


def stored_pattern(
    key: str, impact: str, confidence_: float, data: dict[str, Any], exact: dict[str, Any] | None
) -> StoredPattern:
    """A pattern row read back; ``exact`` are its unrounded figures (None on rows stored before
    they were kept: the rounded ones of the supporting data stand in)."""
    numbers = exact or data
    finding = StoredFigures(
        key=key,
        family=str(data.get("family", "")),
        subject=str(data.get("subject", "")),
        metric=str(data.get("metric", "")),
        group_size=int(data.get("group_size", 0)),
        rest_size=int(data.get("rest_size", 0)),
        group_median=float(numbers["group_median"]),
        rest_median=float(numbers["rest_median"]),
        lift=float(numbers["lift"]),
        p_value=float(data.get("p_value", 1.0)),
        test=str(data.get("test", "")),
        extra={name: value for name, value in data.items() if name not in _OWN_KEYS},
        adjusted_p_value=float(data.get("adjusted_p_value", 1.0)),
    )
    return StoredPattern(finding, impact, confidence_, data)


def piece_data(finding: PatternFigures, local_time: datetime | None) -> dict[str, Any]:
    """What a factor of ``finding`` keeps of its own: when a timing factor's piece was posted."""
    if local_time is not None and finding.family == "timing":
        return {"posted_local": local_time.isoformat()}
    return {}


def render(pattern: StoredPattern, positive: bool, data: Mapping[str, Any]) -> Insight:
    """The factor ``pattern`` gives a piece, on its side (``positive``: a success factor), whose
    own part of the supporting data is ``data``."""
    posted = data.get("posted_local")
    local_time = datetime.fromisoformat(posted) if isinstance(posted, str) else None
    title, description = factor_sentence(pattern.finding, local_time)
    return Insight(
        title=title[:255],  # as a column of the row would keep it
        description=description,
        impact_level=pattern.impact_level,
        is_positive=positive,
        insight_type="success_factor" if positive else "failure_factor",
        pattern_key=pattern.finding.key,
        confidence=pattern.confidence,
        supporting_data={**pattern.supporting_data, **data},
    )


def factor_insight(finding: PatternFigures, local_time: datetime | None) -> Insight:
    """The factor ``finding`` gives a piece posted at ``local_time``, as a reader will get it."""
    return render(pattern_of(finding), finding.is_positive, piece_data(finding, local_time))


def decoded(value: Any) -> dict[str, Any]:
    """A JSON column's value as a dict, whether the read returned it decoded or as text."""
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value or {})


def stored_insight(row: Any) -> Insight:
    """An insight row that is not a link, as it was stored."""
    return Insight(
        title=row.title,
        description=row.description,
        impact_level=row.impact_level,
        is_positive=row.is_positive,
        insight_type=row.insight_type,
        pattern_key=row.pattern_key,
        confidence=row.confidence,
        supporting_data=decoded(row.supporting_data),
    )


class Patterns:
    """A creator's stored pattern rows, by pattern key and side, for filling in links.

    Rows need ``insight_type``, ``pattern_key``, ``is_positive``, ``impact_level``,
    ``confidence``, ``supporting_data`` and ``figures``; other rows are ignored, and a pattern
    is decoded only when a link asks for it.
    """

    def __init__(self, rows: Iterable[Any]) -> None:
        self._rows = {
            (r.pattern_key, bool(r.is_positive)): r
            for r in rows
            if r.insight_type == PATTERN and r.pattern_key is not None
        }
        self._read: dict[tuple[str, bool], StoredPattern] = {}

    def insight(self, row: Any) -> Insight | None:
        """What a stored factor row says: a link filled in from its pattern (None when the
        pattern is gone), any other row as stored."""
        if not row.is_link:
            return stored_insight(row)
        pattern = self._pattern((row.pattern_key, bool(row.is_positive)))
        return (
            None
            if pattern is None
            else render(pattern, bool(row.is_positive), decoded(row.supporting_data))
        )

    def _pattern(self, which: tuple[str, bool]) -> StoredPattern | None:
        found = self._read.get(which)
        if found is None and which in self._rows:
            r = self._rows[which]
            data, exact = decoded(r.supporting_data), r.figures
            exact = json.loads(exact) if isinstance(exact, str) else exact
            found = self._read[which] = stored_pattern(
                which[0], r.impact_level, r.confidence, data, exact
            )
        return found
