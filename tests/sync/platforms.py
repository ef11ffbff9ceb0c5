"""Helpers of the Instagram and TikTok sync tests: fakes, connected creators, runners."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from storage import Database
from storage.clock import FixedClock
from storage.connections import NewConnection, save_connection
from storage.creators import create_creator
from storage.models import ContentPiece
from storage.secrets import TokenCipher
from sync.instagram.client import SCOPES as IG_SCOPES
from sync.instagram.client import InstagramClient, InstagramEndpoints
from sync.instagram.fetch import InstagramAdapter
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.tiktok.client import SCOPES as TT_SCOPES
from sync.tiktok.client import TikTokClient, TikTokEndpoints
from sync.tiktok.fetch import TikTokAdapter
from sync.writer import write_fetched
from tests.support.fakes.instagram_server import FakeInstagram, InstagramState
from tests.support.fakes.tiktok_server import FakeTikTok, TikTokState


@contextmanager
def fake_instagram(clock: FixedClock) -> Iterator[FakeInstagram]:
    """A running Instagram fake on the test's clock."""
    with FakeInstagram(InstagramState(now=clock.now)) as fake:
        yield fake


@contextmanager
def fake_tiktok(clock: FixedClock) -> Iterator[FakeTikTok]:
    """A running TikTok fake on the test's clock."""
    with FakeTikTok(TikTokState(now=clock.now)) as fake:
        yield fake


def instagram_client(fake: FakeInstagram) -> InstagramClient:
    """The app the fake knows, every endpoint on the fake."""
    s = fake.state
    return InstagramClient(s.client_id, s.client_secret, InstagramEndpoints.at(fake.base_url))


def tiktok_client(fake: FakeTikTok) -> TikTokClient:
    """The app the fake knows, every endpoint on the fake."""
    s = fake.state
    return TikTokClient(s.client_key, s.client_secret, TikTokEndpoints.at(fake.base_url))


def connect_instagram(
    db: Database,
    fake: FakeInstagram,
    key: TokenCipher,
    clock: FixedClock,
    *,
    age: timedelta,
    creator_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A creator whose long-lived Instagram token was issued ``age`` ago; their id."""
    issued = clock.now() - age
    token = fake.state.grant(issued=issued)
    expires = fake.state.tokens[token][1]
    document = {
        "access_token": token,
        "user_id": fake.state.user_id,
        "issued_at": issued.isoformat(),
        "expires_at": expires.isoformat(),
    }
    return _connect(db, key, clock, "instagram", document, IG_SCOPES, creator_id)


def connect_tiktok(
    db: Database,
    fake: FakeTikTok,
    key: TokenCipher,
    clock: FixedClock,
    *,
    access_left: int,
    creator_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A creator whose TikTok access token has ``access_left`` seconds to live; their id."""
    access, refresh = fake.state.grant(access_left=access_left)
    document = {
        "access_token": access,
        "refresh_token": refresh,
        "open_id": fake.state.open_id,
        "expires_at": fake.state.access[access].isoformat(),
        "refresh_expires_at": fake.state.refresh[refresh].isoformat(),
    }
    return _connect(db, key, clock, "tiktok", document, TT_SCOPES, creator_id)


def _connect(
    db: Database,
    key: TokenCipher,
    clock: FixedClock,
    platform: str,
    document: dict[str, Any],
    scopes: tuple[str, ...],
    creator_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Store the connection for ``creator_id`` (None: a new creator "mia")."""
    with db.unit_of_work() as session:
        if creator_id is None:
            creator_id = create_creator(session, "mia", now=clock.now()).id
        new = NewConnection(creator_id, platform, "pending", "pending", document, scopes)
        save_connection(session, key, new, now=clock.now())
        return creator_id


def runner(
    db: Database,
    key: TokenCipher,
    clock: FixedClock,
    *,
    instagram: FakeInstagram | None = None,
    tiktok: FakeTikTok | None = None,
) -> SyncRunner:
    """A runner with the adapters of the given fakes."""
    adapters: dict[str, Any] = {}
    if instagram is not None:
        adapters["instagram"] = InstagramAdapter(instagram_client(instagram))
    if tiktok is not None:
        adapters["tiktok"] = TikTokAdapter(tiktok_client(tiktok))
    return SyncRunner(db, key, adapters, clock, SyncSettings())


def pieces(db: Database, platform: str) -> int:
    """How many pieces of the platform are stored."""
    with db.read() as session:
        query = select(func.count()).where(ContentPiece.platform == platform)
        return int(session.scalar(query) or 0)


def at(start: datetime, hours: float) -> datetime:
    """``start`` moved by ``hours``."""
    return start + timedelta(hours=hours)


def crash_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies right after writing, before its unit of work commits."""

    def crash(*args: object, **kwargs: object) -> None:
        write_fetched(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr("sync.runner.write_fetched", crash)
