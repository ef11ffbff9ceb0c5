"""After a write only the pieces written are themed again, unless the choices or the writer
changed; the themes are always those theming every piece gives.

On SQLite and PostgreSQL, with the incremental-refresh test's catalogue (a third of its pieces
without a theme: inferred, then matched).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from insights import theme_assign
from insights.ingest import ingest_records
from insights.theme_assign import assign_themes
from insights.theme_choices import rename_theme
from storage import Database
from storage.models import ContentPiece
from tests.insights.test_incremental_refresh import NOW, Catalogue, as_another_process

Reads = list[int | None]  # per assignment: how many pieces it read by id (None: every piece)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    seen: Reads = []
    real = theme_assign._assign

    def recorded(session: Any, creator_id: Any, chosen: Any, only: Any) -> Any:
        seen.append(None if only is None else len(only))
        return real(session, creator_id, chosen, only)

    monkeypatch.setattr(theme_assign, "_assign", recorded)
    yield seen


def _themes(db: Database, catalogue: Catalogue) -> dict[str, str | None]:
    with db.read() as s:
        rows = s.execute(
            select(ContentPiece.platform_id, ContentPiece.theme).where(
                ContentPiece.creator_id == catalogue.creator_id
            )
        ).all()
    return {platform_id: theme for platform_id, theme in rows}


def _theming_every_piece_changes_nothing(db: Database, catalogue: Catalogue) -> None:
    with db.unit_of_work() as s:
        savepoint = s.begin_nested()
        assert assign_themes(s, catalogue.creator_id) == 0
        savepoint.rollback()


def test_an_import_themes_only_the_pieces_it_wrote(db: Database, reads: Reads) -> None:
    catalogue = Catalogue(db, seed=3)
    reads.clear()
    with db.unit_of_work() as s:
        ingest_records(s, catalogue.creator_id, catalogue.waiting[:2], now=NOW, source="t")
    assert reads == [2]
    _theming_every_piece_changes_nothing(db, catalogue)


def test_a_rename_themes_every_piece_again(db: Database, reads: Reads) -> None:
    catalogue = Catalogue(db, seed=4)
    old = sorted(t for t in _themes(db, catalogue).values() if t)[0]
    reads.clear()
    with db.unit_of_work() as s:
        rename_theme(s, catalogue.creator_id, old, "Renamed", NOW)
    assert reads == [None]
    themes = set(_themes(db, catalogue).values())
    assert "Renamed" in themes and old not in themes
    _theming_every_piece_changes_nothing(db, catalogue)


def test_another_process_write_themes_every_piece_again(db: Database, reads: Reads) -> None:
    catalogue = Catalogue(db, seed=5)
    with as_another_process(), db.unit_of_work() as s:
        new = catalogue.waiting[:2]
        ingest_records(s, catalogue.creator_id, new, now=NOW, source="t", refresh=False)
    reads.clear()
    with db.unit_of_work() as s:
        ingest_records(s, catalogue.creator_id, catalogue.waiting[2:3], now=NOW, source="t")
    assert reads == [None]
    assert None not in _themes(db, catalogue).values()
