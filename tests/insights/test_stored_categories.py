"""A refresh compares each stored category with the computed one as numbers (``stored_codes``).

On SQLite and PostgreSQL: a stored category changed to another one, to one no score gives, or
to none at all is found and stored again by the column write, whatever the rank tolerance; the
codes themselves map each name to its place in ``CATEGORY_NAMES``.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import numpy as np
from sqlalchemy import select, update

from insights.piece_columns import OTHER, UNSCORED, load_columns, stored_codes
from insights.score_columns import score_columns
from insights.score_math import CATEGORY_NAMES
from insights.scoring import DEFAULT_SCORING, RANK_TOLERANCE, write_column_scores
from storage import Database
from storage.models import ContentPerformance, ContentPiece
from tests.support.builders import NOW, Spec, scored_creator

P = ContentPerformance


def test_each_stored_name_has_its_place_none_and_unknown_names_their_own_codes() -> None:
    names = [*CATEGORY_NAMES, None, "stellar", *reversed(CATEGORY_NAMES)]
    codes = stored_codes(names)
    assert codes.dtype == np.int8
    assert codes.tolist() == [0, 1, 2, UNSCORED, OTHER, 2, 1, 0]
    assert len({0, 1, 2, UNSCORED, OTHER}) == 5


def _catalogue(db: Database) -> uuid.UUID:
    specs = [
        Spec(views=2_000 + 900 * i, likes=90 + 11 * i, published_at=NOW - timedelta(days=20 + i))
        for i in range(30)
    ]
    return scored_creator(db, specs)


def _categories(db: Database) -> dict[int, str | None]:
    with db.read() as s:
        rows = s.execute(
            select(ContentPiece.number, P.performance_category).join(
                P, P.content_id == ContentPiece.id
            )
        ).all()
    return {number: category for number, category in rows}


def _store(db: Database, categories: dict[int, str | None]) -> None:
    with db.unit_of_work() as s:
        for number, category in categories.items():
            piece = select(ContentPiece.id).where(ContentPiece.number == number).scalar_subquery()
            s.execute(update(P).where(P.content_id == piece).values(performance_category=category))


def test_a_stored_category_other_than_the_computed_one_is_stored_again(db: Database) -> None:
    creator_id = _catalogue(db)
    exact = _categories(db)
    other = next(name for name in CATEGORY_NAMES if name != exact[4])
    _store(db, {4: other, 9: "stellar", 15: None})
    with db.unit_of_work() as s:
        columns = load_columns(s, creator_id)
        scores = score_columns(columns, NOW, DEFAULT_SCORING)
        assert write_column_scores(s, creator_id, columns, scores, NOW, RANK_TOLERANCE) == 3
    assert _categories(db) == exact
