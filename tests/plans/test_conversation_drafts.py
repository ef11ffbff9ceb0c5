"""A plan drafted by rules from a conversation: from the pieces and patterns it referred to."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from plans import draft_plan_from_conversation, save_draft
from storage import Database
from storage.errors import InvalidInput, NotFound
from storage.models import ChatMessage, Conversation
from tests.plans.helpers import NOW, PATTERN, SUCCESS, add_insight, add_piece, new_creator, seed


def conversation(db: Database, creator: uuid.UUID, *turns: tuple[str, dict[str, Any]]) -> uuid.UUID:
    with db.unit_of_work() as session:
        convo = Conversation(creator_id=creator, channel="console", created_at=NOW, updated_at=NOW)
        session.add(convo)
        session.flush()
        for n, (text, payload) in enumerate(turns):
            session.add(
                ChatMessage(
                    conversation_id=convo.id,
                    role="user" if n % 2 == 0 else "assistant",
                    content=text,
                    payload=payload,
                    created_at=NOW + timedelta(minutes=n),
                )
            )
        return convo.id


def test_pieces_named_in_text_and_payload_drive_the_items(db: Database) -> None:
    mia = seed(db)
    convo = conversation(
        db,
        mia,
        ("Why did piece 1 do so well?", {}),
        ("It was posted in your best window.", {"tool": {"rows": [{"content_number": 1}]}}),
        ("And what went wrong with the vlog?", {"content_numbers": [2]}),
    )
    with db.read() as session:
        draft = draft_plan_from_conversation(session, mia, convo, now=NOW)
    assert draft.mode == "conversation" and draft.source_conversation_id == convo
    assert draft.name == "Plan from our chat: pieces 2, 1"  # the latest mention first
    # Piece 2 flopped: its top failure factors; piece 1 did well: its top success factors.
    assert draft.basis == (
        "retention:weak_hook",
        "slot:sun:23-05",
        "slot:thu:14-17",
        "theme:tutorials",
    )
    titles = [i.title for i in draft.items]
    assert "Rewrite the first 3 seconds of the next piece: open with the payoff" in titles
    assert "Script another tutorials piece like piece 1" in titles
    # One piece is published once: only the first window step is kept.
    assert sum("window" in t for t in titles) == 1
    assert draft.source_content_id is None and draft.projected_outcome == {}


def test_a_single_piece_gives_the_plan_its_source_and_projection(db: Database) -> None:
    mia = seed(db)
    convo = conversation(db, mia, ("Tell me about piece #1", {}))
    with db.unit_of_work() as session:
        draft = draft_plan_from_conversation(session, mia, convo, now=NOW)
        saved = save_draft(session, mia, draft, now=NOW)
    assert draft.source_content_number == 1
    assert draft.projected_outcome == {"views": 48_000, "engagement_rate": 7.2}
    assert saved.source_conversation_id == convo and saved.source_content_number == 1
    assert saved.total_items == len(draft.items)


def test_named_patterns_are_used_when_no_piece_was_named(db: Database) -> None:
    mia = seed(db)
    convo = conversation(db, mia, ("Do shorts work for me?", {"pattern_keys": ["format:short"]}))
    with db.read() as session:
        draft = draft_plan_from_conversation(session, mia, convo, now=NOW)
    assert draft.basis == ("format:short",)
    assert draft.name == "Plan from our chat: your strongest patterns"
    assert draft.items[0].title == "Produce it in the short format again"


def test_without_references_the_strongest_patterns_are_used(db: Database) -> None:
    mia = seed(db)
    convo = conversation(db, mia, ("What should I do next?", {}), ("piece 77 is not mine", {}))
    with db.read() as session:
        draft = draft_plan_from_conversation(session, mia, convo, now=NOW)
    assert draft.basis == ("slot:mon+thu:14-17", "format:short")


def test_nothing_to_build_on_is_said_plainly(db: Database) -> None:
    lone = new_creator(db, "lone")
    convo = conversation(db, lone, ("hi", {}))
    with pytest.raises(InvalidInput, match="refers to no piece or pattern"), db.read() as s:
        draft_plan_from_conversation(s, lone, convo, now=NOW)


def test_another_creators_conversation_is_not_found(db: Database) -> None:
    mia = seed(db)
    other = new_creator(db, "cy")
    with db.unit_of_work() as session:
        add_insight(session, other, None, insight_type=PATTERN, pattern_key="theme:x", title="t")
    convo = conversation(db, mia, ("piece 1", {}))
    with pytest.raises(NotFound, match="conversation not found"), db.read() as session:
        draft_plan_from_conversation(session, other, convo, now=NOW)


def test_factors_that_read_alike_are_named_once_in_the_goal(db: Database) -> None:
    mia = new_creator(db)
    with db.unit_of_work() as s:
        piece = add_piece(s, mia, title="Desk tour", score=90, category="overperforming")
        for key in ("platform:youtube", "platform:youtube:retention"):
            add_insight(s, mia, piece.id, insight_type=SUCCESS, pattern_key=key, title="On YouTube")
        add_insight(s, mia, piece.id, insight_type=SUCCESS, pattern_key="theme:tutorials",
                    title="Tutorials lead")  # fmt: skip
    convo = conversation(db, mia, ("Tell me about the desk tour", {"content_numbers": [1]}))
    with db.read() as session:
        draft = draft_plan_from_conversation(session, mia, convo, now=NOW)
    assert draft.goal.count("On YouTube") == 1 and "Tutorials lead" in draft.goal
