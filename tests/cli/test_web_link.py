"""`whatsworking web-link`: one sign-in link, at the public URL, that works once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from storage import open_database
from storage.creators import find_creator
from storage.web_sessions import redeem_sign_in
from tests.support.cli import run


def test_web_link_prints_a_single_use_link_at_the_public_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("WHATSWORKING_PUBLIC_URL", "https://dash.example.com/")
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, out, _ = run(capsys, "web-link", "--creator", "mia", "--json", "--db", sqlite_url)
    assert code == 0
    printed = json.loads(out)
    parts = urlsplit(printed["url"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "dash.example.com", "/web/sign-in")
    token = parse_qs(parts.query)["t"][0]
    before_expiry = datetime.fromisoformat(printed["expires_at"]) - timedelta(seconds=1)
    db = open_database(sqlite_url)
    try:
        with db.unit_of_work() as session:
            mia = find_creator(session, "mia")
            assert mia is not None
            assert redeem_sign_in(session, token, now=before_expiry) == mia.id
            assert redeem_sign_in(session, token, now=before_expiry) is None
    finally:
        db.dispose()


def test_without_a_public_url_the_link_points_at_the_local_api(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.delenv("WHATSWORKING_PUBLIC_URL", raising=False)
    monkeypatch.setenv("WHATSWORKING_WEB_PORT", "8123")
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, out, _ = run(capsys, "web-link", "--db", sqlite_url)
    assert code == 0
    assert "http://127.0.0.1:8123/web/sign-in?t=" in out
    assert "whatsworking api" in out
    code, _, err = run(capsys, "web-link", "--creator", "nobody", "--db", sqlite_url)
    assert code == 2 and "no creator with handle 'nobody'" in err
