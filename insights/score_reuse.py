"""The scores the last refresh computed, kept with the resident columns: after an upload only the
pieces whose inputs moved are scored again.

A piece's score, ratios and category are a function of its own figures, of its baseline medians
and of the settings; its percentile rank, of its deviation and of every judged piece's. After an
hourly sync's uploads the pools did not move: every judged piece's medians are the kept ones
(``score_baselines._kept_baselines``), its figures are those it had (the columns at a kept place are
the piece as it was: ``insights.column_cache``), so its deviation is the one kept here, and so is
every judged piece's. A piece whose baselines were kept and whose provisional flag did not change
then scores exactly as kept: its rank too, the judged pieces' deviations being the same. The
others (new, written, young pieces whose medians were computed again) are scored on their own
and ranked among the kept judged deviations, as ``score_math.percentile_ranks`` ranks them.
Anything else (a judged piece not reusable, none judged, no scores kept) and every piece is
scored: the kept entry only spares work, it is never trusted beyond these tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from insights.piece_columns import Bools, Floats, PieceColumns

SCORES = "scores"  # the memo's entry: each piece's score columns and deviation
# The kept columns, in this order (the provisional flag as 0 or 1).
SCORE, RANK, PROVISIONAL, VIEW, ENGAGEMENT, RETENTION, INTENT, DEVIATION = range(8)


@dataclass(frozen=True)
class KeptScores:
    """The last refresh's scores in the columns' places, and which pieces score as then."""

    rows: Floats  # pieces × the kept columns, column-major: each column is contiguous
    same: Bools

    @property
    def todo(self) -> NDArray[np.int64]:
        """The positions to score again."""
        return np.flatnonzero(~self.same)

    def column(self, index: int) -> Floats:
        """One kept column (a view: written into by the caller)."""
        found: Floats = self.rows[:, index]
        return found

    def judged(self, provisional: Bools) -> Floats:
        """The judged pieces' deviations, sorted (all of them kept)."""
        return np.sort(self.rows[~provisional, DEVIATION])


def kept_scores(c: PieceColumns, reused: Bools, provisional: Bools) -> KeptScores | None:
    """The kept scores when they can stand for the pieces ``reused`` (baselines kept) whose
    provisional flag is the kept one, and every judged piece is among those (else None)."""
    kept = None if c.memo is None else c.memo.kept(SCORES)
    if kept is None or kept[1].shape[0] != len(c):
        return None
    instants, rows, known = kept
    same = reused & known & (instants == c.published_us)
    same &= (rows[:, PROVISIONAL] != 0) == provisional
    judged = ~provisional
    if not judged.any() or (judged & ~same).any():
        return None
    return KeptScores(np.array(rows, order="F"), same)


def keep_scores(c: PieceColumns, columns: list[Floats]) -> None:
    """Keep this refresh's score columns (in ``SCORE``… ``DEVIATION`` order) for the next."""
    if c.memo is not None:
        c.memo.keep(SCORES, c.published_us, np.column_stack(columns), owned=True)
