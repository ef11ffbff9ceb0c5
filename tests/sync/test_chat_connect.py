"""/connect and /sync in chat: a button to the fake consent page, the redirect to the HTTP app's
callback, a single-use state bound to the creator, and PKCE."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from bot.api import create_app
from bot.bootstrap import bootstrap
from bot.settings import load_settings
from bot.telegram.render import build_keyboard
from storage.clock import FixedClock
from storage.connections import list_connections
from storage.creators import create_creator
from storage.secrets import new_key
from tests.support.chat import Chat
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START

PUBLIC = "https://bot.example.com"


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    # oauthlib insists on https; the fake speaks plain HTTP on 127.0.0.1.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with FakeGoogle() as fake:
        yield fake


def _settings(google: FakeGoogle, database_url: str):  # type: ignore[no-untyped-def]
    return load_settings(
        database_url=database_url,
        secret_key=new_key(),
        google_client_id=google.state.client_id,
        google_client_secret=google.state.client_secret,
        google_base_url=google.base_url,
        public_url=PUBLIC,
    )


def test_connect_in_chat_lands_on_the_callback_and_stores_the_connection(
    database_url: str, google: FakeGoogle
) -> None:
    app = bootstrap(_settings(google, database_url), clock=FixedClock(START))
    with app.db.unit_of_work() as session:
        create_creator(session, "mia", now=START)
    chat = Chat(app.agent(), app.db, "mia")

    reply = chat.say("/connect")

    [button] = reply.buttons
    assert button.url is not None and button.url.startswith(google.base_url)
    consent = httpx.URL(button.url)
    assert consent.params["redirect_uri"] == PUBLIC + "/oauth/google/callback"
    assert consent.params["code_challenge_method"] == "S256"
    keyboard = build_keyboard(reply.buttons, "key", b"secret")
    assert keyboard is not None and keyboard.inline_keyboard[0][0].url == button.url
    back = httpx.get(button.url)  # the fake consents at once and redirects back
    assert back.status_code == 302
    callback = httpx.URL(back.headers["location"])
    web = TestClient(create_app(app))

    page = web.get(callback.raw_path.decode())
    again = web.get(callback.raw_path.decode())

    assert page.status_code == 200 and "Fake Channel" in page.text
    assert again.status_code == 400  # the state is single-use
    with app.db.read() as session:
        [connection] = list_connections(session, chat.creator_id)
    assert connection.account_name == "Fake Channel" and connection.catalogue_ref
    assert "Syncing now" in chat.say("/sync").plain_text()
    app.close()


def test_a_forged_state_connects_nobody(database_url: str, google: FakeGoogle) -> None:
    app = bootstrap(_settings(google, database_url), clock=FixedClock(START))
    web = TestClient(create_app(app))

    page = web.get("/oauth/google/callback", params={"state": "forged", "code": "4/x"})

    assert page.status_code == 400 and "unknown, used or expired" in page.text
    assert google.state.calls("/token") == 0
    app.close()


def test_connect_without_google_configured_says_what_the_operator_must_set(
    database_url: str,
) -> None:
    app = bootstrap(load_settings(database_url=database_url), clock=FixedClock(START))
    with app.db.unit_of_work() as session:
        create_creator(session, "mia", now=START)

    reply = Chat(app.agent(), app.db, "mia").say("/connect")

    assert "GOOGLE_CLIENT_ID" in reply.plain_text() and not reply.buttons
    app.close()


async def test_discord_renders_a_link_button_that_sends_nothing_back() -> None:
    from discord import ButtonStyle

    from bot.discord.buttons import build_view, layout_buttons
    from context.reply import Action, Button

    rows = layout_buttons(
        [Button("Connect YouTube", Action("connect", ("youtube",)), url="https://x.test/c")],
        "key",
        b"secret",
    )
    [[spec]] = rows
    view = build_view(rows)

    assert spec.style is ButtonStyle.link and spec.url == "https://x.test/c"
    assert view is not None and view.children[0].url == "https://x.test/c"  # type: ignore[attr-defined]
