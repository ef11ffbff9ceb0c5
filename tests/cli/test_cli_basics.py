"""The CLI's foundation commands and its bad-input contract: one line on stderr, exit 2."""

from __future__ import annotations

import json

import pytest

from storage.migrate import head_revision
from tests.support.cli import run


def test_add_and_list_creators(capsys: pytest.CaptureFixture[str], database_url: str) -> None:
    code, out, _ = run(
        capsys, "creators", "add", "mia", "--timezone", "Europe/Berlin", "--db", database_url
    )
    assert code == 0 and "mia" in out
    code, out, _ = run(capsys, "creators", "list", "--json", "--db", database_url)
    assert code == 0
    rows = json.loads(out)
    assert [(r["handle"], r["timezone"]) for r in rows] == [("mia", "Europe/Berlin")]


def test_duplicate_handle_exits_2(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, _, err = run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    assert code == 2
    assert err.strip() == "error: a creator with handle 'mia' already exists"


def test_invalid_timezone_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, _, err = run(
        capsys, "creators", "add", "bo", "--timezone", "Mars/Base", "--db", sqlite_url
    )
    assert code == 2 and "unknown timezone 'Mars/Base'" in err
    _, out, _ = run(capsys, "creators", "list", "--json", "--db", sqlite_url)
    assert json.loads(out) == []


def test_unreachable_database_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://someone:secret@127.0.0.1:1/nowhere"
    code, _, err = run(capsys, "creators", "list", "--db", url)
    assert code == 2
    assert "cannot reach the database" in err
    assert "secret" not in err
    assert len(err.strip().splitlines()) == 1


def test_invalid_configuration_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WHATSWORKING_LOG_LEVEL", "loud")
    code, _, err = run(capsys, "creators", "list")
    assert code == 2
    assert "WHATSWORKING_LOG_LEVEL" in err


def test_db_upgrade_reports_revision(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    head = head_revision()
    code, out, _ = run(capsys, "db", "upgrade", "--db", sqlite_url)
    assert code == 0 and f"upgraded to revision {head}" in out
    code, out, _ = run(capsys, "db", "upgrade", "--db", sqlite_url)
    assert code == 0 and f"already at revision {head}" in out


def test_help_lists_working_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "creators" in out and "db" in out
