"""`whatsworking digest` and `whatsworking reminders list`, run on the test's clock (app_clock)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest

from storage import open_database
from storage.clock import FixedClock
from tests.scheduler.helpers import add_plan, new_creator
from tests.support.cli import run
from tests.support.fakes.botapi_server import BotApiServer


def _setup(url: str, now: datetime, *, telegram: int | None = None) -> None:
    """A creator with an overdue item and one due in three days (relative to ``now``)."""
    db = open_database(url)
    try:
        mia = new_creator(db, "mia", telegram=telegram)
        late = (now - timedelta(days=2)).date().isoformat()
        soon = (now + timedelta(days=3)).date().isoformat()
        add_plan(db, mia, [f"Late one|{late}", f"Soon one|{soon}"], now=now - timedelta(days=5))
    finally:
        db.dispose()


def test_digest_prints_what_is_due(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, app_clock: FixedClock
) -> None:
    _setup(sqlite_url, app_clock.now())
    code, out, _ = run(capsys, "digest", "--db", sqlite_url)
    assert code == 0
    assert "Your daily digest" in out and "Overdue: 1" in out and "Late one" in out
    code, out, _ = run(capsys, "digest", "--json", "--db", sqlite_url)
    facts = json.loads(out)
    assert [d["ref"] for d in facts["overdue"]] == ["1.1"]
    assert facts["plans"][0]["total_items"] == 2


def test_reminders_list_says_what_is_scheduled_and_why(
    capsys: pytest.CaptureFixture[str], database_url: str, app_clock: FixedClock
) -> None:
    _setup(database_url, app_clock.now())
    code, out, _ = run(capsys, "reminders", "list", "--json", "--db", database_url)
    assert code == 0
    listed = json.loads(out)
    soon = [e for e in listed if "1.2" in e["why"]]
    assert next(e["why"].split(" 1.2")[0] for e in soon) == "the day before"
    assert all(e["status"] == "not sent: no chat account linked" for e in listed)
    assert {e["kind"] for e in listed} >= {"reminder", "digest"}
    code, out, _ = run(capsys, "reminders", "list", "--days", "2", "--db", database_url)
    assert code == 0 and "Scheduled for mia" in out and "Europe/Berlin" in out


def test_digest_send_without_a_bot_token_exits_2(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    app_clock: FixedClock,
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    _setup(sqlite_url, app_clock.now(), telegram=42)
    code, _, err = run(capsys, "digest", "--send", "--db", sqlite_url)
    assert code == 2 and "TELEGRAM_BOT_TOKEN" in err


async def test_digest_send_delivers_to_the_linked_chat(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    botapi: BotApiServer,
    app_clock: FixedClock,
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", botapi.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", botapi.base_url)
    _setup(sqlite_url, app_clock.now(), telegram=42)
    code, out, _ = await asyncio.to_thread(run, capsys, "digest", "--send", "--db", sqlite_url)
    assert code == 0 and "Sent to telegram:42" in out
    photo, *_ = botapi.bot_messages(42)
    assert photo.kind == "photo" and photo.text.startswith("Your daily digest")
    botapi.assert_no_violations()
