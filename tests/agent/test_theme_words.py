"""Where one theme does best, in everyday words: the theme_platforms intent and its theme."""

from __future__ import annotations

import pytest

from context.agent import Agent
from context.rules.intents import Intent, parse
from context.tools.theme_platforms import theme_pattern
from insights.content import list_content
from insights.themes import known_themes
from insights.views import creator_patterns
from storage import Database
from storage.clock import FixedClock
from tests.support.chat import NOW, Chat, seed_creator


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("where should I post my vlogs?", "vlogs"),
        ("Which platform is best for reviews", "reviews"),
        ("do my tutorials do better on youtube or tiktok", "tutorials"),
        ("how do my tutorials do on tiktok", "tutorials"),
        ("best platform for my cooking videos", "cooking"),
        ("where should i post my unboxing content", "unboxing"),
        ("should I make more vlogs?", "vlogs"),
        ("should i stop making tutorials", "tutorials"),
        ("are my reviews worth it", "reviews"),
        ("do vlogs work for me", "vlogs"),
    ],
)
def test_asking_where_a_theme_does_best_names_the_theme(text: str, theme: str) -> None:
    assert parse(text).name == "theme_platforms"
    assert parse(text).args == {"theme": theme}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("where should I post my videos", "platforms"),  # pieces in general: not a theme
        ("where should i post", "platforms"),
        ("how are my videos doing on tiktok", "overview"),
        ("which platform is best for me", "platforms"),
        ("do my videos do better on youtube", "overview"),
        ("should I make more shorts", "formats"),  # a format, not a theme
        ("should i stop posting on instagram", "platforms"),
        ("do weekends work for me", "besttime"),  # a time, not a theme
        ("should i post more on weekends", "besttime"),
    ],
)
def test_questions_about_pieces_in_general_stay_where_they_were(text: str, name: str) -> None:
    assert parse(text).name == name


def test_a_theme_the_creator_does_not_have_is_answered_with_their_themes(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.read() as session:
        themes = ", ".join(known_themes(session, creator_id))
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    text = chat.say("where should I post my unboxing videos?").plain_text()
    assert f"unknown theme 'unboxing': your themes are {themes}" in text
    assert chat.last_answer().payload["ok"] is False and "Traceback" not in text


def test_whether_to_make_more_of_a_theme_leads_with_its_pattern(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=150, seed=23)
    with db.read() as session:
        patterns = creator_patterns(session, creator_id)
    vlogs = theme_pattern(patterns, "Vlogs")
    assert vlogs is not None and not vlogs.is_positive, "150 pieces of seed 23: vlogs lag"
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    text = " ".join(chat.say("should I stop making vlogs?").plain_text().split())
    assert text.startswith(
        f"Your Vlogs: overall and by platform Overall, Vlogs does worse than your other themes. "
        f"{' '.join(vlogs.description.split())} Your "
    )
    assert chat.last_answer().payload["pattern_keys"] == [vlogs.pattern_key]
    unclaimed = next(t for t in ("Tips", "Reviews") if theme_pattern(patterns, t) is None)
    other = " ".join(chat.say(f"are my {unclaimed.lower()} worth it").plain_text().split())
    assert f"Overall, no pattern says your {unclaimed} do better or worse" in other


@pytest.mark.parametrize(
    ("text", "theme", "sort"),
    [
        ("which of my reviews did best", "reviews", "score"),
        ("my best tutorials", "tutorials", "score"),
        ("show me my worst vlogs", "vlogs", "lowest"),
        ("what are my best tips?", "tips", "score"),
    ],
)
def test_one_themes_best_or_worst_pieces_are_its_list(text: str, theme: str, sort: str) -> None:
    assert parse(text) == Intent("list", {"theme": theme, "sort": sort})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my best month", "monthly"),
        ("my top performers", "top"),
        ("my worst videos", "attention"),
        ("which of my videos did best", "top"),
        ("my best time to post", "besttime"),
    ],
)
def test_best_and_worst_of_other_things_stay_where_they_were(text: str, name: str) -> None:
    assert parse(text).name == name


def test_a_themes_worst_pieces_come_lowest_score_first(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.read() as session:
        page = list_content(session, creator_id, theme="Vlogs", sort="lowest", page_size=10)
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    text = " ".join(chat.say("my worst vlog").plain_text().split())
    assert text.startswith("Your pieces (Vlogs) — lowest score first")
    places = [text.index(f"#{p.number} ") for p in page.items]
    assert page.items and places == sorted(places)
