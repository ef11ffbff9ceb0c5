""" "Why is my engagement down?": a rate's change taken apart in chat, asked in words or through
the "Why down?" button under the figure (context.tools.rate_change)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from context.agent import Agent
from context.reply import Action
from context.rules.intents import parse
from insights.figure_change import CHANGE_CACHE
from storage import Database
from storage.clock import FixedClock
from tests.support.builders import NOW, Spec, scored_creator
from tests.support.chat import Chat

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    CHANGE_CACHE.clear()


def _piece(rate: float, days_ago: float, platform: str = "youtube") -> Spec:
    kind = {"youtube": "video", "tiktok": "short"}[platform]
    spec = Spec(engagement_rate=rate, published_at=NOW - days_ago * DAY, platform=platform)
    return replace(spec, content_type=kind)


def _shifted_to_youtube(db: Database) -> Chat:
    """12 YouTube (4 %) and 8 TikTok (8 %) before; 15 and 5 now."""
    before = [_piece(4.0, 35 + n) for n in range(12)]
    before += [_piece(8.0, 35 + n, "tiktok") for n in range(8)]
    now = [_piece(4.0, 5 + n) for n in range(15)] + [_piece(8.0, 5 + n, "tiktok") for n in range(5)]
    scored_creator(db, before + now)
    return Chat(Agent(db, FixedClock(NOW)), db, "mia")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_why_engagement_fell_names_where_the_pieces_went(db: Database) -> None:
    chat = _shifted_to_youtube(db)
    text = _flat(chat.say("why is my engagement down?").plain_text())
    assert chat.last_answer().tool_name == "explain_change"
    assert text.startswith("Why your engagement is down — the last 30 days against")
    assert "average 5.0% over 20 pieces, down 11% on the 30 days before (5.6% over 20; " in text
    assert "Where your pieces went accounts for −0.6 points." in text
    assert (
        "25% of them were on TikTok against 40% before, where engagement is usually higher: "
        "8.0% against your average 5.6%." in text
    )
    assert "The engagement where they went accounts for +0.0 points." in text
    assert "YouTube | 12 → 15 | 4.0% → 4.0%" in text
    assert text.endswith(
        "Mostly because fewer of your pieces were on TikTok, where engagement is usually higher."
    )


def test_why_down_under_the_engagement_figure_takes_the_rate_apart(db: Database) -> None:
    chat = _shifted_to_youtube(db)
    reply = chat.say("average engagement last 30 days")
    assert [b.label for b in reply.buttons] == ["Why down?"]
    assert reply.buttons[0].action == Action("change", ("engagement", "30d", "all"))
    text = _flat(chat.press(reply.buttons[0].action).plain_text())
    assert "Where your pieces went accounts for −0.6 points." in text


def test_a_median_engagement_gets_no_button_the_rate_answer_would_not_explain(
    db: Database,
) -> None:
    chat = _shifted_to_youtube(db)
    assert chat.say("median engagement last 30 days").buttons == ()


@pytest.mark.parametrize(
    ("text", "figure", "platform"),
    [
        ("why is my engagement down", "engagement", None),
        ("my engagement rate dropped", "engagement", None),
        ("why did my retention drop on youtube", "retention", "youtube"),
        ("how come my engagement is so low lately", "engagement", None),
    ],
)
def test_asking_why_a_rate_moved_is_the_change(
    text: str, figure: str, platform: str | None
) -> None:
    found = parse(text)
    assert found.name == "change"
    assert (found.args["figure"], found.args["platform"]) == (figure, platform)
