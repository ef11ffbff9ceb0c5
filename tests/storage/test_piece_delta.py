"""What a transaction notes of the pieces and scores it wrote, and when it stops holding them."""

from __future__ import annotations

import uuid

import pytest

from storage import Database, piece_delta
from storage.piece_delta import mark, noted, scores_noted, scores_since, written

COLUMNS = ("performance_score",)


def test_score_updates_are_held_until_too_many_then_every_piece_counts_as_unknown(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(piece_delta, "MAX_NOTED_SCORES", 5)
    creator = uuid.uuid4()
    rows = [(float(n), uuid.uuid4().hex) for n in range(7)]
    with db.unit_of_work() as session:
        noted(session, [creator], [uuid.uuid4()])
        since = mark(session, creator)
        scores_noted(session, creator, COLUMNS, rows[:3])
        assert scores_since(session, creator, since) == [(COLUMNS, rows[:3])]
        scores_noted(session, creator, COLUMNS, rows[3:])  # 7 rows in all: past the 5 held
        assert scores_since(session, creator, since) is None
        assert written(session, creator) is None
