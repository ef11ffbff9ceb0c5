"""Telegram Mini App ``initData``: validated with Telegram's documented HMAC-SHA-256 scheme.

secret_key = HMAC_SHA256(key="WebAppData", msg=bot_token); the data-check-string is every
received field but ``hash``, as ``key=value``, sorted by key and joined by newlines; the field
``hash`` must equal hex(HMAC_SHA256(key=secret_key, msg=data_check_string)). ``auth_date`` must
be recent by the injected clock, so a copied initData stops working.
See https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

# Telegram's initData is a few hundred bytes; anything far larger is not from Telegram.
MAX_INIT_DATA_BYTES = 4096
MAX_AGE = timedelta(hours=1)
# A client clock a little ahead of ours is not an attack.
FUTURE_SLACK = timedelta(minutes=5)


class InvalidInitData(Exception):
    """initData that is malformed, wrongly signed or too old (the client is not told which)."""


@dataclass(frozen=True)
class TelegramUser:
    """The Telegram user a valid initData names."""

    id: int
    first_name: str


def data_check_string(fields: dict[str, str]) -> str:
    """Every field but ``hash``, ``key=value``, sorted by key, one per line."""
    return "\n".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "hash")


def sign(fields: dict[str, str], bot_token: str) -> str:
    """The hex ``hash`` Telegram puts on these fields for this bot."""
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def validate_init_data(
    init_data: str, bot_token: str, *, now: datetime, max_age: timedelta = MAX_AGE
) -> TelegramUser:
    """The user of a genuine, fresh initData; InvalidInitData otherwise."""
    if not init_data or len(init_data.encode()) > MAX_INIT_DATA_BYTES:
        raise InvalidInitData("initData is empty or too long")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InvalidInitData("initData is not a query string") from None
    fields = dict(pairs)
    if len(fields) != len(pairs) or not hmac.compare_digest(
        fields.get("hash", ""), sign(fields, bot_token)
    ):
        raise InvalidInitData("initData is not signed by this bot")
    _check_fresh(fields.get("auth_date", ""), now, max_age)
    return _user(fields.get("user", ""))


def _check_fresh(auth_date: str, now: datetime, max_age: timedelta) -> None:
    if not auth_date.isdigit() or len(auth_date) > 12:
        raise InvalidInitData("auth_date is missing")
    signed_at = datetime.fromtimestamp(int(auth_date), UTC)
    if not now - max_age <= signed_at <= now + FUTURE_SLACK:
        raise InvalidInitData("initData is too old")


def _user(raw: str) -> TelegramUser:
    try:
        user = json.loads(raw)
        user_id = user["id"]
    except (ValueError, TypeError, KeyError):
        raise InvalidInitData("initData names no user") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InvalidInitData("initData names no user")
    name = user.get("first_name")
    return TelegramUser(user_id, name if isinstance(name, str) else "")
