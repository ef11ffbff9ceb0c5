"""A piece too recent to judge is compared with its group on its rates, not on views its group
had weeks to gather (context.tools.pieces.comparison_line)."""

from __future__ import annotations

from datetime import timedelta

from context.agent import Agent
from context.tools.pieces import YOUNG_VIEWS
from storage import Database
from storage.clock import FixedClock
from tests.support.builders import NOW, Spec, scored_creator
from tests.support.chat import Chat


def _ask(db: Database, text: str) -> str:
    return " ".join(Chat(Agent(db, FixedClock(NOW)), db, "mia").say(text).plain_text().split())


def _catalogue() -> list[Spec]:
    """Twelve month-old videos of 10,000 views, then one two hours old with 500."""
    old = [Spec(views=10_000, published_at=NOW - timedelta(days=30 + n)) for n in range(12)]
    return [*old, Spec(views=500, likes=40, published_at=NOW - timedelta(hours=2))]


def test_a_young_piece_is_compared_on_its_rates_only(db: Database) -> None:
    scored_creator(db, _catalogue())
    text = _ask(db, "tell me about #13")
    assert "Too recent to judge yet" in text
    assert "the views" not in text and f"; {YOUNG_VIEWS}." in text
    assert "× the engagement" in text


def test_a_judged_piece_is_compared_on_its_views_too(db: Database) -> None:
    scored_creator(db, _catalogue())
    text = _ask(db, "tell me about #3")
    assert "1.0× the views" in text and YOUNG_VIEWS not in text
