"""Small creator-bound tools for exercising the LLM agent without the real tool set."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from context.reply import Reply, text_reply
from context.tools.base import ToolResult
from storage.errors import NotFound


class ListArgs(BaseModel):
    """Arguments of the list tool."""

    platform: str | None = Field(default=None, description="youtube, instagram or tiktok")
    limit: int = Field(default=3, ge=1, le=20)


class PieceArgs(BaseModel):
    """Arguments of the explain tool."""

    ref: str = Field(description="short number, position or title")


@dataclass
class ListContentTool:
    """Lists the bound creator's pieces; records every call."""

    creator: str
    name: str = "list_content"
    description: str = "List the creator's pieces, best first."
    args_model: type[BaseModel] = ListArgs
    calls: list[BaseModel] = field(default_factory=list)

    def run(self, args: BaseModel) -> ToolResult:
        """Return a fixed catalogue for the bound creator."""
        assert isinstance(args, ListArgs)
        self.calls.append(args)
        titles = [f"{self.creator} piece {i}" for i in range(1, args.limit + 1)]
        return ToolResult("; ".join(titles), reply=text_reply(*titles))


@dataclass
class ExplainTool:
    """Explains a piece of the bound creator; other creators' pieces are not found."""

    owned: frozenset[str]
    name: str = "explain_piece"
    description: str = "Explain why one piece did well or badly."
    args_model: type[BaseModel] = PieceArgs

    def run(self, args: BaseModel) -> ToolResult:
        """Explain an owned piece or report it as not found."""
        assert isinstance(args, PieceArgs)
        if args.ref not in self.owned:
            raise NotFound(f"No piece {args.ref} in your catalogue.")
        return ToolResult(f"Piece {args.ref} scored 91.", reply=Reply())


@dataclass
class BrokenTool:
    """A tool with a bug: it always raises."""

    name: str = "broken"
    description: str = "Always fails."
    args_model: type[BaseModel] = ListArgs

    def run(self, args: BaseModel) -> ToolResult:
        """Raise an unexpected error carrying internals."""
        raise RuntimeError("internal path /srv/secret and a stack")
