"""The agent every front-end talks to: account first, then the rules engine or the LLM.

One turn: (1) in a unit of work, the account flows resolve the chat identity (and answer
onboarding, linking, settings …); the turn's conversation is opened and the creator's message
stored; (2) the question is answered — buttons, slash commands and plan confirmations by the
rules engine, other text by the LLM when one is configured — with tools that open their own
short sessions; (3) the answer and the conversation state are stored. If the LLM endpoint fails,
the rules engine answers with a one-line notice. Nothing raised inside a turn reaches the person.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from context.conversations import (
    MEMORY_MESSAGES,
    NewMessage,
    add_message,
    open_conversation,
    recent_history,
    record_turn,
)
from context.imports import IMPORT_ACTIONS, answer_import_action, import_attachment
from context.llm.agent import LLMAgent
from context.llm.engine import llm_turn, unavailable_notice
from context.llm.plan_writer import llm_plan_writer
from context.rate_limits import RateLimits, wait_text
from context.reply import ChatRequest, Reply, text_reply
from context.reply_bounds import bounded
from context.rules import intents
from context.rules.engine import RulesAnswer, RulesEngine
from context.state import ConversationState
from context.sync_chat import Connector, sync_turn
from context.theme_commands import theme_command
from context.tools import ToolContext, build_tools
from storage.clock import Clock, SystemClock
from storage.db import Database
from storage.errors import DomainError, Unavailable

logger = logging.getLogger(__name__)
TURN_FAILED = "Sorry, something went wrong on my side; please try again."
NOT_LINKED = "Send /start to set up."
# Typed replies to a waiting draft go to the rules engine even with an LLM configured.
CONFIRMATIONS = frozenset({intents.SAVE, intents.DISCARD})
# Settings, reminders and re-dating typed in words are a person's requests (their tools are
# person-only): the rules engine acts on them, or asks, even with an LLM configured.
PERSON_REQUESTS = frozenset({intents.SETTING, intents.CLARIFY, intents.MOVE_ITEM, intents.REMIND})
TOO_FAST = "You're sending messages faster than I can answer; please wait {wait}."
TOO_MANY_IMPORTS = "Nothing was imported: that is a lot of files at once. Send it again in {wait}."
LLM_RESTING = "You've asked the AI a lot just now, so this answer is the built-in one."


class AccountOutcome(Protocol):
    """What the account flows decided: the creator, and a reply when they answered the turn."""

    @property
    def creator_id(self) -> uuid.UUID | None:
        """The creator this chat identity belongs to, if any."""
        ...

    @property
    def reply(self) -> Reply | None:
        """Set when the account flow answered the turn."""
        ...


class AccountHandler(Protocol):
    """``context.account.turn.handle_account_turn``'s shape."""

    def __call__(self, session: Session, request: ChatRequest, *, now: datetime) -> AccountOutcome:
        """Resolve the identity; answer the turn when it is about the account."""
        ...


@dataclass
class _Turn:
    """One turn's creator, conversation, state and memory."""

    creator_id: uuid.UUID
    conversation_id: uuid.UUID
    state: ConversationState
    history: list[tuple[str, str]]
    now: datetime
    last_message_at: datetime | None  # the conversation's latest stored message, if any
    question: str | None  # what the creator said, unless already stored
    opened: dict[str, Any]  # the state as the turn read it (what it changed is stored)


@dataclass(frozen=True)
class _Answer:
    reply: Reply
    engine: str
    intent: str | None = None
    tool: str | None = None
    ok: bool = True


def default_account_handler() -> AccountHandler:
    """The real account flows."""
    from context.account.turn import handle_account_turn

    return handle_account_turn


