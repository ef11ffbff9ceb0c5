"""bench.write_split names the table each statement writes and the owner of each logged page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.write_split import log_pages_by_table, table_of


def test_a_statement_is_named_by_the_table_it_writes() -> None:
    assert table_of('INSERT INTO dashboard_day_cells ("day", "platform") VALUES (?, ?)') == (
        "dashboard_day_cells"
    )
    assert table_of("UPDATE content_performance SET performance_score = ?") == (
        "content_performance"
    )
    assert table_of("  delete from content_insights WHERE id IN (?)") == "content_insights"
    assert table_of("SELECT creators.timezone FROM creators") == "(other)"


def test_the_logged_pages_are_counted_by_the_table_or_index_that_owns_them(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "pages.db")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY, note TEXT)")
        connection.execute("CREATE TABLE written (id INTEGER PRIMARY KEY, note TEXT)")
        connection.execute("CREATE INDEX ix_written_note ON written (note)")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log starts again below
        rows = [(i, f"note {i:05d} " + "x" * 200) for i in range(400)]
        connection.executemany("INSERT INTO written VALUES (?, ?)", rows)
    pages = log_pages_by_table(path)
    assert pages["written"] > 10 and pages["ix_written_note"] > 10
    assert "kept" not in pages
