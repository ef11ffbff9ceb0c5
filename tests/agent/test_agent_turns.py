"""Whole turns through the agent: memory across restarts, two creators kept apart, buttons, files,
accounts, and failures that must never reach the person chatting."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from context.agent import TURN_FAILED, Agent
from context.reply import Attachment, ChatRequest, Reply
from plans import get_plan, list_plans
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece, Conversation
from tests.support.chat import CHANNEL, NOW, Chat, creator_id

FIXTURES = Path(__file__).parents[1] / "importing" / "fixtures"


@pytest.fixture(scope="module")
def agent(seeded: Database) -> Agent:
    """A rules-only agent."""
    return Agent(seeded, FixedClock(NOW))


def fresh_agent(db: Database) -> Agent:
    """A new agent instance: nothing carried over in memory, as after a restart."""
    return Agent(db, FixedClock(NOW))


def test_memory_and_drafts_survive_restarts(seeded: Database) -> None:
    Chat(fresh_agent(seeded), seeded, "mia", "restart").say("tell me about #5")
    drafted = Chat(fresh_agent(seeded), seeded, "mia", "restart").say("make more like this")
    assert "piece 5" in drafted.plain_text() and "Nothing is saved yet" in drafted.plain_text()
    chat = Chat(fresh_agent(seeded), seeded, "mia", "restart")
    saved = chat.press("save")
    number = chat.state().plan
    assert number is not None and f"Saved as plan {number}." in saved.plain_text()
    with seeded.read() as session:
        assert get_plan(session, chat.creator_id, number, now=NOW).source_content_number == 5
    assert [m.role for m in chat.messages()] == ["user", "assistant"] * 3


def test_two_creators_never_see_each_others_data(agent: Agent, seeded: Database) -> None:
    mia, bo = Chat(agent, seeded, "mia", "iso"), Chat(agent, seeded, "bo", "iso")
    titles = {}
    with seeded.read() as session:
        for handle in ("mia", "bo"):
            query = select(ContentPiece.title).where(
                ContentPiece.creator_id == creator_id(seeded, handle)
            )
            titles[handle] = set(session.scalars(query))
    mia_text, bo_text = mia.say("/top all").plain_text(), bo.say("/top all").plain_text()
    assert not any(t in mia_text for t in titles["bo"])
    assert not any(t in bo_text for t in titles["mia"])
    assert "There is no piece #65 in your content." in mia.say("/content 65").plain_text()
    assert "#65 " in bo.say("/content 65").plain_text()
    mia.say("more like #3")
    mia.say("yes")
    plan = mia.state().plan
    assert "not found" in bo.say(f"/done {plan}.1").plain_text()
    with seeded.read() as session:
        assert not get_plan(session, mia.creator_id, plan or 0, now=NOW).items[0].is_completed
        assert list_plans(session, bo.creator_id, status="all", now=NOW) == []
        owner_query = select(Conversation.creator_id).where(Conversation.chat_id.like("%-iso"))
        owners = set(session.scalars(owner_query))
    assert owners == {mia.creator_id, bo.creator_id}


def test_every_dashboard_button_answers_and_tabs_edit_in_place(
    agent: Agent, seeded: Database
) -> None:
    chat = Chat(agent, seeded, "mia", "buttons")
    overview = chat.say("/whatsworking all")
    assert overview.buttons
    for button in overview.buttons:
        reply = chat.press(button.action)
        assert "expired" not in reply.plain_text(), button.label
        assert reply.edit_in_place is (button.action.name == "tab"), button.label
        assert chat.last_answer().payload["ok"] is True, button.label


def test_piece_buttons_and_checkboxes(agent: Agent, seeded: Database) -> None:
    chat = Chat(agent, seeded, "mia", "piece-buttons")
    detail = chat.say("/attention all")
    weak = chat.state().last_list[0]
    explained = chat.press(f"piece:{weak}")
    labels = {b.label: b.action for b in explained.buttons}
    assert "Diagnose" in labels and "Make more like this" not in labels
    draft = chat.press(labels["Diagnose"])
    assert "Draft plan: Fix what held back piece" in draft.plain_text()
    saved = chat.press("save")
    box = saved.buttons[0]
    ticked = chat.press(box.action)
    assert ticked.edit_in_place and ticked.buttons[0].label.startswith("☑")
    unticked = chat.press(box.action)
    assert unticked.buttons[0].label.startswith("☐")
    assert detail.blocks


@pytest.mark.parametrize("data", ["tab:bogus,30d,all", "why:abc", "toggle", "nothing:1"])
def test_unknown_or_malformed_buttons_say_they_expired(
    agent: Agent, seeded: Database, data: str
) -> None:
    reply = Chat(agent, seeded, "mia", "expired").press(data)
    assert "This button has expired" in reply.plain_text() and not reply.edit_in_place


def test_a_file_sent_in_chat_is_imported_or_rejected_whole(agent: Agent, seeded: Database) -> None:
    chat = Chat(agent, seeded, "mia", "files")

    def send(name: str) -> Reply:
        file = Attachment(name, (FIXTURES / name).read_bytes())
        return agent.handle(
            ChatRequest(CHANNEL, chat.external_id, chat.external_id, attachment=file)
        )

    def count() -> int:
        query = select(func.count()).where(ContentPiece.creator_id == chat.creator_id)
        with seeded.read() as session:
            return int(session.scalar(query) or 0)

    before = count()
    rejected = send("bad_rows.csv")
    assert rejected.blocks[0].text == "Nothing was imported" and count() == before  # type: ignore[union-attr]
    imported = send("generic.csv")
    assert imported.blocks[0].text.startswith("Imported") and count() > before  # type: ignore[union-attr]


def test_an_unlinked_chat_gets_the_account_flow_first(agent: Agent, seeded: Database) -> None:
    reply = agent.handle(ChatRequest(CHANNEL, "stranger-1", "stranger-1", text="what's working?"))
    assert reply.blocks
    with seeded.read() as session:
        assert (
            session.scalar(select(Conversation).where(Conversation.chat_id == "stranger-1")) is None
        )


def test_an_unexpected_failure_becomes_one_friendly_line(
    seeded: Database, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(session: Session, request: ChatRequest, *, now: datetime) -> object:
        raise RuntimeError(f"boom with {request.text}")

    caplog.set_level(logging.ERROR)
    agent = Agent(seeded, FixedClock(NOW), account=broken)  # type: ignore[arg-type]
    reply = agent.handle(ChatRequest(CHANNEL, "x", "x", text="my secret text"))
    assert reply.plain_text() == TURN_FAILED
    assert caplog.records and all("secret" not in r.getMessage() for r in caplog.records)


def test_a_reply_names_the_account_it_was_made_for(agent: Agent, seeded: Database) -> None:
    mia, bo = Chat(agent, seeded, "mia", "keys"), Chat(agent, seeded, "bo", "keys")
    assert mia.say("/top all").account_key == str(creator_id(seeded, "mia"))
    assert bo.say("/help").account_key == str(creator_id(seeded, "bo"))
    stranger = agent.handle(ChatRequest(CHANNEL, "nobody-linked", "nobody-linked", "/top"))
    assert stranger.account_key is None


def test_a_turn_whose_answer_fails_stores_nothing_of_it(
    seeded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = Chat(fresh_agent(seeded), seeded, "mia", "half-turn")
    chat.say("/help")
    before = [(m.role, m.content) for m in chat.messages()]

    def broken(self: object, text: str) -> None:
        raise RuntimeError("the engine broke")

    monkeypatch.setattr("context.agent.RulesEngine.answer_text", broken)
    assert chat.say("/top").plain_text() == TURN_FAILED
    assert [(m.role, m.content) for m in chat.messages()] == before  # no question without answer


def test_question_and_answer_are_stored_in_order_after_the_last_message(seeded: Database) -> None:
    chat = Chat(fresh_agent(seeded), seeded, "mia", "order")
    for text in ("/help", "/top", "/help"):
        chat.say(text)
    stored = chat.messages()
    assert [(m.role, m.content) for m in stored][::2] == [
        ("user", "/help"),
        ("user", "/top"),
        ("user", "/help"),
    ]
    times = [m.created_at for m in stored]
    assert times == sorted(times) and len(set(times)) == len(times)  # a frozen clock, still ordered


def test_a_plan_made_after_advice_is_built_on_the_advised_patterns(
    agent: Agent, seeded: Database
) -> None:
    chat = Chat(agent, seeded, "mia", "advice-plan")
    advice = chat.say("what should I do next?")
    advised = chat.last_answer().payload["pattern_keys"]
    labels = {b.label: b.action for b in advice.buttons}
    drafted = chat.press(labels["Create plan"])
    basis = (chat.state().draft or {})["basis"]
    assert "Nothing is saved yet" in drafted.plain_text()
    assert basis and set(basis) <= set(advised)


def test_advice_with_too_little_data_says_so_and_offers_the_overview(seeded: Database) -> None:
    from tests.support.chat import seed_creator

    seed_creator(seeded, "newbie", pieces=6, seed=5)
    chat = Chat(fresh_agent(seeded), seeded, "newbie", "advice-empty")
    reply = chat.say("any recommendations?")
    assert "No pattern in your data is clear enough to advise on yet" in reply.plain_text()
    assert chat.last_answer().payload["pattern_keys"] == []
    assert {b.label for b in reply.buttons} == {"What's working", "Best time to post"}


def test_a_creator_of_one_format_is_told_there_is_nothing_to_compare_it_with(
    seeded: Database,
) -> None:
    from insights.refresh import refresh_all
    from tests.support.builders import Spec, add_pieces, make_creator

    month_ago = NOW - timedelta(days=30)
    reel = Spec(
        platform="instagram", content_type="reel", duration_seconds=30, published_at=month_ago
    )
    with seeded.unit_of_work() as session:
        creator = make_creator(session, "reels-only")
        add_pieces(session, creator, [reel] * 9)  # a scoring group needs 8
        refresh_all(session, creator.id, NOW)
    reply = Chat(fresh_agent(seeded), seeded, "reels-only", "formats").say("/formats")
    text = reply.plain_text()
    assert "All your judged pieces are short-form" in text and "Instagram" in text
    assert "no format stands out" not in text
