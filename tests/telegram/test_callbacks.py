"""Signed callback data: bound to one creator, within 64 bytes, forged or stale data refused."""

from __future__ import annotations

import pytest

from bot.telegram.render import (
    CALLBACK_DATA_LIMIT,
    MAX_ACTION_BYTES,
    build_keyboard,
    callback_secret,
    sign_callback,
    verify_callback,
)
from context.reply import Action, Button
from tests.support.fakes.telegram_rules import check_reply_markup

SECRET = b"s3cret"
ALICE = "0b7c1b5e-6d1f-4d6f-9a55-8e7f7c0d2a11"
BOB = "5a0f3c2e-1b2d-4c3e-8f4a-9b8c7d6e5f40"


@pytest.mark.parametrize(
    "action",
    [
        Action("top"),
        Action("why", ("12",)),
        Action("tab", ("top", "30d", "all")),
        Action("note", ("a|b", "ü")),
        Action("x" * MAX_ACTION_BYTES),
    ],
)
def test_signed_data_round_trips_within_64_bytes(action: Action) -> None:
    data = sign_callback(action, ALICE, SECRET)
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT
    assert verify_callback(data, ALICE, SECRET) == action


def test_data_signed_for_another_creator_is_refused() -> None:
    data = sign_callback(Action("why", ("12",)), BOB, SECRET)
    assert verify_callback(data, ALICE, SECRET) is None


def test_data_from_another_secret_is_stale() -> None:
    data = sign_callback(Action("why", ("12",)), ALICE, b"old secret")
    assert verify_callback(data, ALICE, SECRET) is None


@pytest.mark.parametrize(
    "forged",
    ["why:12", "why:13|" + "A" * 11, "", "|", "why:12|", "why:12|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
)
def test_forged_data_is_refused(forged: str) -> None:
    assert verify_callback(forged, ALICE, SECRET) is None


def test_tampering_with_the_action_breaks_the_signature() -> None:
    data = sign_callback(Action("why", ("12",)), ALICE, SECRET)
    assert verify_callback(data.replace("12", "13"), ALICE, SECRET) is None


def test_an_action_too_long_for_callback_data_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at most 52 fit"):
        sign_callback(Action("x" * (MAX_ACTION_BYTES + 1)), ALICE, SECRET)
    with pytest.raises(ValueError, match="bytes"):
        sign_callback(Action("é" * 30), ALICE, SECRET)  # 60 bytes though 30 characters


def test_secret_comes_from_the_setting_or_is_derived_from_the_token() -> None:
    configured = callback_secret("1:token", "from-the-setting")
    assert configured == b"from-the-setting"
    derived = callback_secret("1:token")
    assert derived == callback_secret("1:token", None)
    assert derived != callback_secret("2:token")
    assert b"token" not in derived and len(derived) == 32


def test_keyboard_rows_follow_button_rows_with_at_most_eight_a_row() -> None:
    buttons = [Button(f"b{i}", Action("p", (str(i),)), row=2) for i in range(10)]
    buttons.insert(0, Button("first", Action("top"), row=1))
    keyboard = build_keyboard(buttons, ALICE, SECRET)
    assert keyboard is not None
    labels = [[b.text for b in row] for row in keyboard.inline_keyboard]
    assert labels == [["first"], [f"b{i}" for i in range(8)], ["b8", "b9"]]
    check_reply_markup(keyboard.to_dict())
    data = keyboard.inline_keyboard[2][1].callback_data
    assert isinstance(data, str) and verify_callback(data, ALICE, SECRET) == Action("p", ("9",))


def test_labels_are_cleaned_and_shortened() -> None:
    keyboard = build_keyboard([Button("a\nb " + "z" * 100, Action("x"))], ALICE, SECRET)
    assert keyboard is not None
    label = keyboard.inline_keyboard[0][0].text
    assert label.startswith("a b zz") and label.endswith("…") and len(label) == 48


def test_more_than_100_buttons_is_refused() -> None:
    buttons = [Button(str(i), Action("p", (str(i),)), row=i) for i in range(101)]
    with pytest.raises(ValueError, match="at most 100"):
        build_keyboard(buttons, ALICE, SECRET)
    assert build_keyboard([], ALICE, SECRET) is None
