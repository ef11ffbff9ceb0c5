"""Exact sums of the dashboard's rates (engagement, score, retention), whatever the order.

A float sum depends on the order its terms come in, and the dashboard's means land on a
rounding tie often: scores are stored to the hundredth, so the mean of two is a half hundredth
about as often as not, and the rows' order (or, with the day cells, how they were grouped into
cells) rounded it up or down. Each rate is summed in two exact parts instead: its whole parts
and its fractions in billionths, both whole numbers (exact below 2 ** 53 even where SQLite sums
them as floats, its integer sum() failing on overflow). A mean is then one division of the
exact total (``mean``), the same from rows and from cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Integer, case, func, literal_column
from sqlalchemy import cast as cast_

UNIT = 10**9  # billionths: a rate's fraction is summed in these
RATES = {
    "engagement": "engagement_rate",
    "score": "performance_score",
    "retention": "retention_rate",
}
# The summed columns, in the order of ``cell_sums`` and of the day cells' table.
SUMMED = (
    "pieces",
    "views",
    "reach",
    *(f"{rate}_{part}" for rate in RATES for part in ("whole", "units", "n")),
    "views_n",
    "reach_n",
)
_CASTS_EXACTLY: Any = literal_column("4611686018427387904.0")  # 2 ** 62
_PARTS = frozenset(f"{rate}_{part}" for rate in RATES for part in ("whole", "units"))


def whole(column: Any, dialect: str) -> Any:
    """The rate's integer part (a huge one whole: its fraction is 0)."""
    if dialect == "postgresql":
        return func.floor(column)
    # SQLite's floor() needs its math functions compiled in; CAST truncates, as exact, but
    # saturates from 2 ** 63 on.
    return case((func.abs(column) < _CASTS_EXACTLY, cast_(column, Integer)), else_=column)


def fraction(column: Any, dialect: str) -> Any:
    """The rate's fraction in billionths (PostgreSQL rounds, SQLite truncates: either way the
    same number in every statement of one database, all exact sums need)."""
    scaled = (column - whole(column, dialect)) * literal_column(f"{UNIT}.0")
    return cast_(scaled, BigInteger)


def _count(value: Any) -> Any:
    # BIGINT, not the NUMERIC PostgreSQL's sum of BIGINT gives: cheaper to fetch.
    return cast_(func.coalesce(func.sum(value), literal_column("0")), BigInteger)


def _part(value: Any, dialect: str, units: bool) -> Any:
    """A sum of a rate's parts: exact below 2 ** 53 (PostgreSQL's integer sums beyond too)."""
    if dialect != "postgresql":
        return func.total(value)  # a float: SQLite's integer sum() would fail on overflow
    return _count(value) if units else func.coalesce(func.sum(value), literal_column("0.0"))


def cell_sums(pp: Any, dialect: str) -> tuple[Any, ...]:
    """The sums over a group of joined rows (``SUMMED`` order): counts, known-value sums (rates
    in two exact parts), and how many values were known (an unknown figure is left out)."""
    rates: list[Any] = []
    for name in RATES.values():
        rate = pp[name]
        rates += [
            _part(whole(rate, dialect), dialect, units=False),
            _part(fraction(rate, dialect), dialect, units=True),
            func.count(rate),
        ]
    return (
        func.count(),
        _count(pp.views),
        _count(pp.reach),
        *rates,
        func.count(pp.views),
        func.count(pp.reach),
    )


def _known(column: Any) -> Any:
    return case((column.is_(None), literal_column("0")), else_=literal_column("1"))


def row_terms(pp: Any, dialect: str) -> tuple[Any, ...]:
    """One row's terms of ``cell_sums`` (``SUMMED`` order), for sums taken later."""
    zero: Any = literal_column("0")
    rates: list[Any] = []
    for name in RATES.values():
        rate = pp[name]
        rates += [
            func.coalesce(whole(rate, dialect), literal_column("0.0")),
            func.coalesce(fraction(rate, dialect), zero),
            _known(rate),
        ]
    return (
        literal_column("1"),
        func.coalesce(pp.views, zero),
        func.coalesce(pp.reach, zero),
        *rates,
        _known(pp.views),
        _known(pp.reach),
    )


def resummed(columns: Any, dialect: str) -> list[Any]:
    """Sums of ``SUMMED`` columns of partial sums (``columns[name]``), as ``cell_sums`` gives."""
    return [
        _part(columns[name], dialect, name.endswith("_units"))
        if name in _PARTS
        else cast_(func.sum(columns[name]), BigInteger)
        for name in SUMMED
    ]


def totals(sums: Sequence[Any]) -> list[Any]:
    """``SUMMED`` values as ``aggregates.Totals`` holds them: each rate one exact integer of
    billionths, then its count."""
    found = list(sums[:3])
    for at in range(3, 3 + 3 * len(RATES), 3):  # (whole, units, n) per rate
        found += [int(sums[at]) * UNIT + int(sums[at + 1]), sums[at + 2]]
    return [*found, *sums[-2:]]


def mean(total: int, n: int, digits: int = 2) -> float | None:
    """The mean of a rate summed in billionths (one correctly rounded division), rounded."""
    return round(total / (n * UNIT), digits) if n else None
