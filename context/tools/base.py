"""The shape of an agent tool (``Tool``, ``ToolResult``), what every tool is bound to, and the
base class that checks arguments and records mentions: the one home of the tool base, shared by
the rules engine and the LLM agent.

A tool is built for one creator and one conversation (``ToolContext``); it opens its own short
read or write session per call, so a failed call writes nothing and never holds a lock while
the model thinks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar, cast

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from context.llm.content_context import PlanWriter
from context.reply import Reply
from context.state import ConversationState
from storage.clock import Clock
from storage.db import Database


@dataclass(frozen=True)
class ToolResult:
    """What a tool produced: facts for the model, and the reply the creator would see."""

    summary: str
    reply: Reply = field(default_factory=Reply)
    ok: bool = True


class Tool(Protocol):
    """One capability the agent can call, already bound to the current creator."""

    name: str
    description: str
    args_model: type[BaseModel]

    def run(self, args: BaseModel) -> ToolResult:
        """Run with validated arguments; domain errors become a ToolResult with ok=False."""
        ...


@dataclass
class Mentions:
    """What this turn talked about, recorded in the message payload for plans drafted later."""

    content_numbers: list[int] = field(default_factory=list)
    pattern_keys: list[str] = field(default_factory=list)

    def pieces(self, *numbers: int) -> None:
        """Record pieces this turn referred to."""
        self.content_numbers.extend(n for n in numbers if n not in self.content_numbers)

    def patterns(self, *keys: str | None) -> None:
        """Record creator patterns this turn referred to."""
        self.pattern_keys.extend(k for k in keys if k and k not in self.pattern_keys)

    def payload(self) -> dict[str, Any]:
        """The JSON payload stored with the turn's messages."""
        return {"content_numbers": self.content_numbers, "pattern_keys": self.pattern_keys}


@dataclass
class ToolContext:
    """One creator, one conversation, one clock: everything a bound tool may touch."""

    db: Database
    creator_id: uuid.UUID
    state: ConversationState
    clock: Clock
    conversation_id: uuid.UUID | None = None
    plan_writer: PlanWriter | None = None
    mentions: Mentions = field(default_factory=Mentions)

    def now(self) -> datetime:
        """The current instant (aware UTC)."""
        return self.clock.now()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session."""
        with self.db.read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work: everything commits together or not at all."""
        with self.db.unit_of_work() as session:
            yield session


class NoArgs(BaseModel):
    """A tool that takes no arguments."""

    model_config = ConfigDict(extra="ignore")


Args = TypeVar("Args", bound=BaseModel)


class BoundTool(Generic[Args]):
    """A tool bound to a ToolContext; subclasses set name, description, args_model, execute."""

    name: str = ""
    description: str = ""
    args_model: type[BaseModel] = NoArgs

    def __init__(self, ctx: ToolContext) -> None:
        """Bind the tool to one creator's context."""
        self.ctx = ctx

    def run(self, args: BaseModel) -> ToolResult:
        """Run with arguments of this tool's model (re-validated when another model is given)."""
        if not isinstance(args, self.args_model):
            args = self.args_model.model_validate(args.model_dump())
        return self.execute(cast(Args, args))

    def execute(self, args: Args) -> ToolResult:
        """Do the work; domain errors propagate and become a failed ToolResult upstream."""
        raise NotImplementedError
