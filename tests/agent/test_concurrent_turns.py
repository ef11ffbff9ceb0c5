"""Two turns of one chat at the same moment (a double tap, two webhook workers) keep both
their conversation-state changes: each stores what it changed over what the other stored."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from context.agent import Agent, _Answer, _Turn
from context.reply import ChatRequest
from context.tools.base import ToolContext
from plans import list_plans
from storage import Database
from storage.clock import FixedClock
from tests.support.chat import NOW, Chat, seed_creator


class MeetingAgent(Agent):
    """An agent whose turns wait for each other after answering, before storing: both have
    read the same state, so a turn that wrote its whole state would undo the other's."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, FixedClock(NOW))
        self.meeting: threading.Barrier | None = None

    def _answer(self, ctx: ToolContext, request: ChatRequest, turn: _Turn) -> _Answer:
        answer = super()._answer(ctx, request, turn)
        if self.meeting is not None:
            self.meeting.wait(timeout=120)
        return answer


def test_two_simultaneous_turns_of_one_chat_keep_both_state_changes(db: Database) -> None:
    seed_creator(db, "mia", pieces=30, seed=3)
    agent = MeetingAgent(db)
    chat = Chat(agent, db, "mia", "phone")
    chat.say("/help")  # the conversation exists before the race
    agent.meeting = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        focus = pool.submit(chat.say, "tell me about #5")
        listing = pool.submit(chat.say, "what's working")
        replies = [focus.result(timeout=300), listing.result(timeout=300)]
    assert all(r.plain_text() for r in replies)
    state = chat.state()
    assert state.focus == 5, "the first turn's focus was lost"
    assert len(state.last_list) >= 2, "the second turn's list was lost"


class RacingAgent(Agent):
    """An agent whose turns wait for each other after reading the state, before answering:
    both see the same waiting draft."""

    def __init__(self, db: Database) -> None:
        super().__init__(db, FixedClock(NOW))
        self.start: threading.Barrier | None = None

    def _answer(self, ctx: ToolContext, request: ChatRequest, turn: _Turn) -> _Answer:
        if self.start is not None:
            self.start.wait(timeout=120)
        return super()._answer(ctx, request, turn)


def test_a_double_tap_on_save_saves_the_draft_once(db: Database) -> None:
    seed_creator(db, "mia", pieces=30, seed=3)
    agent = RacingAgent(db)
    chat = Chat(agent, db, "mia", "phone")
    chat.say("tell me about #5")
    chat.say("make more like this")
    assert chat.state().draft is not None
    agent.start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        taps = [pool.submit(chat.press, "save") for _ in range(2)]
        texts = [t.result(timeout=300).plain_text() for t in taps]
    with db.read() as session:
        plans = list_plans(session, chat.creator_id, now=NOW)
    assert len(plans) == 1, "the draft was saved twice"
    assert sum("Saved as plan" in t for t in texts) == 1
    assert any("already saved" in t for t in texts)
    assert chat.state().draft is None
