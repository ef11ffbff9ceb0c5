"""TikTok's endpoints, its OAuth v2 client (PKCE), tokens and error bodies.

Access tokens last about a day (``expires_in`` 86400), refresh tokens a year; the adapter
refreshes the access token when less than ``REFRESH_WITHIN`` is left, so the hourly syncs keep
it fresh. Every Display API answer carries ``{"error": {"code": "ok" | …}}``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sync.errors import GrantRevoked, RateLimited, SyncFailure
from sync.http import JsonClient

SCOPES = ("user.info.basic", "video.list")
REFRESH_WITHIN = timedelta(hours=2)
DEAD_TOKEN_CODES = {"access_token_invalid", "scope_not_authorized", "invalid_grant"}


@dataclass(frozen=True)
class TikTokEndpoints:
    """Where TikTok lives (or the fake, in tests)."""

    authorize: str = "https://www.tiktok.com/v2/auth/authorize/"
    api: str = "https://open.tiktokapis.com"

    @classmethod
    def at(cls, base_url: str) -> TikTokEndpoints:
        """Every endpoint under one base URL (WHATSWORKING_TIKTOK_BASE_URL, the fake)."""
        base = base_url.rstrip("/")
        return cls(f"{base}/v2/auth/authorize/", base)

    def url(self, path: str) -> str:
        """An Open API address (``v2/video/list/``)."""
        return f"{self.api}/{path.lstrip('/')}"


@dataclass(frozen=True)
class TikTokClient:
    """The TikTok app of the developer portal (its secret never shows in a repr)."""

    client_key: str
    client_secret: str = field(repr=False)
    endpoints: TikTokEndpoints = field(default_factory=TikTokEndpoints)

    def consent_url(self, redirect_uri: str, state: str, verifier: str) -> str:
        """The consent page, with a PKCE S256 challenge of ``verifier``."""
        query = {
            "client_key": self.client_key,
            "response_type": "code",
            "scope": ",".join(SCOPES),
            "redirect_uri": redirect_uri,
            "state": state,
            "code_challenge": challenge(verifier),
            "code_challenge_method": "S256",
        }
        return f"{self.endpoints.authorize}?{urlencode(query)}"


def challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def refusal(status: int, body: dict[str, Any]) -> SyncFailure:
    """A TikTok error body (OAuth or Open API) as the runner's kind of failure."""
    found = body.get("error")
    code = found.get("code") if isinstance(found, dict) else found
    if code in DEAD_TOKEN_CODES or status == 401:
        return GrantRevoked("the TikTok access was revoked or has expired")
    if code == "rate_limit_exceeded" or status == 429:
        return RateLimited("TikTok's rate limit was reached", timedelta(minutes=5))
    return SyncFailure(f"TikTok refused a request ({code}, HTTP {status})")


def exchange_code(
    http: JsonClient,
    client: TikTokClient,
    code: str,
    redirect_uri: str,
    verifier: str,
    now: datetime,
) -> dict[str, Any]:
    """The authorization code (with its PKCE verifier) → the token document to store."""
    form = {
        "client_key": client.client_key,
        "client_secret": client.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    return _token(http, client, form, now)


def refresh_if_due(
    http: JsonClient, client: TikTokClient, document: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The document, with a new access token when the current one ends within REFRESH_WITHIN."""
    if datetime.fromisoformat(document["refresh_expires_at"]) <= now:
        raise GrantRevoked("the TikTok access expired (a year without reconnecting)")
    if datetime.fromisoformat(document["expires_at"]) - now > REFRESH_WITHIN:
        return document
    form = {
        "client_key": client.client_key,
        "client_secret": client.client_secret,
        "grant_type": "refresh_token",
        "refresh_token": document["refresh_token"],
    }
    return _token(http, client, form, now)


def revoke(http: JsonClient, client: TikTokClient, document: dict[str, Any]) -> bool:
    """Revoke the grant at TikTok; False when it was already gone."""
    form = {
        "client_key": client.client_key,
        "client_secret": client.client_secret,
        "token": document["access_token"],
    }
    try:
        http.call("POST", client.endpoints.url("v2/oauth/revoke/"), data=form)
    except GrantRevoked:
        return False
    return True


def _token(
    http: JsonClient, client: TikTokClient, form: dict[str, str], now: datetime
) -> dict[str, Any]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    body = http.call(
        "POST", client.endpoints.url("v2/oauth/token/"), data=form, headers=headers
    ).body
    if "access_token" not in body:
        raise refusal(400, body)
    return {
        "access_token": body["access_token"],
        "refresh_token": body["refresh_token"],
        "open_id": body.get("open_id"),
        "scope": body.get("scope"),
        "expires_at": (now + timedelta(seconds=int(body["expires_in"]))).isoformat(),
        "refresh_expires_at": (
            now + timedelta(seconds=int(body["refresh_expires_in"]))
        ).isoformat(),
    }
