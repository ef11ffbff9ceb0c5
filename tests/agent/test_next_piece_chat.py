""" "Give me a video idea": the next piece's brief in chat, its buttons, what it remembers for the
next turn, and the brief when no pattern is clear."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from context import actions
from context.agent import Agent
from context.reply import Action
from context.tools.next_piece import CAVEAT, NOTHING_YET, avoided, title_part, when_line
from context.tools.posting_now import stretch
from insights.next_piece import Brief, next_piece_brief
from insights.posting_moment import next_opening
from insights.title_features import title_features
from insights.view_models import Insight
from insights.windows import Window
from storage import Database
from storage.clock import FixedClock
from storage.data_version import touch
from storage.models import ContentInsight
from tests.support.builders import Spec, scored_creator
from tests.support.chat import NOW, Chat, seed_creator


def _chat(db: Database) -> Chat:
    return Chat(Agent(db, FixedClock(NOW)), db, "mia")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_brief_names_each_supported_part_and_the_pieces_to_start_from(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=150, seed=23)
    with db.read() as session:
        brief = next_piece_brief(session, creator_id, NOW)
    assert brief.theme and brief.platform and brief.window, "150 pieces of seed 23 have all three"
    reply = _chat(db).say("give me a video idea")
    text = _flat(reply.plain_text())
    assert text.startswith("Your next piece")
    assert all(_flat(brief.evidence[r.pattern_key or ""]) in text for r in brief.parts
               if r in (brief.theme, brief.platform, brief.format, brief.window))  # fmt: skip
    assert all(h.title in text for h in brief.habits)
    assert brief.skip and all(avoided(s) in text for s in brief.skip)
    vlogs = next(s for s in brief.skip if s.pattern_key == "theme:vlogs")
    assert f"Vlogs ({vlogs.supporting_data['lift']:.1f}× the views)" in text
    assert all(f"#{p.number} " in text for p in brief.models)
    assert _flat(CAVEAT) in text
    window = Window.from_data(brief.window.pattern_key or "", brief.window.supporting_data)
    assert window is not None
    opening = next_opening(window, NOW.astimezone(ZoneInfo(brief.timezone)))
    assert opening is not None and f"When ({brief.timezone}): {stretch(opening)}," in text
    labels = [b.label for b in reply.buttons]
    assert labels[0] == "Create plan"
    assert labels[1:] == [f"Details #{p.number}" for p in brief.models]


def test_the_second_one_after_a_brief_is_its_second_piece(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.read() as session:
        second = next_piece_brief(session, creator_id, NOW).models[1]
    chat = _chat(db)
    chat.say("what should I post next?")
    assert chat.say("tell me about the 2nd one").plain_text().count(f"#{second.number} ") >= 1
    assert chat.last_answer().tool_name == "explain_piece"


def test_a_plan_drafted_after_the_brief_is_made_from_its_recommendations(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.read() as session:
        brief = next_piece_brief(session, creator_id, NOW)
    chat = _chat(db)
    chat.say("give me a video idea")
    keys = chat.last_answer().payload["pattern_keys"]
    assert keys == [r.pattern_key for r in brief.parts]
    draft = _flat(chat.press(Action(actions.MAKE_PLAN)).plain_text())
    numbers = ", ".join(str(p.number) for p in brief.models)
    assert draft.startswith(f"Draft plan: Plan from our chat: pieces {numbers}")


def test_with_no_pattern_the_brief_says_so_and_lists_the_best_pieces(db: Database) -> None:
    creator_id = seed_creator(db, "mia", pieces=60, seed=23)
    with db.unit_of_work() as session:
        session.execute(
            delete(ContentInsight).where(
                ContentInsight.creator_id == creator_id, ContentInsight.content_id.is_(None)
            )
        )
        touch(session, [creator_id])
    with db.read() as session:
        best = next_piece_brief(session, creator_id, NOW).models
    text = _flat(_chat(db).say("what should I film tomorrow").plain_text())
    assert text.startswith("Your next piece, tomorrow")
    assert _flat(NOTHING_YET) in text and _flat(CAVEAT) not in text
    assert "When" not in text and best and all(f"#{p.number} " in text for p in best)


def test_title_features_that_went_with_better_scores_join_the_brief(db: Database) -> None:
    numbered = [
        Spec(views=9000 + 37 * n, likes=450 + n, title=f"{n + 3} ways to light a room",
             published_at=NOW - timedelta(days=10 + 2 * n))
        for n in range(20)
    ]  # fmt: skip
    plain = [
        Spec(views=3000 + 41 * n, likes=150 + n,
             title=f"Lighting a room, take {'abcdefghijklmnopqrst'[n]}",
             published_at=NOW - timedelta(days=11 + 2 * n))
        for n in range(20)
    ]  # fmt: skip
    creator_id = scored_creator(db, numbered + plain)
    with db.read() as session:
        brief = next_piece_brief(session, creator_id, NOW)
        found = title_features(session, creator_id, NOW).found
    assert found and brief.titles == tuple(found)
    number = next(f for f in found if f.name == "a number")
    text = _flat(_chat(db).say("give me a video idea").plain_text())
    assert f"Title: {title_part(number)}" in text and "with a number (median score " in text
    assert _flat(NOTHING_YET) not in text


def test_a_brief_asked_for_now_names_the_next_stretch_as_an_unnamed_day_does() -> None:
    data = {"days": ["mon", "wed"], "start_hour": 14, "end_hour": 19, "timezone": "UTC"}
    window = Insight("w", "Like for like, 1.3×.", "medium", True, "recommendation",
                     "slot:mon+wed:14-19", supporting_data=data)  # fmt: skip
    brief = Brief("UTC", None, None, None, window, (), (), {}, (), None, None)
    assert when_line(brief, NOW, "now") == when_line(brief, NOW, None)
    # NOW is Monday 2 March 2026, 12:00 UTC: the window opens at 14:00 the same day.
    expected = "When (UTC): Mon 2 Mar, 14:00-19:00, your best window. Like for like, 1.3×."
    assert when_line(brief, NOW, None) == expected
