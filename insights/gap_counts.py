"""The figures each platform lacks, counted from the refresh's columns instead of a query.

``insights.availability.gaps`` groups every piece of the creator by platform in SQL; the
refresh after a write already holds the scored pieces' figures, and reads the unscored few
(insights.unscored), so it counts the same rows here: per platform, its pieces, those an API
brought, and those reporting each scored figure.
"""

from __future__ import annotations

import numpy as np

from insights.availability import SCORED, Gap, gap_of
from insights.fact_arrays import positions_of
from insights.piece_columns import PieceColumns
from insights.unscored import Unscored


def column_gaps(columns: PieceColumns, unscored: Unscored) -> list[Gap]:
    """``availability.gaps`` of the creator whose pieces are ``columns`` and ``unscored``."""
    platforms = positions_of(columns.platform_codes, unscored.platforms)
    synced = np.concatenate([columns.flags["synced"], unscored.synced])
    reported = [_known(columns, unscored, name) for name in SCORED]
    found = []
    for platform in sorted(platforms):  # as the query orders them
        at = platforms[platform]
        counts = (at.size, int(synced[at].sum()), *(int(r[at].sum()) for r in reported))
        gap = gap_of((platform, *counts))
        if gap is not None:
            found.append(gap)
    return found


def _known(columns: PieceColumns, unscored: Unscored, name: str) -> np.ndarray:
    both = (columns.figures[name], unscored.figures[name])
    return np.concatenate([~np.isnan(values) for values in both])
