"""/forgetme revokes the creator's grant at Google before deleting it: the fake's revoke endpoint
receives the refresh token, and the connection, pieces and history rows are gone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.bootstrap import bootstrap
from bot.settings import load_settings
from context.agent import Agent
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece, Creator, MetricSnapshot, PlatformConnection
from storage.secrets import TokenCipher, new_key
from sync import revocation
from tests.support.chat import Chat
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, connect, runner

OWNED = (PlatformConnection, ContentPiece, MetricSnapshot)


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        fake.state.add_videos(5, start=START - timedelta(days=9), every=timedelta(days=1))
        yield fake


def _rows(db: Database, creator_id: uuid.UUID) -> dict[str, int]:
    with db.read() as session:
        counts = {
            model.__name__: session.scalar(
                select(func.count()).select_from(model).where(model.creator_id == creator_id)
            )
            for model in OWNED
        }
        counts["Creator"] = session.scalar(
            select(func.count()).select_from(Creator).where(Creator.id == creator_id)
        )
    return {name: int(count or 0) for name, count in counts.items()}


def test_forgetme_revokes_the_grant_at_google_and_deletes_the_tokens(
    database_url: str, google: FakeGoogle
) -> None:
    key, clock = new_key(), FixedClock(START)
    settings = load_settings(
        google_client_id=google.state.client_id,
        google_client_secret=google.state.client_secret,
        google_base_url=google.base_url,
        secret_key=key,
    )
    app = bootstrap(settings, database_url=database_url, clock=clock)
    try:
        creator_id = connect(app.db, google, TokenCipher(key), clock)
        [refresh_token] = google.state.grants
        assert runner(app.db, google, TokenCipher(key), clock).run_due()[0].status == "synced"
        assert _rows(app.db, creator_id) == {
            "PlatformConnection": 1,
            "ContentPiece": 5,
            "MetricSnapshot": 5,
            "Creator": 1,
        }
        chat = Chat(Agent(app.db, clock), app.db, "mia")
        [confirm] = [b for b in chat.say("/forgetme").buttons if b.action.args[0] == "yes"]

        done = chat.press(confirm.action)

        assert google.state.revoked_tokens == [refresh_token]
        assert google.state.grants[refresh_token].revoked
        assert set(_rows(app.db, creator_id).values()) == {0}
        assert "deleted" in done.plain_text().lower()
    finally:
        app.close()
        revocation.install(None)
