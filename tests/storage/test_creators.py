"""Creator management: handles, timezones and resolution by handle or chat identity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage import Conflict, Database, InvalidInput, NotFound
from storage.creators import (
    create_creator,
    find_identity,
    link_identity,
    resolve_creator,
    validate_timezone,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_create_and_resolve(db: Database) -> None:
    with db.unit_of_work() as s:
        create_creator(s, "@Mia", timezone="Europe/Berlin", now=NOW)
    with db.read() as s:
        only = resolve_creator(s, None)
        assert only.handle == "mia"
        assert only.timezone == "Europe/Berlin"
        assert resolve_creator(s, "MIA").id == only.id


def test_duplicate_handle_conflicts_and_writes_nothing(db: Database) -> None:
    with db.unit_of_work() as s:
        create_creator(s, "mia", now=NOW)
    with pytest.raises(Conflict, match="already exists"), db.unit_of_work() as s:
        create_creator(s, "mia", now=NOW)


@pytest.mark.parametrize("bad", ["Mars/Base", "", "Europe/Nowhere"])
def test_invalid_timezone_is_named(bad: str) -> None:
    with pytest.raises(InvalidInput, match="unknown timezone"):
        validate_timezone(bad)


def test_timezone_hint_suggests_close_names() -> None:
    with pytest.raises(InvalidInput, match="Europe/Berlin"):
        validate_timezone("berlin")


@pytest.mark.parametrize("bad", ["a", "has space", "x" * 70, "ünï"])
def test_invalid_handles_are_refused(db: Database, bad: str) -> None:
    with pytest.raises(InvalidInput, match="invalid handle"), db.unit_of_work() as s:
        create_creator(s, bad, now=NOW)


def test_resolution_needs_a_choice_when_several_exist(db: Database) -> None:
    with db.unit_of_work() as s:
        create_creator(s, "mia", now=NOW)
        create_creator(s, "bo", now=NOW)
    with db.read() as s:
        with pytest.raises(InvalidInput, match="bo, mia"):
            resolve_creator(s, None)
        with pytest.raises(NotFound, match="no creator with handle 'zed'"):
            resolve_creator(s, "zed")


def test_identity_links_and_moves(db: Database) -> None:
    with db.unit_of_work() as s:
        mia, bo = create_creator(s, "mia", now=NOW), create_creator(s, "bo", now=NOW)
        link_identity(s, mia, "telegram", "42", chat_id="42", now=NOW)
        link_identity(s, bo, "telegram", "42", now=NOW)
        link_identity(s, mia, "discord", "42", now=NOW)
    with db.read() as s:
        tg = find_identity(s, "telegram", "42")
        dc = find_identity(s, "discord", "42")
        assert tg is not None and dc is not None
        assert tg.creator.handle == "bo"
        assert tg.chat_id == "42"
        assert dc.creator.handle == "mia"
