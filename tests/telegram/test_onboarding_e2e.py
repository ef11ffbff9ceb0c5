"""A new creator meets the bot: /start, timezone, demo niche — over real HTTP with polling."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.telegram.commands import menu_commands
from storage.models import ContentPiece
from tests.telegram.harness import Harness, labels

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
MIA = 7001


async def test_commands_are_registered_at_start(harness: Harness) -> None:
    registered = [c["command"] for c in harness.botapi.commands]
    assert registered == [c.command for c in menu_commands()]
    for name in ("whatsworking", "top", "plans", "done", "settings", "demo", "forgetme", "help"):
        assert name in registered


async def test_onboarding_with_demo_mode(harness: Harness) -> None:
    harness.botapi.set_name(MIA, "Mia <b>&")
    welcome = await harness.say_one(MIA, "/start")
    assert welcome.text.startswith("Welcome to whatsworking, Mia <b>&!")
    assert "Berlin / Paris" in labels(welcome)

    assert await harness.press(MIA, welcome, "Berlin / Paris") == []
    assert "Timezone set to Europe/Berlin" in welcome.text  # edited in place
    assert "Cooking" in labels(welcome)

    assert await harness.press(MIA, welcome, "Cooking") == []
    assert welcome.text.startswith("Demo mode is on")
    with harness.db.read() as session:
        pieces = session.scalar(select(func.count()).select_from(ContentPiece))
    assert pieces and f"{pieces} pieces" in welcome.text

    listing = await harness.say_one(MIA, "what's working?")
    assert listing.text.startswith("You said: what's working?")
    assert len(labels(listing)) == 5 and len(harness.botapi.bot_messages(MIA)) == 2


async def test_location_and_a_typed_city_set_the_timezone(harness: Harness) -> None:
    (first,) = await harness.share_location(MIA, 35.68, 139.69)
    assert "Timezone set to Asia/Tokyo" in first.text
    typed = await harness.say_one(MIA, "Lisbon")
    assert "Timezone set to Europe/Lisbon" in typed.text


async def test_settings_buttons_edit_the_card_in_place(harness: Harness) -> None:
    await harness.say(MIA, "/start")
    card = await harness.say_one(MIA, "/settings")
    assert "Daily digest: on" in card.text
    await harness.press(MIA, card, "Turn digest off")
    assert "Daily digest: off" in card.text and "Turn digest on" in labels(card)
    await harness.press(MIA, card, "Digest time")
    await harness.press(MIA, card, "07:00")
    assert "Daily digest: on, at 07:00" in card.text
    assert len(harness.botapi.bot_messages(MIA)) == 2


async def test_forgetme_needs_the_confirmation_button(harness: Harness) -> None:
    await harness.say(MIA, "/start")
    ask = await harness.say_one(MIA, "/forgetme")
    await harness.press(MIA, ask, "Yes, delete everything")
    assert "deleted" in ask.text and ask.buttons == []
    again = await harness.say_one(MIA, "/start")
    assert again.text.startswith("Welcome to whatsworking")


async def test_a_document_reaches_the_agent_as_bytes(harness: Harness) -> None:
    await harness.say(MIA, "/start")
    (answer,) = await harness.send_file(MIA, b"title,views\nA,1\n", "export.csv")
    assert answer.text == "Got export.csv: 16 bytes"
