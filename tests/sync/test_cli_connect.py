"""The CLI end to end: connect through the fake consent page and token endpoint, list, sync,
rotate the key, disconnect."""

from __future__ import annotations

import json
import threading
import webbrowser
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from bot.cli import main
from storage import open_database
from storage.connections import list_connections
from storage.secrets import TokenCipher, new_key
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START

BROWSER = "whatsworking-fake-consent"


class ConsentingBrowser(webbrowser.BaseBrowser):
    """A 'browser' that opens the consent page over HTTP and follows Google's redirect back."""

    def __init__(self) -> None:
        super().__init__(BROWSER)
        self.visited: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.visited.append(url)
        threading.Thread(
            target=httpx.get, args=(url,), kwargs={"follow_redirects": True}, daemon=True
        ).start()
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def google(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.add_videos(75, start=START - timedelta(days=400), every=timedelta(days=5))
        monkeypatch.setenv("GOOGLE_CLIENT_ID", fake.state.client_id)
        monkeypatch.setenv("GOOGLE_CLIENT_SECRET", fake.state.client_secret)
        monkeypatch.setenv("WHATSWORKING_GOOGLE_BASE_URL", fake.base_url)
        # oauthlib insists on https; the fake speaks plain HTTP on 127.0.0.1.
        monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
        yield fake


@pytest.fixture
def browser() -> ConsentingBrowser:
    instance = ConsentingBrowser()
    webbrowser.register(BROWSER, None, instance)
    return instance


def test_connect_list_sync_rotate_and_disconnect_from_the_command_line(
    capsys: pytest.CaptureFixture[str],
    database_url: str,
    google: FakeGoogle,
    browser: ConsentingBrowser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old_key = new_key()
    monkeypatch.setenv("WHATSWORKING_SECRET_KEY", old_key)
    run(capsys, "creators", "add", "mia", "--db", database_url)

    code, out, err = run(capsys, "connect", "youtube", "--browser", BROWSER, "--db", database_url)

    assert code == 0, err
    assert "Fake Channel" in out
    consent = httpx.URL(browser.visited[0])
    assert consent.params["code_challenge_method"] == "S256"
    assert set(consent.params["scope"].split()) == {
        "https://www.googleapis.com/auth/youtube.readonly",
        "https://www.googleapis.com/auth/yt-analytics.readonly",
    }
    [grant] = google.state.grants
    database = open_database(database_url)
    with database.read() as session:
        [connection] = list_connections(session, _creator_id(session))
        sealed = bytes(connection.token_ciphertext)
    assert grant.encode() not in sealed  # a dump alone reveals nothing

    code, out, err = run(capsys, "sync", "--db", database_url)
    assert code == 0, err
    assert "75 new" in out

    code, out, _ = run(capsys, "connections", "list", "--json", "--db", database_url)
    [listed] = json.loads(out)
    # The first sync is a full one: channel 1 + 2 playlist pages + 2 videos.list batches.
    assert listed["account"] == "Fake Channel" and listed["units_used_total"] == 5

    new = new_key()
    monkeypatch.setenv("WHATSWORKING_SECRET_KEY", f"{new},{old_key}")
    code, out, _ = run(capsys, "secrets", "rotate", "--db", database_url)
    assert code == 0 and "1 stored token" in out
    with database.read() as session:
        [connection] = list_connections(session, _creator_id(session))
        assert TokenCipher(new).open(connection.token_ciphertext)["refresh_token"] == grant

    code, out, err = run(capsys, "disconnect", "youtube", "--db", database_url)
    assert code == 0, err
    assert "revoked at Google" in out
    assert google.state.grants[grant].revoked
    with database.read() as session:
        assert list_connections(session, _creator_id(session)) == []
    database.dispose()


def test_connect_without_a_secret_key_says_which_variable_is_missing(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    google: FakeGoogle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WHATSWORKING_SECRET_KEY", raising=False)
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)

    code, _, err = run(capsys, "connect", "youtube", "--db", sqlite_url)

    assert code == 2 and "WHATSWORKING_SECRET_KEY" in err


def _creator_id(session):  # type: ignore[no-untyped-def]
    from storage.creators import resolve_creator

    return resolve_creator(session, None).id
