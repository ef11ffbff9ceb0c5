"""/forgetme with Instagram and TikTok connected: TikTok's grant is revoked at TikTok
(/v2/oauth/revoke/), Instagram's tokens are deleted (Instagram Login has no revoke call), and
nothing of the creator is left. Through the real bootstrap's revoker, against the fakes."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.bootstrap import App, bootstrap
from bot.settings import load_settings
from storage.clock import FixedClock
from storage.creators import create_creator
from storage.models import Creator, PlatformConnection
from storage.secrets import TokenCipher, new_key
from sync import revocation
from tests.support.chat import Chat
from tests.support.fakes.instagram_server import FakeInstagram
from tests.support.fakes.tiktok_server import FakeTikTok
from tests.sync.helpers import START
from tests.sync.platforms import connect_instagram, connect_tiktok, fake_instagram, fake_tiktok


def test_forgetme_revokes_tiktok_and_deletes_every_token(database_url: str) -> None:
    clock, key = FixedClock(START), new_key()
    with fake_instagram(clock) as ig, fake_tiktok(clock) as tt:
        settings = load_settings(
            database_url=database_url,
            secret_key=key,
            instagram_client_id=ig.state.client_id,
            instagram_client_secret=ig.state.client_secret,
            instagram_base_url=ig.base_url,
            tiktok_client_key=tt.state.client_key,
            tiktok_client_secret=tt.state.client_secret,
            tiktok_base_url=tt.base_url,
        )
        app = bootstrap(settings, clock=clock)
        try:
            _forget_with_both_connected(app, ig, tt, clock, key)
        finally:
            app.close()
            revocation.install(None)  # bootstrap installed one for these fakes only


def _forget_with_both_connected(
    app: App, ig: FakeInstagram, tt: FakeTikTok, clock: FixedClock, key: str
) -> None:
    with app.db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=clock.now()).id
    cipher = TokenCipher(key)
    connect_instagram(app.db, ig, cipher, clock, age=timedelta(days=3), creator_id=creator_id)
    connect_tiktok(app.db, tt, cipher, clock, access_left=86_400, creator_id=creator_id)
    chat = Chat(app.agent(), app.db, "mia")
    instagram_calls = ig.calls()

    asked = chat.say("/forgetme")
    [confirm] = [b for b in asked.buttons if b.action.name == "forget" and "yes" in b.action.args]
    chat.press(confirm.action)

    assert tt.state.revoked and tt.calls("/v2/oauth/revoke/") == 1
    assert ig.calls() == instagram_calls  # no revoke endpoint to call
    with app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(PlatformConnection)) == 0
        assert session.get(Creator, creator_id) is None
