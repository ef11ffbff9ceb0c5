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
from sync.adapter import Meter, PlatformAdapter
from sync.instagram.client import InstagramClient, InstagramEndpoints
from sync.instagram.fetch import InstagramAdapter
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.tiktok.client import TikTokClient, TikTokEndpoints
from sync.tiktok.fetch import TikTokAdapter
from sync.web_flows import WebFlow, connection
from sync.youtube.client import GoogleClient, GoogleEndpoints
from sync.youtube.fetch import YouTubeAdapter
from sync.youtube.oauth import describe_account, finish_web_flow, new_connection, start_web_flow

PLATFORMS = ("youtube", "instagram", "tiktok")
NOT_CONFIGURED = {
    "youtube": "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
    "instagram": "INSTAGRAM_CLIENT_ID and INSTAGRAM_CLIENT_SECRET",
    "tiktok": "TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET",
}
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


def instagram_client(settings: Settings) -> InstagramClient:
    """The Instagram app of the settings (an error naming what is missing)."""
    secret = settings.instagram_client_secret
    if not settings.instagram_client_id or secret is None:
        raise InvalidInput(_missing("instagram"))
    base = settings.instagram_base_url
    endpoints = InstagramEndpoints.at(base) if base else InstagramEndpoints()
    return InstagramClient(settings.instagram_client_id, secret.get_secret_value(), endpoints)


def tiktok_client(settings: Settings) -> TikTokClient:
    """The TikTok app of the settings (an error naming what is missing)."""
    secret = settings.tiktok_client_secret
    if not settings.tiktok_client_key or secret is None:
        raise InvalidInput(_missing("tiktok"))
    base = settings.tiktok_base_url
    endpoints = TikTokEndpoints.at(base) if base else TikTokEndpoints()
    return TikTokClient(settings.tiktok_client_key, secret.get_secret_value(), endpoints)


def _missing(platform: str) -> str:
    return f"connecting {platform} needs {NOT_CONFIGURED[platform]} (docs/SYNC.md)"


def adapter(settings: Settings, platform: str) -> PlatformAdapter:
    """The platform's adapter (an error naming the missing settings)."""
    if platform == "instagram":
        return InstagramAdapter(instagram_client(settings))
    if platform == "tiktok":
        return TikTokAdapter(tiktok_client(settings))
    return YouTubeAdapter(google_client(settings))


def adapters(settings: Settings) -> dict[str, PlatformAdapter]:
    """Every platform adapter the settings configure (an error when there is none)."""
    found: dict[str, PlatformAdapter] = {}
    for platform in PLATFORMS:
        try:
            found[platform] = adapter(settings, platform)
        except InvalidInput:
            continue
    if not found:
        raise InvalidInput(NO_GOOGLE)
    return found


def web_flow(settings: Settings, platform: str) -> WebFlow:
    """Instagram's or TikTok's web flow (needs WHATSWORKING_PUBLIC_URL for its callback)."""
    if not settings.public_url:
        raise InvalidInput(f"connecting {platform} needs WHATSWORKING_PUBLIC_URL (its callback)")
    found = instagram_client(settings) if platform == "instagram" else tiktok_client(settings)
    return WebFlow(platform, found, settings.public_url)


def sync_runner(app: App) -> SyncRunner:
    """A runner for this app's database and clock."""
    budget = SyncSettings(daily_budget=app.settings.youtube_daily_quota)
    return SyncRunner(app.db, token_cipher(app.settings), adapters(app.settings), app.clock, budget)


def revoke_grant(settings: Settings, platform: str, sealed: bytes) -> bool:
    """Revoke one sealed grant at its platform (False when the key or its client is not set)."""
    try:
        cipher, found = token_cipher(settings), adapter(settings, platform)
    except InvalidInput:
        return False
    return found.revoke(cipher.open(sealed))


@dataclass(frozen=True)
class ChatConnector:
    """context.sync_chat.Connector: the consent address of a web flow bound to the creator."""

    db: Database
    clock: Clock
    cipher: TokenCipher
    client: GoogleClient | None
    public_url: str
    flows: dict[str, WebFlow]

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms this deployment can connect."""
        google = ("youtube",) if self.client is not None else ()
        return (*google, *self.flows)

    def consent_url(self, creator_id: uuid.UUID, platform: str) -> str:
        """A fresh consent-page address; its state is stored single-use."""
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            if platform in self.flows:
                return self.flows[platform].start(session, self.cipher, creator_id, now=now)
            if self.client is None:
                raise InvalidInput(_missing(platform))
            return start_web_flow(
                session, self.cipher, self.client, self.public_url, creator_id, now=now
            )

    def finish_platform(self, platform: str, state: str, code: str) -> str:
        """Instagram's or TikTok's callback: claim the state, exchange the code, store it."""
        flow, now = self.flows[platform], self.clock.now()
        with self.db.unit_of_work() as session:
            creator_id, verifier = flow.claim(session, self.cipher, state, now=now)
        found = flow.exchange(code, verifier, now=now)
        with self.db.unit_of_work() as session:
            save_connection(session, self.cipher, connection(creator_id, found), now=now)
        return found[2]

    def finish(self, state: str, code: str) -> str:
        """Exchange the callback's code, store the connection; the channel's name."""
        if self.client is None:
            raise InvalidInput(_missing("youtube"))
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
        cipher = token_cipher(settings)
    except InvalidInput:
        return None
    flows: dict[str, WebFlow] = {}
    for platform in ("instagram", "tiktok"):
        try:
            flows[platform] = web_flow(settings, platform)
        except InvalidInput:
            continue
    try:
        google: GoogleClient | None = google_client(settings)
    except InvalidInput:
        google = None
    if google is None and not flows:
        return None
    return ChatConnector(db, clock, cipher, google, settings.public_url, flows)
