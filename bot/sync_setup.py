"""Build the sync machinery (key, OAuth clients, adapters, runner) from the settings."""

from __future__ import annotations

from bot.bootstrap import App
from bot.settings import Settings
from storage.errors import InvalidInput
from storage.secrets import TokenCipher
from sync import revocation
from sync.adapter import PlatformAdapter
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.youtube.client import GoogleClient, GoogleEndpoints
from sync.youtube.fetch import YouTubeAdapter

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
