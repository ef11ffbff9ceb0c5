"""Connecting a YouTube account: Google's installed-app flow (CLI) and web flow (chat).

Both ask for youtube.readonly and yt-analytics.readonly only, offline access (a refresh token)
and PKCE (S256). The web flow's ``state`` is single-use, bound to the creator, expires in ten
minutes, and is stored only as a hash beside its encrypted PKCE verifier.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from google_auth_oauthlib.flow import Flow, InstalledAppFlow
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.connections import NewConnection
from storage.errors import InvalidInput
from storage.models import OAuthState
from storage.secrets import TokenCipher
from sync.adapter import Meter
from sync.youtube.client import SCOPES, GoogleClient, credentials, execute, services, token_document

STATE_LIFETIME = timedelta(minutes=10)
CALLBACK_PATH = "/oauth/google/callback"
PLATFORM = "youtube"
PROMPT = "Open this address to let whatsworking read your channel:\n{url}"


@dataclass(frozen=True)
class Account:
    """The channel a grant belongs to."""

    id: str
    name: str
    uploads: str


def connect_installed_app(
    client: GoogleClient, *, browser: str | None, open_browser: bool, timeout: int = 300
) -> dict[str, Any]:
    """Run the loopback flow (a local redirect server on 127.0.0.1); the token document."""
    flow = InstalledAppFlow.from_client_config(client.config(["http://127.0.0.1"]), list(SCOPES))
    creds = flow.run_local_server(
        host="127.0.0.1",
        port=0,
        open_browser=open_browser,
        browser=browser,
        timeout_seconds=timeout,
        access_type="offline",
        prompt="consent",
        authorization_prompt_message=PROMPT,
        success_message="whatsworking can now read your channel; you can close this tab.",
    )
    return token_document(creds)


def describe_account(client: GoogleClient, document: dict[str, Any], meter: Meter) -> Account:
    """The channel the grant reads (channels.list mine=true: 1 quota unit)."""
    youtube, _ = services(client, credentials(client, document))
    meter.units += 1
    meter.calls += 1
    answer = execute(youtube.channels().list(part="snippet,contentDetails", mine=True))
    items = answer.get("items") or []
    if not items:
        raise InvalidInput("this Google account has no YouTube channel to connect")
    channel = items[0]
    uploads = channel["contentDetails"]["relatedPlaylists"]["uploads"]
    return Account(channel["id"], channel["snippet"]["title"], uploads)


def new_connection(
    creator_id: uuid.UUID, account: Account, document: dict[str, Any]
) -> NewConnection:
    """What storage keeps of a finished flow."""
    return NewConnection(
        creator_id,
        PLATFORM,
        account.id,
        account.name,
        document,
        SCOPES,
        catalogue_ref=account.uploads,
    )


def _web_flow(client: GoogleClient, public_url: str, verifier: str | None = None) -> Flow:
    redirect = public_url.rstrip("/") + CALLBACK_PATH
    config = {"web": client.config([redirect])["installed"]}
    return Flow.from_client_config(
        config,
        list(SCOPES),
        redirect_uri=redirect,
        code_verifier=verifier,
        autogenerate_code_verifier=verifier is None,
    )


def start_web_flow(
    session: Session,
    cipher: TokenCipher,
    client: GoogleClient,
    public_url: str,
    creator_id: uuid.UUID,
    *,
    now: datetime,
) -> str:
    """The consent-page address for this creator; its state is stored, single-use."""
    flow = _web_flow(client, public_url)
    state = secrets.token_urlsafe(32)
    url, _ = flow.authorization_url(state=state, access_type="offline", prompt="consent")
    session.add(
        OAuthState(
            state_hash=_hash(state),
            creator_id=creator_id,
            platform=PLATFORM,
            verifier_ciphertext=cipher.seal({"verifier": flow.code_verifier}),
            expires_at=now + STATE_LIFETIME,
        )
    )
    return str(url)


def finish_web_flow(
    session: Session,
    cipher: TokenCipher,
    client: GoogleClient,
    public_url: str,
    *,
    state: str,
    code: str,
    now: datetime,
) -> tuple[uuid.UUID, dict[str, Any]]:
    """Consume the state and exchange the code; the creator it was bound to, and the tokens."""
    row = session.scalars(
        select(OAuthState).where(OAuthState.state_hash == _hash(state)).with_for_update()
    ).one_or_none()
    if row is None or row.used_at is not None or row.expires_at < now:
        raise InvalidInput("this sign-in link is unknown, used or expired; ask for /connect again")
    row.used_at = now
    verifier = str(cipher.open(row.verifier_ciphertext)["verifier"])
    flow = _web_flow(client, public_url, verifier)
    flow.fetch_token(code=code)
    return row.creator_id, token_document(flow.credentials)


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()
