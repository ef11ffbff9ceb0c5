"""Two of the creator's themes compared as themes, two pieces as pieces
(context.tools.theme_compare through compare_pieces)."""

from __future__ import annotations

import pytest

from context.agent import Agent
from context.formatting import score
from context.tools.theme_compare import two_themes
from context.tools.theme_platforms import overall_line, theme_pattern
from insights.themes import list_themes
from insights.views import creator_patterns
from storage import Database
from storage.clock import FixedClock
from tests.support.chat import NOW, Chat, seed_creator


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_two_themes_are_compared_by_their_figures_and_patterns(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=150, seed=23)
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    text = _flat(chat.say("compare my vlogs and tutorials").plain_text())
    assert chat.last_answer().tool_name == "compare_pieces"
    assert text.startswith("Vlogs against Tutorials")
    with db.read() as session:
        stats = {s.theme: s for s in list_themes(session, creator_id)}
        patterns = creator_patterns(session, creator_id)
    for name in ("Vlogs", "Tutorials"):
        row = f"{name} | {stats[name].content_count} | {score(stats[name].avg_performance_score)}"
        assert row in text
        assert _flat(overall_line(name, theme_pattern(patterns, name))) in text


def test_two_pieces_are_still_compared_as_pieces(db: Database) -> None:
    seed_creator(db, "mia", pieces=30, seed=3)
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    assert chat.say("compare #3 and #7").plain_text().startswith("#3 vs #7")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("my vlogs", "tutorials", ("Vlogs", "Tutorials")),
        ("Vlog videos", "the tutorial", ("Vlogs", "Tutorials")),
        ("vlogs", "vlog", None),  # the same theme twice
        ("vlogs", "#3", None),  # a piece: pieces are compared
        ("unboxing", "vlogs", None),
    ],
)
def test_references_name_two_themes_only_when_both_are_the_creators(
    db: Database, first: str, second: str, expected: tuple[str, str] | None
) -> None:
    creator_id = seed_creator(db, "mia", pieces=30, seed=3)
    with db.read() as session:
        assert two_themes(session, creator_id, first, second) == expected
