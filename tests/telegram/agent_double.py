"""A small scripted ChatAgent: the real account flows, then canned answers built from the
creator's own pieces, so the front-end can be tested before (and beside) the real agent."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from context import charts
from context.account.turn import handle_account_turn
from context.reply import Action, Button, ChatRequest, ContentRef, Headline, Paragraph, Reply
from storage import Database
from storage.clock import Clock
from storage.models import ContentPiece


@dataclass
class ScriptedAgent:
    """Answers like an agent would: account turns first, then a list of the creator's pieces."""

    db: Database
    clock: Clock

    def handle(self, request: ChatRequest) -> Reply:
        """One turn."""
        with self.db.unit_of_work() as session:
            turn = handle_account_turn(session, request, now=self.clock.now())
            if turn.reply is not None:
                return turn.reply
            assert turn.creator_id is not None
            return self._answer(session, turn.creator_id, request)

    def _answer(self, session: Session, creator_id: uuid.UUID, request: ChatRequest) -> Reply:
        action = request.action
        if action is not None and action.name == "why":
            return Reply(
                blocks=(Headline(f"Why #{action.args[0]} worked"), Paragraph("Good timing.")),
                buttons=(Button("Back", Action("list")),),
                edit_in_place=True,
            )
        if request.attachment is not None:
            size = len(request.attachment.data)
            return Reply(blocks=(Paragraph(f"Got {request.attachment.filename}: {size} bytes"),))
        reply = _piece_list(session, creator_id, request.text or "")
        if request.text == "/chart":
            reply = replace(reply, chart=charts.score_distribution([10, 50, 90]))
        return replace(reply, edit_in_place=action is not None)


def _piece_list(session: Session, creator_id: uuid.UUID, said: str) -> Reply:
    pieces = session.scalars(
        select(ContentPiece)
        .where(ContentPiece.creator_id == creator_id)
        .order_by(ContentPiece.number)
        .limit(5)
    ).all()
    refs = tuple(ContentRef(p.number, p.title, p.platform) for p in pieces)
    buttons = tuple(Button(f"Why #{p.number}", Action("why", (str(p.number),))) for p in pieces)
    return Reply(blocks=(Headline(f"You said: {said}"), *refs), buttons=buttons)
