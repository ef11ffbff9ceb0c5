"""/settings: every change from a button or typed, in the creator's own timezone."""

from __future__ import annotations

from datetime import time

import pytest

from context.account.settings import parse_digest_time
from context.reply import Action
from storage import Database
from tests.account.helpers import Chat, actions


@pytest.fixture
def chat(db: Database) -> Chat:
    """A creator in Berlin."""
    chat = Chat(db)
    chat.send("/start")
    chat.press("tz", "Europe/Berlin")
    return chat


def test_settings_show_every_setting_and_the_quiet_day_rule(chat: Chat) -> None:
    reply = chat.reply("/settings")
    text = reply.plain_text()
    assert "Timezone: Europe/Berlin (it is 13:00 there now)" in text
    assert "Daily digest: on, at 09:00 your time" in text
    assert "Reminders for plan items: on" in text
    assert "No digest is sent on a day with nothing new and nothing due." in text
    assert actions(reply) == ["set:tz", "set:time", "set:digest,off", "set:rem,off"]
    assert not reply.edit_in_place, "a typed command has no message to edit"


def test_buttons_turn_digest_and_reminders_off_and_on(chat: Chat) -> None:
    reply = chat.press("set", "digest", "off").reply
    assert reply is not None and reply.edit_in_place
    assert "set:digest,on" in actions(reply)
    chat.press("set", "rem", "off")
    view = chat.creator()
    assert (view.digest_enabled, view.reminders_enabled) == (False, False)
    chat.press("set", "digest", "on")
    chat.press("set", "rem", "on")
    view = chat.creator()
    assert (view.digest_enabled, view.reminders_enabled) == (True, True)


def test_digest_time_picker_and_choice(chat: Chat) -> None:
    picker = chat.press("set", "time").reply
    assert picker is not None and "set:time,0700" in actions(picker)
    chat.press("set", "time", "0700")
    assert chat.creator().digest_time == time(7, 0)


def test_typed_digest_time(chat: Chat) -> None:
    chat.press("set", "digest", "off")
    reply = chat.reply("/settings digest 7.45")
    assert "Digest at 07:45" in reply.plain_text()
    view = chat.creator()
    assert view.digest_time == time(7, 45) and view.digest_enabled


def test_a_bad_digest_time_is_named_and_changes_nothing(chat: Chat) -> None:
    for bad in ("25:00", "noon", "7:61", ""):
        reply = chat.reply(f"/settings digest {bad}")
        assert f"{bad!r} is not a time of day" in reply.plain_text()
    assert chat.creator().digest_time == time(9, 0)


def test_typed_toggles_and_timezone(chat: Chat) -> None:
    chat.send("/settings reminders off")
    chat.send("/settings digest off")
    chat.send("/settings timezone Tokyo")
    view = chat.creator()
    assert (view.reminders_enabled, view.digest_enabled, view.timezone) == (
        False,
        False,
        "Asia/Tokyo",
    )


def test_unknown_setting_lists_what_can_change(chat: Chat) -> None:
    reply = chat.reply("/settings colour blue")
    assert "/settings reminders on|off" in reply.plain_text()


def test_timezone_from_settings_returns_to_the_settings(chat: Chat) -> None:
    picker = chat.press("set", "tz").reply
    assert picker is not None and "tz:Asia/Tokyo,s" in actions(picker)
    reply = chat.press("tz", "Asia/Tokyo", "s").reply
    assert reply is not None and "Your settings" in reply.plain_text()
    assert "Timezone set to Asia/Tokyo" in (reply.notice or "")
    assert chat.creator().timezone == "Asia/Tokyo"


def test_a_forged_zone_in_a_button_changes_nothing(chat: Chat) -> None:
    reply = chat.press("tz", "Mars/Base").reply
    assert reply is not None and "Which timezone" in reply.plain_text()
    assert chat.creator().timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:30", time(7, 30)),
        ("07.45", time(7, 45)),
        ("1930", time(19, 30)),
        ("8", time(8)),
        ("23:59", time(23, 59)),
        ("0h", time(0)),
        ("19h", time(19)),
        ("24:00", None),
        ("7:5", None),
        ("noon", None),
    ],
)
def test_parse_digest_time(text: str, expected: time | None) -> None:
    assert parse_digest_time(text) == expected


def test_every_account_button_fits_telegram_callback_data(chat: Chat) -> None:
    from bot.telegram.render import MAX_ACTION_BYTES

    replies = [chat.reply(t) for t in ("/settings", "/demo", "/forgetme", "/link", "/start")]
    replies += [chat.reply(action=Action("set", (what,))) for what in ("tz", "time")]
    encoded = [action for reply in replies for action in actions(reply)]
    assert len(encoded) > 30
    assert max(len(a.encode()) for a in encoded) <= MAX_ACTION_BYTES
