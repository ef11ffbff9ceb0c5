"""The token service on both databases, and `whatsworking api-token …` / `whatsworking api`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from sqlalchemy import select

from bot.cli import main
from storage import Database, InvalidInput, NotFound
from storage.api_tokens import authenticate, issue_token, list_tokens, revoke_token
from storage.creators import create_creator
from storage.models import ApiToken
from tests.support.ports import reserved_port

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_issue_authenticate_revoke(db: Database) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia", now=NOW).id
        bo = create_creator(session, "bo", now=NOW).id
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
        mia = create_creator(session, "mia", now=NOW).id
        bo = create_creator(session, "bo", now=NOW).id
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
        mia = create_creator(session, "mia", now=NOW).id
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


def test_api_command_binds_loopback_by_default_and_warns_when_it_does_not(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("bot.api.server.serve", lambda wired, **kwargs: calls.append(kwargs))
    code, out, _ = run(capsys, "api", "--db", sqlite_url)
    assert code == 0 and "reachable from other machines" not in out
    assert calls == [{"host": "127.0.0.1", "port": 8000, "access_log": True, "workers": 1}]
    code, out, _ = run(capsys, "api", "--host", "0.0.0.0", "--db", sqlite_url)
    assert code == 0 and "reachable from other machines" in out


def test_api_workers_serve_the_database_given_on_the_command_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    _, out, _ = run(capsys, "api-token", "create", "--creator", "mia", "--json", "--db", sqlite_url)
    token = json.loads(out)["token"]
    script = Path(sys.executable).parent / "whatsworking"
    with reserved_port() as port:
        argv = [str(script), "api", "--port", str(port), "--workers", "2", "--no-access-log"]
        server = subprocess.Popen([*argv, "--db", sqlite_url], stderr=subprocess.PIPE, text=True)
        try:
            listing = _first_answer(f"http://127.0.0.1:{port}/api/v1/action-plans", token, server)
            workers = [p for p in psutil.Process(server.pid).children() if _serves(p)]
        finally:
            server.send_signal(signal.SIGINT)
            _, log = server.communicate(timeout=60)
    # Each worker process builds its own app from the environment the command set for it.
    assert listing.status_code == 200, log[-2000:]
    assert listing.json()["plans"] == []
    assert len(workers) == 2, log[-2000:]
    assert server.returncode == 0, log[-2000:]


def _serves(process: psutil.Process) -> bool:
    """True for a uvicorn worker (not multiprocessing's resource tracker)."""
    return "spawn_main" in " ".join(process.cmdline())


def _first_answer(url: str, token: str, server: subprocess.Popen[str]) -> httpx.Response:
    """The first answer ``url`` gives once the server listens (it takes a while to start)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"the API never answered on {url} (exit code {server.poll()})")
