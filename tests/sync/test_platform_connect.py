"""Connecting Instagram from chat and TikTok from the CLI, end to end against the fakes."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.api import create_app
from bot.bootstrap import bootstrap
from bot.settings import load_settings
from storage import open_database
from storage.clock import FixedClock
from storage.connections import list_connections
from storage.creators import create_creator
from storage.models import PlatformConnection
from storage.secrets import new_key
from tests.support.chat import Chat
from tests.sync.helpers import START
from tests.sync.platforms import fake_instagram, fake_tiktok
from tests.sync.test_cli_connect import run

PUBLIC = "https://bot.example.com"


def test_connect_in_chat_offers_each_platform_and_instagram_lands_on_its_callback(
    database_url: str,
) -> None:
    clock = FixedClock(START)
    with fake_instagram(clock) as ig, fake_tiktok(clock) as tt:
        settings = load_settings(
            database_url=database_url,
            secret_key=new_key(),
            instagram_client_id=ig.state.client_id,
            instagram_client_secret=ig.state.client_secret,
            instagram_base_url=ig.base_url,
            tiktok_client_key=tt.state.client_key,
            tiktok_client_secret=tt.state.client_secret,
            tiktok_base_url=tt.base_url,
            public_url=PUBLIC,
        )
        app = bootstrap(settings, clock=clock)
        with app.db.unit_of_work() as session:
            create_creator(session, "mia", now=clock.now())
        chat = Chat(app.agent(), app.db, "mia")

        offer = chat.say("/connect")
        button = next(b for b in offer.buttons if "Instagram" in b.label)
        assert {b.label for b in offer.buttons} == {"Connect Instagram", "Connect TikTok"}
        assert button.url is not None
        back = httpx.get(button.url)
        callback = httpx.URL(back.headers["location"])
        assert str(callback).startswith(PUBLIC + "/oauth/instagram/callback")
        web = TestClient(create_app(app))

        page = web.get(callback.raw_path.decode())
        again = web.get(callback.raw_path.decode())

        assert page.status_code == 200 and "mia.makes" in page.text
        assert again.status_code == 400  # the state is single-use
        with app.db.read() as session:
            [connection] = list_connections(session, chat.creator_id)
        assert connection.platform == "instagram" and connection.account_id == ig.state.user_id
        assert ig.calls("/access_token") == 2  # the short-lived code exchange, then long-lived
        app.close()


def test_connect_tiktok_from_the_command_line_then_sync_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FixedClock(START)
    key = new_key()
    with fake_tiktok(clock) as tt:
        tt.state.add_videos(30, START - timedelta(days=30), timedelta(days=1))
        env = {
            "WHATSWORKING_SECRET_KEY": key,
            "TIKTOK_CLIENT_KEY": tt.state.client_key,
            "TIKTOK_CLIENT_SECRET": tt.state.client_secret,
            "WHATSWORKING_TIKTOK_BASE_URL": tt.base_url,
            "WHATSWORKING_PUBLIC_URL": PUBLIC,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert run(capsys, "creators", "add", "mia", "--db", database_url)[0] == 0

        def consent(prompt: str) -> str:
            printed = capsys.readouterr().out
            address = next(w for w in printed.split() if w.startswith(tt.base_url))
            return httpx.get(address).headers["location"]

        monkeypatch.setattr("typer.prompt", consent)
        code, out, _ = run(capsys, "connect", "tiktok", "--db", database_url)
        assert code == 0 and "Mia Makes" in out
        code, out, _ = run(capsys, "sync", "--platform", "tiktok", "--db", database_url)
        assert code == 0 and "30 new" in out
        code, out, _ = run(capsys, "connections", "list", "--json", "--db", database_url)
        assert code == 0 and '"tiktok"' in out
        code, out, _ = run(capsys, "disconnect", "tiktok", "--db", database_url)
        assert code == 0 and "revoked at TikTok" in out and tt.state.revoked
    db = open_database(database_url)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(PlatformConnection)) == 0
    db.dispose()
