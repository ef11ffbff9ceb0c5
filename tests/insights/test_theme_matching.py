"""New pieces without a theme take the inferred theme their words share; the words are clustered
again only once such pieces reach a tenth of those clustered.

On SQLite and PostgreSQL, through a real import of a YouTube API CSV without a theme column.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from insights import theme_assign
from insights.importing import import_file
from insights.theme_inference import OTHER
from insights.theme_matching import RECLUSTER_SHARE, best_theme, terms
from storage import Database
from storage.creators import create_creator
from storage.models import ContentPiece, ThemeModel

from .real_titles import CATALOGUE

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
BASE = [
    f"{title}{suffix}" for suffix in ("", " (part 2)") for g in CATALOGUE.values() for title in g
]
SOURDOUGH = "My sourdough starter from scratch, again"
PANDAS = "Pandas groupby explained with real examples, again"


def _csv(titles: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["video_id", "title", "publishedAt", "viewCount", "likeCount"])
    for n, title in enumerate(titles):
        day = f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}T10:00:00Z"
        writer.writerow([f"vid{n:08d}", title, day, 1000 + 37 * n, 10])
    return buffer.getvalue().encode()


def _load(db: Database, creator_id: uuid.UUID, titles: list[str]) -> None:
    with db.unit_of_work() as session:
        import_file(session, creator_id, _csv(titles), "videos.csv", now=NOW)


def _themes(db: Database) -> dict[str, str | None]:
    with db.read() as session:
        rows = session.execute(select(ContentPiece.title, ContentPiece.theme)).all()
    return {title: theme for title, theme in rows}


def _model(db: Database) -> tuple[int, int]:
    with db.read() as session:
        row = session.execute(select(ThemeModel.clustered, ThemeModel.matched)).one()
    return row.clustered, row.matched


@pytest.fixture
def creator_id(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=NOW).id
    _load(db, creator_id, BASE)
    return creator_id


@pytest.fixture
def clusterings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = theme_assign.infer_model

    def counted(texts: list[str], previous: list[str | None]) -> Any:
        calls.append(len(texts))
        return real(texts, previous)

    monkeypatch.setattr(theme_assign, "infer_model", counted)
    return calls


def test_new_pieces_take_the_theme_their_words_share_and_old_ones_keep_theirs(
    db: Database, creator_id: uuid.UUID, clusterings: list[int]
) -> None:
    before = _themes(db)
    _load(db, creator_id, [*BASE, SOURDOUGH, PANDAS])
    after = _themes(db)
    assert clusterings == []
    assert {title: after[title] for title in BASE} == before
    assert after[SOURDOUGH] == before["My sourdough starter from scratch, day by day"] != OTHER
    assert after[PANDAS] == before["Pandas groupby explained with real examples"] != OTHER
    assert _model(db) == (len(BASE), 2)


def test_words_are_clustered_again_once_new_pieces_pass_a_tenth_of_those_clustered(
    db: Database, creator_id: uuid.UUID, clusterings: list[int]
) -> None:
    allowed = int(RECLUSTER_SHARE * len(BASE))
    new = [f"Sourdough loaf number {n}" for n in range(allowed + 1)]
    _load(db, creator_id, [*BASE, *new[:allowed]])
    assert clusterings == [] and _model(db) == (len(BASE), allowed)
    _load(db, creator_id, [*BASE, *new])
    assert clusterings == [len(BASE) + len(new)]
    assert _model(db) == (len(BASE) + len(new), 0)
    assert None not in _themes(db).values()


def test_a_catalogue_whose_words_named_no_theme_is_not_clustered_again_for_each_new_piece(
    db: Database, clusterings: list[int]
) -> None:
    # Titles with no telling words (numbered uploads): the clustering finds no theme, and
    # that finding stands like any other until the new pieces pass a tenth of those clustered.
    plain = [f"Video number {n}" for n in range(60)]
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "ned", now=NOW).id
    _load(db, creator_id, plain)
    assert clusterings == [len(plain)] and set(_themes(db).values()) == {OTHER}
    allowed = int(RECLUSTER_SHARE * len(plain))
    _load(db, creator_id, [*plain, *(f"Video number {n}" for n in range(60, 60 + allowed))])
    assert clusterings == [len(plain)]
    assert _model(db) == (len(plain), allowed) and set(_themes(db).values()) == {OTHER}
    _load(db, creator_id, [*plain, *(f"Video number {n}" for n in range(60, 61 + allowed))])
    assert clusterings == [len(plain), len(plain) + allowed + 1]


def test_a_piece_is_matched_on_the_summed_weights_of_the_terms_it_shares() -> None:
    profiles = {"Bread": {"sourdough": 1.0, "starter": 0.5}, "Code": {"pandas": 1.2}}
    assert best_theme("My sourdough starter", profiles) == "Bread"
    assert best_theme("Pandas and sourdough", profiles) == "Code"
    assert best_theme("Nothing shared here", profiles) == OTHER
    assert best_theme("sourdough", {"B": {"sourdough": 1.0}, "A": {"sourdough": 1.0}}) == "A"


def test_terms_are_the_words_and_word_pairs_the_clustering_reads() -> None:
    assert terms("Sourdough 2 starter, día a día") == {
        "sourdough",
        "starter",
        "día",
        "sourdough starter",
        "starter día",
        "día día",
    }
