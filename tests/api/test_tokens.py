"""The token service on both databases, and `whatsworking api-token …` / `whatsworking api`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.api.server import DATABASE_URL_VARIABLE, FACTORY, app_from_environment, serve
from bot.bootstrap import bootstrap
from bot.cli import main
from bot.settings import load_settings
from storage import Database, InvalidInput, NotFound
from storage.api_tokens import authenticate, issue_token, list_tokens, revoke_token
from storage.creators import create_creator
from storage.models import ApiToken

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_issue_authenticate_revoke(db: Database) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia").id
        bo = create_creator(session, "bo").id
        laptop = issue_token(session, mia, name="laptop", now=NOW)
        ci = issue_token(session, mia, name="ci", now=NOW + timedelta(minutes=1))
        issue_token(session, bo, now=NOW)
    with db.unit_of_work() as session:
        assert authenticate(session, laptop.token, now=NOW) == mia
        assert authenticate(session, laptop.token[:-1], now=NOW) is None
        stored = session.scalars(select(ApiToken.token_hash)).all()
        assert laptop.token not in stored and all(len(h) == 64 for h in stored)
        assert [t.name for t in list_tokens(session, mia)] == ["ci", "laptop"]
    with db.unit_of_work() as session:
        view, changed = revoke_token(session, mia, laptop.id.hex[:8], now=NOW)
        assert changed and not view.active
    with db.unit_of_work() as session:
        assert authenticate(session, laptop.token, now=NOW) is None
        assert authenticate(session, ci.token, now=NOW) == mia
        assert revoke_token(session, mia, str(laptop.id), now=NOW)[1] is False


def test_revoke_is_scoped_and_checks_the_id(db: Database) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia").id
        bo = create_creator(session, "bo").id
        bos = issue_token(session, bo, now=NOW)
    with db.unit_of_work() as session, pytest.raises(NotFound):
        revoke_token(session, mia, bos.id.hex, now=NOW)
    with db.unit_of_work() as session, pytest.raises(InvalidInput, match="at least 8"):
        revoke_token(session, bo, bos.id.hex[:5], now=NOW)
    with db.unit_of_work() as session:
        assert authenticate(session, bos.token, now=NOW) == bo


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_token_names_are_checked(db: Database, name: str) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia").id
        with pytest.raises(InvalidInput):
            issue_token(session, mia, name=name, now=NOW)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_token_cli_create_list_revoke(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, out, _ = run(
        capsys, "api-token", "create", "--creator", "mia", "--json", "--db", sqlite_url
    )
    assert code == 0
    issued = json.loads(out)
    assert issued["token"].startswith("ww_") and issued["creator"] == "mia"
    code, out, _ = run(capsys, "api-token", "list", "--creator", "mia", "--db", sqlite_url)
    assert code == 0 and issued["token"] not in out and issued["id"].replace("-", "")[:8] in out
    code, out, _ = run(
        capsys, "api-token", "revoke", issued["id"][:8], "--creator", "mia", "--db", sqlite_url
    )
    assert code == 0 and "Revoked" in out
    _, out, _ = run(capsys, "api-token", "list", "--creator", "mia", "--json", "--db", sqlite_url)
    assert [t["active"] for t in json.loads(out)] == [False]


def test_token_cli_unknown_creator_exits_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, _, err = run(capsys, "api-token", "create", "--creator", "nobody", "--db", sqlite_url)
    assert code == 2 and "no creator with handle 'nobody'" in err


def test_api_command_binds_loopback_by_default(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("bot.api.server.serve", lambda wired, **kwargs: calls.append(kwargs))
    code, out, _ = run(capsys, "api", "--db", sqlite_url)
    assert code == 0
    assert calls == [{"host": "127.0.0.1", "port": 8000, "access_log": True, "workers": 1}]
    code, out, _ = run(capsys, "api", "--host", "0.0.0.0", "--port", "9000", "--db", sqlite_url)
    assert code == 0 and "reachable from other machines" in out
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9000


def test_workers_build_their_app_from_the_environment(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: runs.append((app, kwargs)))
    monkeypatch.setenv(DATABASE_URL_VARIABLE, "sqlite:///replaced-by-serve.db")  # restored after
    wired = bootstrap(load_settings(), database_url=sqlite_url)
    try:
        serve(wired, host="127.0.0.1", port=8001, workers=3)
    finally:
        wired.close()
    ((target, kwargs),) = runs
    assert target == FACTORY and kwargs["factory"] is True and kwargs["workers"] == 3
    assert os.environ[DATABASE_URL_VARIABLE] == sqlite_url
    worker_app = app_from_environment()
    with TestClient(worker_app) as client:
        assert client.get("/healthz").json()["status"] == "ok"
    worker_app.state.wired.close()
