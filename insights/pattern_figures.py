"""What a pattern's wording reads of it, without the numerical stack behind the tests.

A pattern is worded twice: by the refresh, from the ``Finding`` it has just tested, and by every
reader of a stored factor, from the pattern's stored row (``insights.factor_links``). Readers
answer chat messages, and ``whatsworking ask`` starts without numpy or scipy, which
``insights.findings`` needs; so the wording (``insights.pattern_text``) asks only for these
figures, and a stored row becomes ``StoredFigures`` instead of a ``Finding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class PatternFigures(Protocol):
    """The figures of a tested pattern that its sentences and stored data quote."""

    @property
    def key(self) -> str: ...
    @property
    def family(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def group_size(self) -> int: ...
    @property
    def rest_size(self) -> int: ...
    @property
    def group_median(self) -> float: ...
    @property
    def rest_median(self) -> float: ...
    @property
    def lift(self) -> float: ...
    @property
    def p_value(self) -> float: ...
    @property
    def adjusted_p_value(self) -> float: ...
    @property
    def test(self) -> str: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def is_positive(self) -> bool: ...
    @property
    def coverage(self) -> float: ...


class FigureRatios:
    """What follows from a pattern's lift and group sizes (``Finding`` and ``StoredFigures``)."""

    lift: float
    group_size: int
    rest_size: int

    @property
    def is_positive(self) -> bool:
        """True when the group does better than the rest."""
        return self.lift > 1.0

    @property
    def coverage(self) -> float:
        """The share of tested pieces the pattern is about."""
        return self.group_size / max(1, self.group_size + self.rest_size)


@dataclass(frozen=True)
class StoredFigures(FigureRatios):
    """A pattern's figures as its stored row gives them back."""

    key: str
    family: str
    subject: str
    metric: str
    group_size: int
    rest_size: int
    group_median: float
    rest_median: float
    lift: float
    p_value: float
    adjusted_p_value: float
    test: str
    extra: dict[str, Any] = field(default_factory=dict)
