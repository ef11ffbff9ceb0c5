"""The up-to-date check that spares a command Alembic's import agrees with Alembic."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Database, migrate, open_database
from storage.migrate import declared_head, head_revision, recorded_revision, upgrade_to_head


def test_the_declared_head_is_alembics_and_a_migrated_database_records_it(db: Database) -> None:
    assert declared_head() == head_revision() is not None
    assert recorded_revision(db.engine) == head_revision()
    assert upgrade_to_head(db.engine) is False


def test_an_empty_database_is_migrated_then_left_alone(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'empty.db'}", migrate=False)
    assert recorded_revision(db.engine) is None
    assert upgrade_to_head(db.engine) is True
    assert recorded_revision(db.engine) == head_revision()
    assert upgrade_to_head(db.engine) is False
    db.dispose()


def _write(folder: Path, name: str, revision: str, down: str) -> None:
    (folder / name).write_text(
        f'"""{name}"""\n\nrevision: str = "{revision}"\ndown_revision: str | None = {down}\n',
        encoding="utf-8",
    )


def test_only_a_simple_chain_is_read_without_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    _write(versions, "a.py", "a1", "None")
    _write(versions, "b.py", "b2", '"a1"')
    assert declared_head() == "b2"
    _write(versions, "c.py", "c3", '"a1"')  # two heads: Alembic decides
    assert declared_head() is None
    _write(versions, "c.py", "c3", '("a1", "b2")')  # a merge: not read as text
    assert declared_head() is None
