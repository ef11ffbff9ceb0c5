"""The migrations build the whole schema on every backend, and they agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from storage import Database
from storage.migrate import current_revision, head_revision, upgrade_to_head
from storage.models import Base

EXPECTED_TABLES = {
    "creators",
    "chat_identities",
    "link_codes",
    "api_tokens",
    "content_pieces",
    "content_performance",
    "content_insights",
    "content_themes",
    "action_plans",
    "action_items",
    "conversations",
    "chat_messages",
    "deliveries",
}


def test_migrations_create_every_table(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert current_revision(db.engine) == head_revision()


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(db: Database) -> None:
    assert upgrade_to_head(db.engine) is False


def test_sqlite_runs_in_wal_mode_with_busy_timeout(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_sqlite_keeps_a_large_loads_pages_in_a_64_mb_cache(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -65_536
