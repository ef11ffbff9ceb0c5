"""A sync's plan knows which listed platform ids are stored: the hourly sync asks the database
about the ids it listed only, the daily and weekly ones read every id once; on both databases."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from storage import Database
from storage.clock import FixedClock
from sync import stored_pieces
from sync.stored_pieces import StoredPieces
from tests.support.builders import Spec, add_pieces, make_creator
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner


def stored_creator(db: Database, handle: str, specs: list[Spec]) -> Any:
    """A creator holding ``specs`` (their platform ids p1, p2, ... in order)."""
    with db.unit_of_work() as session:
        creator = make_creator(session, handle)
        add_pieces(session, creator, specs)
        return creator.id


def test_the_ids_asked_are_found_among_the_creator_s_own_on_the_platform(db: Database) -> None:
    # Mine: p1-p1200 on YouTube, p1201 on TikTok; theirs: p1-p1300 on YouTube.
    mine = stored_creator(db, "mine", [Spec()] * 1200 + [Spec(platform="tiktok")])
    stored_creator(db, "theirs", [Spec()] * 1300)
    pieces = StoredPieces(db, mine, "youtube")
    # More ids than one query takes, one twice, and ids stored elsewhere or nowhere.
    asked = [f"p{n}" for n in range(2, 1302, 2)] + ["p4", "p1201", "new"]
    assert pieces.among(asked) == {f"p{n}" for n in range(2, 1201, 2)}
    assert pieces.among([]) == frozenset()


def test_a_plan_reads_every_id_only_when_the_listing_will_hold_them_all(db: Database) -> None:
    mine = stored_creator(db, "mine", [Spec()] * 3)
    pieces = StoredPieces(db, mine, "youtube")
    with db.read() as session:
        every, size = pieces.lookup(session, everyone=True)
        asked, counted = pieces.lookup(session, everyone=False)
    assert size == counted == 3
    assert every(["p1", "p9"]) == asked(["p1", "p9"]) == {"p1"}


def test_an_hourly_sync_looks_up_only_the_uploads_it_listed(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[list[str]] = []
    among = StoredPieces.among

    def counting(self: StoredPieces, ids: Any) -> Any:
        asked.append(list(ids))
        return among(self, ids)

    with FakeGoogle() as google:
        google.state.add_videos(120, start=START - timedelta(days=200), every=timedelta(hours=37))
        clock, key = FixedClock(START), cipher()
        connect(db, google, key, clock)
        sync = runner(db, google, key, clock)
        [first] = sync.run_due()  # the first sync reads the whole catalogue
        monkeypatch.setattr(stored_pieces.StoredPieces, "among", counting)
        monkeypatch.setattr(stored_pieces.StoredPieces, "all_ids", _never)
        google.state.add_videos(3, start=START + timedelta(minutes=5), every=timedelta(minutes=9))
        clock.set(START + timedelta(hours=1))
        [hourly] = sync.run_due()
    assert first.created == 120 and hourly.status == "synced", hourly.message
    assert hourly.created == 3
    assert len(asked) == 1 and len(asked[0]) == 50  # the playlist's first page only


def _never(self: StoredPieces, session: Any) -> frozenset[str]:
    raise AssertionError("an hourly sync read every stored id")
