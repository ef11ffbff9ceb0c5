"""Every imported piece gets a theme; the creator's renames, merges and picks survive refreshes."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from insights.importing import import_file
from insights.theme_choices import merge_themes, rename_theme, set_piece_theme
from insights.theme_inference import OTHER
from insights.themes import list_themes
from storage import Database
from storage.creators import create_creator
from storage.errors import NotFound
from storage.models import ContentPiece
from tests.support.cli import run

from .real_titles import CATALOGUE

# The CLI runs on the system clock; these files are dated around the fixtures' instant, so the
# CLI reads the test's clock (app_clock) rather than the pinned wall clock.
pytestmark = pytest.mark.usefixtures("app_clock")

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def export(views_bump: int = 0, extra: int = 0) -> bytes:
    """A YouTube API CSV of the hand-written catalogue, without any theme."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["video_id", "title", "publishedAt", "viewCount", "likeCount"])
    titles = [t for group in CATALOGUE.values() for t in group]
    titles += [f"Sourdough bagels, try {n}" for n in range(extra)]
    for n, title in enumerate(titles):
        day = f"2024-{n % 12 + 1:02d}-{n % 27 + 1:02d}T10:00:00Z"
        writer.writerow([f"vid{n:08d}", title, day, 1000 + 37 * n + views_bump, 10])
    return buffer.getvalue().encode()


@pytest.fixture
def creator_id(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        return create_creator(session, "mia", now=NOW).id


def load(db: Database, creator_id: uuid.UUID, data: bytes) -> None:
    with db.unit_of_work() as session:
        import_file(session, creator_id, data, "videos.csv", now=NOW)


def themes_by_title(db: Database) -> dict[str, str | None]:
    with db.read() as session:
        return dict(session.execute(select(ContentPiece.title, ContentPiece.theme)).all())


def test_an_import_without_themes_leaves_no_piece_unthemed(
    db: Database, creator_id: uuid.UUID
) -> None:
    load(db, creator_id, export())
    themes = themes_by_title(db)
    assert None not in themes.values()
    assert len(set(themes.values()) - {OTHER}) >= 2
    with db.read() as session:
        assert {t.theme for t in list_themes(session, creator_id)} == set(themes.values())


def test_renames_merges_and_picks_survive_reimports_and_reinference(
    db: Database, creator_id: uuid.UUID
) -> None:
    load(db, creator_id, export())
    before = themes_by_title(db)
    bread = before["Beginner sourdough bread recipe, no mixer"]
    assert bread is not None and bread != OTHER
    others = sorted({t for t in before.values() if t not in (bread, OTHER) and t})
    with db.unit_of_work() as session:
        rename_theme(session, creator_id, bread.upper(), "Bread baking", NOW)
        merge_themes(session, creator_id, [others[0]], "Bread baking", NOW)
        number = session.scalar(
            select(ContentPiece.number).where(ContentPiece.title.startswith("Pandas pivot"))
        )
        assert number is not None
        set_piece_theme(session, creator_id, number, "Spreadsheets", NOW)
    load(db, creator_id, export(views_bump=5, extra=6))  # a newer export: re-import, re-infer
    after = themes_by_title(db)
    assert after["Beginner sourdough bread recipe, no mixer"] == "Bread baking"
    assert after["Pandas pivot tables for beginners"] == "Spreadsheets"
    assert bread not in after.values() and others[0] not in after.values()
    assert None not in after.values()


def test_renaming_a_theme_the_creator_lacks_lists_theirs(
    db: Database, creator_id: uuid.UUID
) -> None:
    load(db, creator_id, export())
    with db.unit_of_work() as session, pytest.raises(NotFound, match="your themes: "):
        rename_theme(session, creator_id, "Knitting", "Yarn", NOW)


def test_the_cli_renames_merges_and_sets_themes(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "videos.csv"
    path.write_bytes(export())
    run(capsys, "creators", "add", "mia", "--db", database_url)
    run(capsys, "import", str(path), "--db", database_url)
    _, out, _ = run(capsys, "themes", "--json", "--db", database_url)
    names = [t["theme"] for t in json.loads(out)]
    assert len(names) > 2
    first = next(n for n in names if n != OTHER)
    code, out, _ = run(capsys, "themes", "rename", first, "Mine", "--db", database_url)
    assert code == 0 and "Renamed" in out
    code, out, _ = run(capsys, "themes", "set", "1", "Pinned", "--db", database_url)
    assert code == 0
    second = next(n for n in names if n not in (OTHER, first))
    code, _, _ = run(capsys, "themes", "merge", second, "--into", "Mine", "--db", database_url)
    _, out, _ = run(capsys, "themes", "--json", "--db", database_url)
    now = {t["theme"] for t in json.loads(out)}
    assert {"Mine", "Pinned"} <= now and first not in now and second not in now
    code, _, err = run(capsys, "themes", "rename", "Nope", "X", "--db", database_url)
    assert code == 2 and "your themes:" in err
