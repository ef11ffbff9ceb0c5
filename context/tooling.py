"""The shape of an agent tool, shared by the rules engine and the LLM agent.

A tool is bound to one creator when the conversation starts (its closure or fields hold the
creator id); its arguments never include a creator id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from pydantic import BaseModel

from context.reply import Reply


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