class Agent:
    """Implements ``ChatAgent``: one request in, one reply out, never an exception."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        *,
        llm: LLMAgent | None = None,
        account: AccountHandler | None = None,
        memory_messages: int = MEMORY_MESSAGES,
        connector: Connector | None = None,
        limits: RateLimits | None = None,
    ) -> None:
        """Wire the agent; ``llm`` None means rules only, ``limits`` None means no rate limits."""
        self.limits = limits
        self.db = db
        self.clock = clock or SystemClock()
        self.llm = llm
        self.connector = connector
        self.account = account or default_account_handler()
        self.memory_messages = memory_messages

    def handle(self, request: ChatRequest) -> Reply:
        """Answer one turn, bounded to a few messages; any failure becomes a one-line reply."""
        try:
            return bounded(self._handle(request))
        except DomainError as exc:
            return text_reply(str(exc))
        except Exception as exc:  # never a traceback in chat; the log gets no content either
            logger.error("agent turn on %s failed: %s", request.channel, type(exc).__name__)
            return text_reply(TURN_FAILED)

    def _handle(self, request: ChatRequest) -> Reply:
        wait = self._wait("turns", (request.channel, request.external_id))
        if wait:  # before any database work: a flood costs nothing but this check
            return text_reply(TOO_FAST.format(wait=wait_text(wait)))
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            outcome = self.account(session, request, now=now)
            if outcome.reply is not None:
                return outcome.reply
            if outcome.creator_id is None:
                return text_reply(NOT_LINKED)
            turn = self._open_turn(session, outcome.creator_id, request, now)
        ctx = self._context(turn)
        answer = self._answer(ctx, request, turn)
        self._store(turn, ctx, answer)
        return replace(answer.reply, account_key=str(turn.creator_id))

    def _wait(self, limit: str, key: object) -> float:
        """Seconds until ``key`` may use ``limit`` again (0: go ahead, and it is counted)."""
        if self.limits is None:
            return 0.0
        buckets = getattr(self.limits, limit)
        return float(buckets.take(key))

    def _open_turn(
        self, session: Session, creator_id: uuid.UUID, request: ChatRequest, now: datetime
    ) -> _Turn:
        chat = request.chat_id or request.external_id
        conversation = open_conversation(session, creator_id, request.channel, chat, now=now)
        state = ConversationState.from_dict(conversation.state)
        opened = state.to_dict()
        question, last = describe(request), conversation.last_message_at
        if self.llm is None:  # the question is stored with the answer, in one transaction
            return _Turn(creator_id, conversation.id, state, [], now, last, question, opened)
        # The LLM reads memory, and its plan writer the transcript mid-turn: store the question now.
        history = recent_history(session, conversation.id, self.memory_messages)
        connection = session.connection()
        last = add_message(connection, conversation.id, "user", question, now=now, after=last)
        return _Turn(creator_id, conversation.id, state, history, now, last, None, opened)

    def _context(self, turn: _Turn) -> ToolContext:
        writer = llm_plan_writer(self.llm) if self.llm is not None else None
        return ToolContext(
            self.db, turn.creator_id, turn.state, self.clock, turn.conversation_id, writer
        )

    def _answer(self, ctx: ToolContext, request: ChatRequest, turn: _Turn) -> _Answer:
        if request.attachment is not None:
            wait = self._wait("imports", turn.creator_id)
            if wait:
                return _Answer(text_reply(TOO_MANY_IMPORTS.format(wait=wait_text(wait))), "import")
            reply = import_attachment(self.db, self.clock, turn.creator_id, request.attachment)
            return _Answer(reply, "import")
        synced = sync_turn(self.db, self.clock, self.connector, turn.creator_id, request)
        if synced is not None:
            return _Answer(synced, "sync")
        if request.action is not None and request.action.name in IMPORT_ACTIONS:
            reply = answer_import_action(self.db, self.clock, turn.creator_id, request.action)
            return _Answer(reply, "import")
        if request.action is None and (
            themed := theme_command(self.db, self.clock, turn.creator_id, request.text or "")
        ):
            return _Answer(themed, "themes")
        tools = build_tools(ctx)
        rules = RulesEngine(ctx, tools)
        if request.action is not None:
            return _from_rules(rules.answer_action(request.action))
        text = (request.text or "").strip()
        if self.llm is None or not _wants_llm(text, ctx.state):
            return _from_rules(rules.answer_text(text))
        if self._wait("llm_calls", turn.creator_id):
            resting = _from_rules(rules.answer_text(text))
            return replace(resting, reply=replace(resting.reply, notice=LLM_RESTING))
        try:
            answered = llm_turn(self.llm, ctx, tools, text, turn.history)
        except Unavailable as exc:
            fallback = _from_rules(rules.answer_text(text))
            notice = unavailable_notice(str(exc))
            return replace(fallback, reply=replace(fallback.reply, notice=notice))
        tool = answered.tools_called[-1] if answered.tools_called else None
        return _Answer(answered.reply, "llm", None, tool)

    def _store(self, turn: _Turn, ctx: ToolContext, answer: _Answer) -> None:
        payload = {
            **ctx.mentions.payload(),
            "engine": answer.engine,
            "intent": answer.intent,
            "ok": answer.ok,
        }
        said = [NewMessage("user", turn.question)] if turn.question is not None else []
        said.append(NewMessage("assistant", answer.reply.plain_text(), answer.tool, payload))
        with self.db.transaction() as connection:
            # False when deleted meanwhile (/forgetme on another device): nothing is stored.
            record_turn(
                connection,
                turn.conversation_id,
                said,
                ctx.state,
                now=turn.now,
                after=turn.last_message_at,
                opened=turn.opened,
            )


def _from_rules(answer: RulesAnswer) -> _Answer:
    ok = answer.result.ok if answer.result is not None else True
    return _Answer(answer.reply, "rules", answer.intent, answer.tool, ok)


def _wants_llm(text: str, state: ConversationState) -> bool:
    """Free text goes to the LLM; commands, replies to a waiting draft and a person's requests
    (settings, reminders, re-dating) stay with the rules."""
    if not text or text.startswith("/"):
        return False
    name = intents.parse(text, has_draft=state.draft is not None).name
    if state.draft is not None and name in CONFIRMATIONS:
        return False
    return name not in PERSON_REQUESTS


def describe(request: ChatRequest) -> str:
    """What the creator did this turn, as stored text."""
    if request.attachment is not None:
        return f"[sent a file: {request.attachment.filename[:100]}]"
    if request.action is not None:
        return f"[pressed: {request.action.encode()[:64]}]"
    return (request.text or "").strip()
