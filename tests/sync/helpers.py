"""Helpers of the sync tests: a creator connected to the fake Google, and a runner for it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from storage import Database
from storage.clock import FixedClock
from storage.connections import NewConnection, save_connection
from storage.creators import create_creator
from storage.secrets import TokenCipher, new_key
from sync.runner import SyncRunner
from sync.schedule import SyncSettings
from sync.youtube.client import SCOPES, GoogleClient, GoogleEndpoints
from sync.youtube.fetch import YouTubeAdapter
from tests.support.fakes.google_server import FakeGoogle

# Far from the wall clock, so a timestamp taken from it instead of the clock shows at once.
START = datetime(2031, 3, 4, 15, 0, tzinfo=UTC)


def cipher() -> TokenCipher:
    """A cipher with a fresh key."""
    return TokenCipher(new_key())


def google_client(google: FakeGoogle) -> GoogleClient:
    """The OAuth client the fake knows, with every endpoint on the fake."""
    state = google.state
    return GoogleClient(state.client_id, state.client_secret, GoogleEndpoints.at(google.base_url))


def connect(
    db: Database, google: FakeGoogle, key: TokenCipher, clock: FixedClock, handle: str = "mia"
) -> uuid.UUID:
    """A creator whose YouTube is connected (as if they had consented); their id."""
    refresh, access = google.state.issue_grant()
    with db.unit_of_work() as session:
        creator = create_creator(session, handle, now=clock.now())
        document = {
            "token": access,
            "refresh_token": refresh,
            "expiry": None,
            "scopes": list(SCOPES),
        }
        save_connection(
            session,
            key,
            NewConnection(creator.id, "youtube", "pending", "pending", document, SCOPES),
            now=clock.now(),
        )
        return creator.id


def runner(
    db: Database, google: FakeGoogle, key: TokenCipher, clock: FixedClock, **settings: object
) -> SyncRunner:
    """A runner with the YouTube adapter pointed at the fake."""
    adapter = YouTubeAdapter(google_client(google))
    return SyncRunner(db, key, {"youtube": adapter}, clock, SyncSettings(**settings))  # type: ignore[arg-type]
