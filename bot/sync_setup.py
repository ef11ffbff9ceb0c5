"""Build the sync machinery (key, OAuth clients, adapters, runner) from the settings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bot.bootstrap import App
from bot.settings import Settings
from storage import Database
from storage.clock import Clock
from storage.connections import save_connection, settle_units
from storage.errors import InvalidInput
from storage.secrets import TokenCipher
from sync import revocation
from sync.adapter import Meter, PlatformAdapter
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.youtube.client import GoogleClient, GoogleEndpoints
from sync.youtube.fetch import YouTubeAdapter
from sync.youtube.oauth import describe_account, finish_web_flow, new_connection, start_web_flow

PLATFORMS = ("youtube",)
NO_GOOGLE = (
    "connecting YouTube needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET "
    "(docs/SYNC.md shows how to make them)"
)


def token_cipher(settings: Settings) -> TokenCipher:
    """The cipher of WHATSWORKING_SECRET_KEY (an error naming it when unset)."""
    key = settings.secret_key.get_secret_value() if settings.secret_key else ""
    return TokenCipher(key)


def google_client(settings: Settings) -> GoogleClient:
    """The Google OAuth client of the settings, with Google's (or the fake's) endpoints."""
    if not settings.google_client_id or settings.google_client_secret is None:
        raise InvalidInput(NO_GOOGLE)
    endpoints = (
        GoogleEndpoints.at(settings.google_base_url)
        if settings.google_base_url
        else GoogleEndpoints()
    )
    secret = settings.google_client_secret.get_secret_value()
    return GoogleClient(settings.google_client_id, secret, endpoints)


def adapters(settings: Settings) -> dict[str, PlatformAdapter]:
    """Every platform adapter the settings configure."""
    return {"youtube": YouTubeAdapter(google_client(settings))}


def sync_runner(app: App) -> SyncRunner:
    """A runner for this app's database and clock."""
    budget = SyncSettings(daily_budget=app.settings.youtube_daily_quota)
    return SyncRunner(app.db, token_cipher(app.settings), adapters(app.settings), app.clock, budget)


def install_revoker(settings: Settings) -> bool:
    """Let /forgetme revoke grants at the platforms (needs the key and the OAuth clients)."""
    try:
        cipher, found = token_cipher(settings), adapters(settings)
    except InvalidInput:
        revocation.install(None)
        return False

    def revoke(platform: str, sealed: bytes) -> bool:
        return found[platform].revoke(cipher.open(sealed))

    revocation.install(revoke)
    return True


@dataclass(frozen=True)
class ChatConnector:
    """context.sync_chat.Connector: the consent address of a web flow bound to the creator."""

    db: Database
    clock: Clock
    cipher: TokenCipher
    client: GoogleClient
    public_url: str

    def consent_url(self, creator_id: uuid.UUID, platform: str) -> str:
        """A fresh consent-page address; its state is stored single-use."""
        with self.db.unit_of_work() as session:
            return start_web_flow(
                session, self.cipher, self.client, self.public_url, creator_id, now=self.clock.now()
            )

    def finish(self, state: str, code: str) -> str:
        """Exchange the callback's code, store the connection; the channel's name."""
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            creator_id, document = finish_web_flow(
                session, self.cipher, self.client, self.public_url, state=state, code=code, now=now
            )
        meter = Meter()
        account = describe_account(self.client, document, meter)
        with self.db.unit_of_work() as session:
            save_connection(
                session, self.cipher, new_connection(creator_id, account, document), now=now
            )
            settle_units(session, "youtube", booked=0, used=meter.units, now=now, exhausted=False)
        return account.name


def chat_connector(settings: Settings, db: Database, clock: Clock) -> ChatConnector | None:
    """The chat connector when the key, the OAuth client and the public URL are configured."""
    if not settings.public_url:
        return None
    try:
        return ChatConnector(
            db, clock, token_cipher(settings), google_client(settings), settings.public_url
        )
    except InvalidInput:
        return None
