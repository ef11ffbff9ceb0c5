"""Forged buttons, Bot API faults, the database going away and shutdown mid-update."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import OperationalError

from bot.telegram.frontend import EXPIRED, FRIENDLY_ERROR, PRIVATE_ONLY
from bot.telegram.render import sign_callback
from context.reply import Action, ChatAgent, ChatRequest, Reply
from tests.telegram.harness import SECRET, Harness, labels

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
MIA, BO = 7101, 7102


async def _onboarded_listing(harness: Harness, user: int, niche: str) -> None:
    welcome = await harness.say_one(user, "/start")
    await harness.press(user, welcome, "Berlin / Paris")
    await harness.press(user, welcome, niche)


def _answers(harness: Harness) -> list[str | None]:
    return [c.params.get("text") for c in harness.botapi.calls("answerCallbackQuery")]


async def test_forged_foreign_and_stale_buttons_are_expired(harness: Harness) -> None:
    await _onboarded_listing(harness, MIA, "Travel")
    await _onboarded_listing(harness, BO, "Finance")
    mias = await harness.say_one(MIA, "list")
    bos = await harness.say_one(BO, "list")
    mia_button = str(mias.buttons[0]["callback_data"])
    before = bos.text
    for data in (mia_button, "why:1|AAAAAAAAAAA", "why:1", "forget:yes", ""):
        assert await harness.forge(BO, bos, data or "x") == []
    assert _answers(harness)[-5:] == [EXPIRED] * 5
    assert bos.text == before and bos.history == []


async def test_buttons_die_with_the_account(harness: Harness) -> None:
    await _onboarded_listing(harness, MIA, "Travel")
    listing = await harness.say_one(MIA, "list")
    ask = await harness.say_one(MIA, "/forgetme")
    await harness.press(MIA, ask, "Yes, delete everything")
    await harness.say(MIA, "/start")  # a new creator for the same Telegram user
    assert await harness.press(MIA, listing, labels(listing)[0]) == []
    assert _answers(harness)[-1] == EXPIRED and listing.history == []


@pytest.mark.parametrize(
    ("method", "inject"),
    [
        ("sendMessage", lambda s: s.throttle_next("sendMessage", retry_after=1)),
        ("sendMessage", lambda s: s.fail_next("sendMessage", status=500)),
        ("sendMessage", lambda s: s.fail_next("sendMessage", status=502, times=2)),
        ("sendMessage", lambda s: s.delay_next("sendMessage", seconds=0.3)),
        ("editMessageText", lambda s: s.fail_next("editMessageText", status=500)),
        ("answerCallbackQuery", lambda s: s.fail_next("answerCallbackQuery", status=500)),
    ],
    ids=["429", "500", "502x2", "slow", "edit-500", "answer-500"],
)
async def test_each_reply_arrives_exactly_once_despite_faults(
    harness: Harness, method: str, inject: object
) -> None:
    await harness.say(MIA, "/start")
    card = await harness.say_one(MIA, "/settings")
    inject(harness.botapi)  # type: ignore[operator]
    if method == "sendMessage":
        again = await harness.say(MIA, "/settings")
        assert len(again) == 1 and "Your settings" in again[0].text
    else:
        assert await harness.press(MIA, card, "Turn reminders off") == []
        assert "Reminders for plan items: off" in card.text and len(card.history) == 1
    assert len(harness.botapi.bot_messages(MIA)) == (3 if method == "sendMessage" else 2)
    assert harness.botapi.unanswered_callbacks() == []


async def test_the_database_going_away_gets_one_friendly_line(harness: Harness) -> None:
    await _onboarded_listing(harness, MIA, "Gaming")
    card = await harness.say_one(MIA, "/settings")
    working = harness.db.session_factory

    def unavailable() -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    harness.db.session_factory = unavailable  # type: ignore[assignment]
    down = await harness.say_one(MIA, "what's working?")
    assert down.text == FRIENDLY_ERROR and down.buttons == []
    assert await harness.press(MIA, card, "Turn digest off") == [
        harness.botapi.bot_messages(MIA)[-1]
    ]
    assert harness.botapi.bot_messages(MIA)[-1].text == FRIENDLY_ERROR
    assert card.history == [], "nothing changed while the database was away"

    harness.db.session_factory = working
    back = await harness.say_one(MIA, "what's working?")
    assert back.text.startswith("You said: what's working?") and len(labels(back)) == 5
    await harness.press(MIA, card, "Turn digest off")
    assert "Daily digest: off" in card.text


async def test_group_chats_get_a_pointer_to_the_private_chat(harness: Harness) -> None:
    group = -100123
    harness.botapi.push_text(MIA, group, "/whatsworking")
    harness.pushed += 1
    await harness.settle()
    (answer,) = harness.botapi.bot_messages(group)
    assert answer.text == PRIVATE_ONLY


@dataclass
class GatedAgent:
    """Holds every turn until released, to stop the bot while an update is in flight."""

    inner: ChatAgent
    entered: threading.Event
    release: threading.Event

    def handle(self, request: ChatRequest) -> Reply:
        """Wait for the test, then answer."""
        self.entered.set()
        assert self.release.wait(10), "the test never released the turn"
        return self.inner.handle(request)


async def test_shutdown_lets_the_update_in_flight_finish(harness: Harness) -> None:
    gate = GatedAgent(harness.front.agent, threading.Event(), threading.Event())
    harness.front.agent = gate
    harness.botapi.push_text(MIA, MIA, "/start")
    harness.pushed += 1
    await asyncio.to_thread(gate.entered.wait, 10)
    harness.stop.set()  # what SIGTERM does
    await harness.botapi.wait_for(lambda: not harness.botapi.polling)
    gate.release.set()
    await harness.close()
    (welcome,) = harness.botapi.bot_messages(MIA)
    assert welcome.text.startswith("Welcome to whatsworking")


async def test_foreign_buttons_never_show_another_creators_data(harness: Harness) -> None:
    await _onboarded_listing(harness, MIA, "Travel")
    await _onboarded_listing(harness, BO, "Beauty")
    mias = await harness.say_one(MIA, "list")
    data = sign_callback(Action("why", ("1",)), "not-bos-creator", SECRET)
    bos = await harness.say_one(BO, "list")
    await harness.forge(BO, bos, data)
    assert _answers(harness)[-1] == EXPIRED
    assert all(m.text != mias.text for m in harness.botapi.bot_messages(BO))
