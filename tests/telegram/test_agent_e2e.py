"""The product in a Telegram chat, end to end with the real agent: every command, the dashboard
tabs, the per-piece buttons, plan checkboxes and charts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.exc import OperationalError

from bot.telegram.frontend import FRIENDLY_ERROR
from bot.telegram.render import CAPTION_LIMIT
from context.account import settings
from context.actions import BACK
from context.agent import TURN_FAILED
from tests.support.fakes.botapi_state import StoredMessage
from tests.telegram.harness import Harness, labels
from tests.telegram.real_agent import (
    MIA,
    agent_factory,
    button_like,
    everything,
    keyboard_message,
    onboard,
)

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
__all__ = ["agent_factory"]

COMMANDS = {
    "/whatsworking": "What's working",
    "/whatsworking 7d tiktok": "TikTok",
    "/top": "Top performers",
    "/attention": "Needs attention",
    "/themes": "Themes by average score",
    "/platforms": "Platforms side by side",
    "/content 3": "#3 ",
    "/besttime": "When to post (times in Europe/Berlin)",
    "/plans": "plans",
    "/digest": "Your daily digest",
    "/settings": "Your settings",
    "/demo": "Demo mode is on",
    "/help": "Here's what I can do",
    "what's working?": "What's working",
}


async def test_every_command_answers(harness: Harness) -> None:
    await onboard(harness, MIA)
    for command, expected in COMMANDS.items():
        messages = await harness.say(MIA, command)
        assert messages, command
        assert expected in everything(messages), (command, everything(messages)[:300])
    charts = [m for m in harness.botapi.bot_messages(MIA) if m.kind == "photo"]
    assert len(charts) >= 6  # dashboard views, themes, platforms, best time, digest


async def test_plan_commands_and_checkboxes(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A demo's seed follows its random creator id, and about one demo in 200 (30-50 pieces)
    # claims no pattern: /plan in a fresh chat then has nothing to draft from. One fixed seed.
    monkeypatch.setattr(settings, "demo_seed", lambda turn, niche: 1)
    await onboard(harness, MIA)
    draft = keyboard_message(await harness.say(MIA, "/plan"))
    assert draft.text.startswith("Draft plan") and labels(draft) == ["Save plan", "Discard"]
    (plan,) = await harness.press(MIA, draft, "Save plan")
    assert "0/" in plan.text and all(label.startswith("☐") for label in labels(plan))
    first = labels(plan)[0]
    assert await harness.press(MIA, plan, first) == []  # the checkbox edits the plan in place
    assert labels(plan)[0].startswith("☑") and "1/" in plan.text and len(plan.history) == 1
    await harness.press(MIA, plan, labels(plan)[0])
    assert labels(plan)[0].startswith("☐") and "0/" in plan.text
    done = await harness.say_one(MIA, "/done 1.1")
    assert done.text.startswith("Done: 1.1")
    undone = await harness.say_one(MIA, "/undo 1.1")
    assert undone.text.startswith("Reopened 1.1")


async def test_dashboard_tabs_and_filters_edit_in_place(harness: Harness) -> None:
    await onboard(harness, MIA)
    shown = await harness.say(MIA, "/whatsworking")
    assert shown[0].kind == "photo", "the dashboard leads with its chart"
    board = keyboard_message(shown)
    count = len(harness.botapi.bot_messages(MIA))
    for tab, heading in [
        ("Top performers", "Top performers"),
        ("Needs attention", "Needs attention"),
        ("Themes", "Themes by average score"),
        ("Platforms", "Platforms side by side"),
        # All time: a demo's seed follows its random creator id, and about one in twelve has
        # nothing in the last 7 days, whose overview then says so instead of its headline.
        ("All time", "all time"),
        ("Overview", "What's working"),
        ("TikTok", "TikTok"),
    ]:
        label = button_like(board, rf"^(• )?{tab}$")
        new = await harness.press(MIA, board, label)
        if new:  # only an answer longer than a photo's caption comes as its own message
            assert board.kind == "photo" and len(new[0].text) > CAPTION_LIMIT, f"{tab} flooded"
            board, count = keyboard_message(new), count + len(new)
        assert heading in board.text, (tab, board.text[:200])
    assert len(harness.botapi.bot_messages(MIA)) == count


async def in_place(harness: Harness, message: StoredMessage, label: str) -> None:
    """Press ``label`` and check the answer replaced ``message`` instead of adding one."""
    assert await harness.press(MIA, message, label) == [], f"{label!r} flooded the chat"


async def details_offering(harness: Harness, board: StoredMessage, action: str) -> str:
    """Show on ``board`` the details of the first listed piece that offers ``action``.

    Returns that piece's "Details #N" label; a piece that does not offer it is left with Back.
    """
    pieces = [label for label in labels(board) if re.match(r"^Details #", label)]
    for label in pieces:
        await in_place(harness, board, label)
        assert f"#{label.split('#')[1]}" in board.text and BACK in labels(board)
        if action in labels(board):
            return label
        await in_place(harness, board, BACK)
        assert labels(board)[-len(pieces) :] == pieces, "Back did not restore the tab"
    raise AssertionError(f"no piece of {pieces} offers {action!r}")


async def back_to_tab(harness: Harness, board: StoredMessage, heading: str, label: str) -> None:
    """Back restores the tab the piece was opened from, with its piece buttons."""
    await in_place(harness, board, BACK)
    assert board.text.startswith(heading) and label in labels(board), board.text[:200]


async def test_every_per_piece_button_edits_in_place_with_back(harness: Harness) -> None:
    await onboard(harness, MIA)
    # All time: about one demo seed in fifteen has no over- or underperforming piece in the last
    # 30 days, and the creator's demo seed follows its random id.
    top = keyboard_message(await harness.say(MIA, "/top all"))
    assert "all time" in top.text, top.text
    count = len(harness.botapi.bot_messages(MIA))
    label = await details_offering(harness, top, "Make more like this")
    assert {"Why it worked", "Create plan"} <= set(labels(top))
    await in_place(harness, top, "Why it worked")
    assert "Score" in top.text and BACK in labels(top)
    await back_to_tab(harness, top, "Top performers", label)
    await in_place(harness, top, label)
    await in_place(harness, top, "Make more like this")
    assert top.text.startswith("Draft plan") and "More like piece" in top.text
    assert {"Discard", BACK} <= set(labels(top))
    await back_to_tab(harness, top, "Top performers", label)
    await in_place(harness, top, label)
    await in_place(harness, top, "Create plan")
    assert top.text.startswith("Draft plan") and BACK in labels(top)
    await back_to_tab(harness, top, "Top performers", label)
    attention = await harness.say(MIA, "/attention all")
    weak = keyboard_message(attention)
    weak_label = await details_offering(harness, weak, "Diagnose")
    await in_place(harness, weak, "Diagnose")
    assert weak.text.startswith("Draft plan"), weak.text[:200]
    await back_to_tab(harness, weak, "Needs attention", weak_label)
    shown = harness.botapi.bot_messages(MIA)
    assert len(shown) == count + len(attention), "only /attention added messages"


async def test_a_chart_arrives_as_a_photo_with_a_caption(harness: Harness) -> None:
    await onboard(harness, MIA)
    (photo, *rest) = await harness.say(MIA, "/themes")
    assert photo.kind == "photo" and photo.file is not None
    assert photo.file.content.startswith(b"\x89PNG") and len(photo.file.content) > 5_000
    assert photo.text.startswith("Themes by average score")
    assert len(photo.text) <= 1024 and all(m.kind == "text" for m in rest)
    assert getattr(harness.front.chart_renderer, "started", False), "drawn by the chart workers"


async def test_the_database_stopping_mid_conversation(harness: Harness) -> None:
    await onboard(harness, MIA)
    board = keyboard_message(await harness.say(MIA, "/top"))
    working = harness.db.session_factory

    def stopped() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database is down"))

    harness.db.session_factory = stopped  # type: ignore[assignment]
    down = await harness.say(MIA, "/plans")
    pressed = await harness.press(MIA, board, button_like(board, r"^(• )?Themes$"))
    # The agent answers its own failure in one line; a failure around it gets the front-end's.
    assert len(down + pressed) == 2, [m.text for m in down + pressed]
    assert all(m.text in (FRIENDLY_ERROR, TURN_FAILED) and not m.buttons for m in down + pressed)
    assert board.history == []
    harness.db.session_factory = working
    back = await harness.say(MIA, "/plans")
    assert "plans" in everything(back) and "Sorry" not in everything(back)
    await harness.press(MIA, board, button_like(board, r"^(• )?Themes$"))
    assert "Themes by average score" in board.text
