"""The pieces a refresh's columns leave out: neither views nor reach known, so never scored.

``load_columns`` reads only the pieces the scores can use; what the refresh derives for every
piece (theme aggregates, the figures each platform lacks) adds these few, read once here, as
stored: their themes, platforms, whether an API brought them, and their reported figures.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.availability import SCORED, SYNCED
from insights.piece_columns import Bools, Floats
from storage.driver_rows import driver_rows
from storage.models import ContentPerformance, ContentPiece

P, C = ContentPerformance, ContentPiece
# Stored figures read: the theme aggregates' two, then those the scores read (SCORED).
FIGURES = ("engagement_rate", "performance_score", *SCORED)
_READ = (
    select(C.theme, C.platform, C.source.like(SYNCED), *(getattr(P, name) for name in FIGURES))
    .join(P, P.content_id == C.id)
    .where(P.views.is_(None), P.reach.is_(None))
)


@dataclass(frozen=True)
class Unscored:
    """The unscored pieces' themes, platforms, synced flags and figures (NaN: not reported)."""

    themes: list[str | None]
    platforms: list[str]
    synced: Bools
    figures: dict[str, Floats]


def unscored(session: Session, creator_id: uuid.UUID) -> Unscored:
    """The creator's pieces the scores cannot use, as stored."""
    rows = list(driver_rows(session, _READ.where(P.creator_id == creator_id)))
    columns = list(zip(*rows, strict=True)) or [()] * (3 + len(FIGURES))
    figures = {name: _numbers(values) for name, values in zip(FIGURES, columns[3:], strict=True)}
    synced = np.array([bool(flag) for flag in columns[2]], dtype=bool)
    return Unscored(list(columns[0]), list(columns[1]), synced, figures)


def _numbers(values: Iterable[Any]) -> Floats:
    return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
