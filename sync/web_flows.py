"""The web OAuth flows of Instagram and TikTok: a creator-bound consent address, then the code.

Both redirect to ``WHATSWORKING_PUBLIC_URL/oauth/<platform>/callback`` (the HTTP app); the CLI
uses the same flow and asks for the address the browser ends on. TikTok adds PKCE (S256);
Instagram Login does not support it, so its state alone binds the flow.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.connections import NewConnection
from storage.secrets import TokenCipher
from sync.adapter import Meter
from sync.http import JsonClient
from sync.instagram import client as ig
from sync.oauth_state import consume_state, new_state, new_verifier
from sync.tiktok import client as tt


def callback_url(public_url: str, platform: str) -> str:
    """Where the platform sends the creator back."""
    return f"{public_url.rstrip('/')}/oauth/{platform}/callback"


@dataclass(frozen=True)
class WebFlow:
    """Instagram's or TikTok's flow for one deployment."""

    platform: str
    client: ig.InstagramClient | tt.TikTokClient
    public_url: str

    @property
    def redirect_uri(self) -> str:
        """The callback registered with the platform's app."""
        return callback_url(self.public_url, self.platform)

    def start(
        self, session: Session, cipher: TokenCipher, creator_id: uuid.UUID, *, now: datetime
    ) -> str:
        """The consent address of a new flow bound to the creator."""
        verifier = new_verifier()
        state = new_state(session, cipher, creator_id, self.platform, verifier, now=now)
        if isinstance(self.client, tt.TikTokClient):
            return self.client.consent_url(self.redirect_uri, state, verifier)
        return self.client.consent_url(self.redirect_uri, state)

    def claim(
        self, session: Session, cipher: TokenCipher, state: str, *, now: datetime
    ) -> tuple[uuid.UUID, str]:
        """Use up the state; the creator and the verifier."""
        return consume_state(session, cipher, state, self.platform, now=now)

    def exchange(
        self, code: str, verifier: str, *, now: datetime
    ) -> tuple[str, str, str, dict[str, Any]]:
        """The code → tokens → the account they read, as a connection (creator filled later)."""
        meter = Meter()
        if isinstance(self.client, tt.TikTokClient):
            http = JsonClient("TikTok", tt.refusal, meter)
            try:
                document = tt.exchange_code(
                    http, self.client, code, self.redirect_uri, verifier, now
                )
                return _account(self.platform, document, _tiktok_user(http, self.client, document))
            finally:
                http.close()
        http = JsonClient("Instagram", ig.refusal, meter)
        try:
            document = ig.exchange_code(http, self.client, code, self.redirect_uri, now)
            return _account(self.platform, document, _instagram_user(http, self.client, document))
        finally:
            http.close()


def connection(creator_id: uuid.UUID, found: tuple[str, str, str, dict[str, Any]]) -> NewConnection:
    """What storage keeps of a finished flow."""
    platform, account_id, name, document = found
    scopes = tt.SCOPES if platform == "tiktok" else ig.SCOPES
    return NewConnection(creator_id, platform, account_id, name, document, scopes)


def _account(
    platform: str, document: dict[str, Any], user: tuple[str, str]
) -> tuple[str, str, str, dict[str, Any]]:
    return platform, user[0], user[1], document


def _instagram_user(
    http: JsonClient, client: ig.InstagramClient, document: dict[str, Any]
) -> tuple[str, str]:
    params = {"fields": "user_id,username", "access_token": document["access_token"]}
    body = http.call("GET", client.endpoints.api("me"), params=params).body
    return str(body.get("user_id") or document["user_id"]), str(body.get("username") or "")


def _tiktok_user(
    http: JsonClient, client: tt.TikTokClient, document: dict[str, Any]
) -> tuple[str, str]:
    headers = {"Authorization": f"Bearer {document['access_token']}"}
    params = {"fields": "open_id,display_name"}
    body = http.call("GET", client.endpoints.url("v2/user/info/"), headers=headers, params=params)
    user = (body.body.get("data") or {}).get("user") or {}
    return str(user.get("open_id") or document.get("open_id")), str(user.get("display_name") or "")
