"""What the assistant's words mean, worded from the engine's own configuration
(context.tools.explain_terms) and asked in everyday words (context.rules.explain_words)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from context.agent import Agent
from context.rules.intents import parse
from context.tools import explain_terms as terms
from insights import findings, scoring
from storage import Database
from storage.clock import FixedClock
from tests.support.chat import NOW, Chat, seed_creator


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("how do you calculate the score?", "score"),
        ("what is a performance score", "score"),
        ("explain the score", "score"),
        ("what does overperforming mean", "categories"),
        ("What does normal mean?", "categories"),
        ("why isn't my video judged yet", "recent"),
        ("how long until my reel is scored", "recent"),
        ("what does too recent to judge mean", "recent"),
        ("how do you find patterns", "patterns"),
        ("is this statistically significant?", "patterns"),
        ("could that just be luck", "patterns"),
        ("how is engagement calculated", "engagement"),
    ],
)
def test_asking_what_a_term_means_is_its_explanation(text: str, topic: str) -> None:
    assert parse(text).name == "explain" and parse(text).args == {"topic": topic}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("what is my average score", "metric"),  # a figure, not a definition
        ("what's my score this month", "metric"),
        ("why is #12 underperforming", "content"),  # one piece
        ("what is my engagement rate on tiktok", "metric"),
    ],
)
def test_questions_about_figures_or_pieces_are_not_definitions(text: str, name: str) -> None:
    assert parse(text).name == name


def test_the_score_text_quotes_the_scoring_anchors() -> None:
    text = terms.score_text()
    ratio = scoring.DEFAULT_SCORING.over_ratio
    assert f"{ratio:g}× better on every figure scores 75" in text
    assert f"{ratio:g}× worse scores 40" in text
    assert f"A typical piece scores {terms.score_at(1):.0f}" in text and "views 40%" in text


def test_the_texts_follow_the_configuration_not_a_copy_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "younger than 7 days" in terms.recent_text()
    assert "a 5% false discovery rate" in terms.patterns_text()
    younger = replace(scoring.DEFAULT_SCORING, provisional_age=timedelta(days=3))
    monkeypatch.setattr(scoring, "DEFAULT_SCORING", younger)
    monkeypatch.setattr(findings, "DEFAULT_PATTERNS", replace(findings.DEFAULT_PATTERNS, fdr=0.1))
    assert "younger than 3 days" in terms.recent_text() and "At 3 days" in terms.recent_text()
    assert "a 10% false discovery rate" in terms.patterns_text()


def test_a_definition_is_answered_in_chat_by_the_explain_tool(db: Database) -> None:
    seed_creator(db, "mia", pieces=20, seed=3)
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    text = chat.say("what does underperforming mean?").plain_text()
    assert chat.last_answer().tool_name == "explain_terms"
    assert text.startswith("Overperforming, normal, underperforming")
    assert "below 40" in text and "They are not quotas" in text
