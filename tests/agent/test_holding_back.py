""" "What is holding me back?": only the recommendations to stop or avoid something, or, when the
creator's data holds none, that nothing does and what works instead."""

from __future__ import annotations

from sqlalchemy import delete

from context.agent import Agent
from context.tools.advice import NOTHING_HOLDS_BACK, advice_line
from insights.views import creator_recommendations
from storage import Database
from storage.clock import FixedClock
from storage.data_version import touch
from storage.models import ContentInsight
from tests.support.chat import NOW, Chat, seed_creator


def _ask(db: Database, text: str) -> str:
    return Chat(Agent(db, FixedClock(NOW)), db, "mia").say(text).plain_text()


def test_what_holds_the_creator_back_is_only_what_costs_them(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.read() as session:
        every = creator_recommendations(session, creator_id)
    costs = [a for a in every if not a.is_positive]
    assert costs and len(costs) < len(every), "seed 23 has both kinds"
    text = " ".join(_ask(db, "what is holding me back?").split())
    assert text.startswith("What is holding you back")
    assert all(" ".join(advice_line(a).split())[:60] in text for a in costs[:5])
    assert not any(a.title in text for a in every if a.is_positive)


def test_with_nothing_that_costs_them_the_answer_says_so_and_what_works(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.unit_of_work() as session:
        ci = ContentInsight
        session.execute(
            delete(ci).where(
                ci.creator_id == creator_id, ci.content_id.is_(None), ci.is_positive.is_(False)
            )
        )
        touch(session, [creator_id])
    with db.read() as session:
        works = creator_recommendations(session, creator_id)
    assert works and all(a.is_positive for a in works)
    text = " ".join(_ask(db, "what am I doing wrong").split())
    assert text.startswith("What is working for you")
    assert " ".join(NOTHING_HOLDS_BACK.split()) in text
    assert all(a.title in text for a in works[:5])
