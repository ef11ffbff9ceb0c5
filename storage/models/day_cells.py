"""The dashboard's per-day cells: a creator's pieces summed by (UTC day, platform, theme, verdict).

A cold dashboard build sums a few cells per day instead of joining and grouping every piece of
its period (insights/day_cells.py builds and reads them). The cells are trusted only while
``dashboard_cell_versions`` holds the creator's current data stamp (storage/data_version.py):
every write to pieces or scores changes the stamp, so stale cells are never read; the dashboard
then sums the rows themselves, as it did before the cells existed.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime


class DayCellVersion(Base):
    """The creator's data stamp its day cells were built from (cells exact while it is current)."""

    __tablename__ = "dashboard_cell_versions"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), primary_key=True
    )
    data_version: Mapped[uuid.UUID | None] = mapped_column(default=None)


def _count(name: str) -> Column[int]:
    return Column(name, Integer, nullable=False)


def _rate(name: str) -> list[Column[Any]]:
    """A rate's sum in two exact parts (insights/rate_sums.py): its whole parts' sum as a float,
    its fractions' in billionths; and how many pieces had the rate."""
    return [
        Column(f"{name}_whole", Float, nullable=False),
        Column(f"{name}_units", BigInteger, nullable=False),
        _count(f"{name}_n"),
    ]


# A plain table, no key: cells are only replaced a creator at a time and found by (creator, day);
# theme and verdict (the category of a judged piece, NULL when not judged) may be NULL.
DAY_CELLS = Table(
    "dashboard_day_cells",
    Base.metadata,
    Column("creator_id", ForeignKey("creators.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("platform", String(32), nullable=False),
    Column("theme", String(100)),
    Column("verdict", String(20)),
    _count("pieces"),
    Column("views", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    *_rate("engagement"),
    *_rate("score"),
    *_rate("retention"),
    _count("views_n"),
    _count("reach_n"),
    Column("first_published", UTCDateTime, nullable=False),
    Index("ix_dashboard_day_cells_creator_day", "creator_id", "day"),
)
