"""A new chat account becomes a creator, picks a timezone and can start demo mode."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from context.account import timezones
from context.account.button_expiry import stamp
from storage import Database
from storage.models import ContentPiece
from tests.account.helpers import NOW, Chat, actions, creator_count


def test_start_creates_a_creator_and_asks_for_the_timezone(db: Database) -> None:
    chat = Chat(db, name="Mia Lopez")
    turn = chat.send("/start")
    assert turn.reply is not None and turn.creator_id == chat.creator_id()
    assert "Welcome to whatsworking, Mia Lopez!" in turn.reply.plain_text()
    assert "tz:Europe/Berlin" in actions(turn.reply)
    view = chat.creator()
    assert (view.handle, view.timezone, view.demo_mode) == ("mia-lopez", "UTC", False)


def test_any_first_message_onboards_and_the_next_goes_to_the_agent(db: Database) -> None:
    chat = Chat(db)
    first = chat.send("what's working?")
    assert first.reply is not None and "Which timezone" in first.reply.plain_text()
    second = chat.send("what's working?")
    assert second.reply is None and second.creator_id == first.creator_id
    assert creator_count(db) == 1


def test_a_button_from_an_unknown_account_creates_nothing(db: Database) -> None:
    turn = Chat(db).press("forget", "yes", stamp(NOW))
    assert turn.creator_id is None and turn.reply is not None
    assert "expired" in turn.reply.plain_text()
    assert creator_count(db) == 0


def test_timezone_button_sets_the_zone_and_offers_demo(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.press("tz", "America/New_York").reply
    assert reply is not None and reply.edit_in_place
    assert "America/New_York (it is 07:00 there now)" in reply.plain_text()
    assert "demo:fitness" in actions(reply) and "demo:no" in actions(reply)
    assert chat.creator().timezone == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Berlin", "Europe/Berlin"),
        ("europe/paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("my timezone is Asia/Tokyo", "Asia/Tokyo"),
        ("I'm in Munich", "Europe/Berlin"),
        ("tz: Sao Paulo", "America/Sao_Paulo"),
        ("UTC", "UTC"),
        ("Lisbon.", "Europe/Lisbon"),
    ],
)
def test_zone_names_and_cities_are_recognised(typed: str, zone: str) -> None:
    assert timezones.zone_from_text(typed) == zone


@pytest.mark.parametrize("text", ["Atlantis", "Berlin?", "how did my Tokyo vlog do", "x" * 60, ""])
def test_other_text_is_not_a_timezone(text: str) -> None:
    assert timezones.zone_from_text(text) is None


def test_typed_city_sets_the_timezone(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.reply("Berlin")
    assert "Timezone set to Europe/Berlin" in reply.plain_text()
    assert chat.creator().timezone == "Europe/Berlin"


def test_unknown_city_says_so_via_settings_and_changes_nothing(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    chat.send("Berlin")
    reply = chat.reply("/settings timezone Atlantis")
    assert "I don't know the timezone 'Atlantis'" in reply.plain_text()
    assert chat.creator().timezone == "Europe/Berlin"


def test_a_question_is_not_mistaken_for_a_city(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    assert chat.send("how did my Tokyo vlog do?").reply is None
    assert chat.send("Berlin?").reply is None
    assert chat.creator().timezone == "UTC"


def test_shared_location_sets_the_timezone(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.reply(location=(52.52, 13.405))
    assert "Timezone set to Europe/Berlin" in reply.plain_text()
    assert chat.creator().timezone == "Europe/Berlin"


def test_location_as_the_first_message_onboards_with_that_zone(db: Database) -> None:
    chat = Chat(db)
    reply = chat.reply(location=(-33.87, 151.21))
    assert "Australia/Sydney" in reply.plain_text()
    assert chat.creator().timezone == "Australia/Sydney"


def test_location_without_the_finder_falls_back_to_an_offset_and_says_so(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezones, "_finder", lambda: None)
    chat = Chat(db)
    chat.send("/start")
    reply = chat.reply(location=(52.52, 13.405))
    assert "Etc/GMT-1" in reply.plain_text() and "estimate" in reply.plain_text()
    assert chat.creator().timezone == "Etc/GMT-1"


def _pieces(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ContentPiece)) or 0)


def test_demo_niche_button_simulates_content_once(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    chat.press("tz", "Europe/Berlin")
    reply = chat.press("demo", "cooking").reply
    assert reply is not None and reply.edit_in_place and "Demo mode is on" in reply.plain_text()
    pieces = _pieces(db)
    assert 30 <= pieces <= 50 and f"{pieces} pieces" in reply.plain_text()
    chat.press("demo", "cooking")
    assert _pieces(db) == pieces, "tapping the same niche twice must not duplicate content"
    assert chat.creator().demo_mode


def test_no_thanks_leaves_the_creator_without_content(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.press("demo", "no").reply
    assert reply is not None and "/help" in reply.plain_text()
    assert _pieces(db) == 0 and not chat.creator().demo_mode


def test_demo_command_with_a_niche_then_off(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    assert "Demo mode is on" in chat.reply("/demo fitness").plain_text()
    assert _pieces(db) > 0
    picker = chat.reply("/demo")
    assert "demo:off" in actions(picker) and "demo:no" not in actions(picker)
    off = chat.reply("/demo off")
    assert "Demo mode is off" in off.plain_text()
    assert _pieces(db) == 0 and not chat.creator().demo_mode


def test_unknown_niche_names_the_known_ones(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.reply("/demo knitting")
    assert "I don't know the niche 'knitting'" in reply.plain_text()
    assert "tech_reviews" in reply.plain_text() and _pieces(db) == 0


def test_start_again_welcomes_back_and_creates_nothing(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    reply = chat.reply("/start")
    assert "Welcome back" in reply.plain_text() and "demo:travel" in actions(reply)
    assert creator_count(db) == 1


def test_handles_are_unique_whatever_the_display_name(db: Database) -> None:
    names = ["Mia", "Mia", "🦄🦄", "مريم", "", "x" * 300]
    for index, name in enumerate(names):
        Chat(db, external_id=str(index), name=name).send("/start")
    handles = [Chat(db, external_id=str(i)).creator().handle for i in range(len(names))]
    assert handles[:2] == ["mia", "mia-2"]
    assert len(set(handles)) == len(names) and all(handles)
    assert creator_count(db) == len(names)


def test_location_must_be_on_earth() -> None:
    with pytest.raises(ValueError, match="not a location"):
        timezones.zone_from_location(95.0, 10.0)
    assert timezones.offset_zone(-74.0) == "Etc/GMT+5"
    assert timezones.offset_zone(179.0) == "Etc/GMT-12"
    assert timezones.offset_zone(3.0) == "Etc/GMT"
