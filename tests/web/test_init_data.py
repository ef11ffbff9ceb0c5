"""Telegram's initData check, against the scheme Telegram documents (no browser needed)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from bot.web.telegram_auth import InvalidInitData, validate_init_data
from tests.api.world import NOW
from tests.web.browser import BOT_TOKEN, init_data

USER = {"id": 424242, "first_name": "Mia"}


def signed_by_hand(fields: dict[str, str], token: str = BOT_TOKEN) -> str:
    """The documented recipe written out, independent of the code under test."""
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    digest = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def fields(**overrides: str) -> dict[str, str]:
    """initData fields signed at NOW."""
    return {
        "auth_date": str(int(NOW.timestamp())),
        "query_id": "AAH",
        "user": json.dumps(USER),
        **overrides,
    }


def test_initdata_signed_as_telegram_documents_names_its_user() -> None:
    user = validate_init_data(signed_by_hand(fields()), BOT_TOKEN, now=NOW)
    assert (user.id, user.first_name) == (424242, "Mia")
    assert validate_init_data(init_data(7, NOW), BOT_TOKEN, now=NOW + timedelta(minutes=59)).id == 7


@pytest.mark.parametrize(
    "data",
    [
        signed_by_hand(fields(), token="999:another-bot"),
        signed_by_hand(fields()).replace("Mia", "Bob"),
        signed_by_hand(fields()).replace("hash=", "hash=0"),
        urlencode(fields()),  # no hash at all
        signed_by_hand(fields()) + "&user=" + json.dumps({"id": 1}),  # a second user field
        "",
        "%%%",
        "x" * 5000,
    ],
    ids=["other bot", "tampered", "bad hash", "no hash", "duplicate key", "empty", "junk", "huge"],
)
def test_initdata_not_signed_by_this_bot_is_refused(data: str) -> None:
    with pytest.raises(InvalidInitData):
        validate_init_data(data, BOT_TOKEN, now=NOW)


@pytest.mark.parametrize(
    "signed_at",
    [NOW - timedelta(hours=1, seconds=1), NOW - timedelta(days=30), NOW + timedelta(minutes=6)],
    ids=["an hour old", "a month old", "from the future"],
)
def test_initdata_that_is_not_fresh_is_refused(signed_at: object) -> None:
    data = signed_by_hand(fields(auth_date=str(int(signed_at.timestamp()))))  # type: ignore[attr-defined]
    with pytest.raises(InvalidInitData):
        validate_init_data(data, BOT_TOKEN, now=NOW)


@pytest.mark.parametrize(
    "user",
    ['{"first_name": "no id"}', '{"id": "7"}', '{"id": true}', '{"id": -5}', "not json", ""],
)
def test_initdata_without_a_proper_user_is_refused(user: str) -> None:
    with pytest.raises(InvalidInitData):
        validate_init_data(signed_by_hand(fields(user=user)), BOT_TOKEN, now=NOW)
