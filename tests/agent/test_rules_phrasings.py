"""The rules engine against the phrasebook, through the whole agent, on simulated data.

Each phrasing runs in its own chat (after the turns it needs, e.g. a list for "the 2nd one");
the stored answer says which intent and tool handled it, and the checks compare what the
creator read with the insights and plan services.
"""

from __future__ import annotations

from collections import Counter

import pytest

from context.agent import Agent
from insights.dashboard import build_dashboard
from insights.superlatives import extreme_piece
from plans import ItemSpec, create_plan
from storage import Database
from storage.clock import FixedClock
from tests.agent.expect import World
from tests.agent.phrasebook import ROWS
from tests.support.chat import NOW, Chat, creator_id

MAIN_INTENTS = ("overview", "top", "attention", "themes", "platforms", "content", "besttime")


@pytest.fixture(scope="module")
def world(seeded: Database) -> World:
    """Mia's best, second-best and weakest pieces, her one iPhone piece, her most commented
    one, and a saved plan."""
    cid = creator_id(seeded, "mia")
    with seeded.read() as session:
        dash = build_dashboard(session, cid, period="all", now=NOW)
        from insights.content import list_content

        titles = list_content(session, cid, page_size=100).items
        commented = extreme_piece(session, cid, by="comments", now=NOW).number
    iphone = [p.number for p in titles if "iphone" in p.title.lower()]
    assert len(iphone) == 1, "seed 23 has exactly one iPhone title"
    refs = {
        "top": dash.top_performers[0].number,
        "second": dash.top_performers[1].number,
        "bottom": dash.needs_attention[0].number,
        "iphone": iphone[0],
        "commented": commented,
    }
    steps = ("Script the intro", "Film the b-roll", "Edit the cut", "Publish on Thursday")
    with seeded.unit_of_work() as session:
        plan = create_plan(
            session,
            cid,
            name="Launch week",
            goal="Ship the next review",
            items=[ItemSpec(step) for step in steps],
            now=NOW,
        )
    refs["plan"] = plan.number
    return World(seeded, cid, refs)


@pytest.fixture(scope="module")
def agent(seeded: Database) -> Agent:
    """A rules-only agent (no LLM configured)."""
    return Agent(seeded, FixedClock(NOW))


def test_the_phrasebook_covers_every_intent_several_times() -> None:
    counts = Counter(row.intent for row in ROWS)
    assert len(ROWS) >= 60
    assert all(counts[intent] >= 4 for intent in MAIN_INTENTS), counts
    assert len(counts) >= 20


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[row.text for row in ROWS])
def test_phrasing(index: int, world: World, agent: Agent) -> None:
    row = ROWS[index]
    chat = Chat(agent, world.db, "mia", chat=f"row{index}")
    for before in row.before:
        chat.say(before.format(**world.refs))
    reply = chat.say(row.text.format(**world.refs))
    answer = chat.last_answer()
    text = reply.plain_text()
    assert (answer.payload["intent"], answer.tool_name) == (row.intent, row.tool), text
    assert answer.payload["ok"] is True, text
    row.check(world, chat, text)
