"""One LLM turn with the creator's tools, its system prompt and the conversation's memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from context.llm.agent import LLMAgent, LLMAnswer
from context.llm.content_context import build_chat_system_prompt
from context.llm.prompting import estimate_tokens, truncate_to_tokens
from context.reply import Paragraph, Reply
from context.tools import ToolContext, llm_tools
from context.tools.base import Tool, ToolResult
from storage.errors import NotFound

MAX_USER_CHARS = 4_000
# Memory sent with each question: the newest turns first, each cut short, within one budget.
HISTORY_BUDGET = 2_500
MAX_TURN_TOKENS = 400
UNAVAILABLE_NOTICE = "The AI is unavailable right now ({reason}); here is the built-in answer."


@dataclass(frozen=True)
class LLMTurn:
    """The reply built from the model's answer, and the tools it called."""

    reply: Reply
    tools_called: tuple[str, ...]


def system_prompt(ctx: ToolContext) -> str:
    """The creator's system prompt, about the piece in focus when there is one."""
    with ctx.read() as session:
        try:
            return build_chat_system_prompt(
                session, ctx.creator_id, now=ctx.now(), content_number=ctx.state.focus
            )
        except NotFound:  # the piece in focus was deleted since
            return build_chat_system_prompt(session, ctx.creator_id, now=ctx.now())


def llm_turn(
    llm: LLMAgent,
    ctx: ToolContext,
    tools: Sequence[Tool],
    text: str,
    history: Sequence[tuple[str, str]],
) -> LLMTurn:
    """Answer with the model; raises Unavailable when the endpoint fails."""
    answer = llm.answer(
        system_prompt=system_prompt(ctx),
        history=bounded_history(history),
        user_text=text[:MAX_USER_CHARS],
        tools=llm_tools(list(tools)),
    )
    return LLMTurn(reply_from_answer(answer), answer.tools_called)


def bounded_history(
    history: Sequence[tuple[str, str]], budget: int = HISTORY_BUDGET
) -> list[tuple[str, str]]:
    """The most recent turns that fit ``budget`` estimated tokens, each at most a few hundred."""
    kept: list[tuple[str, str]] = []
    for role, text in reversed(history):
        short = truncate_to_tokens(text, MAX_TURN_TOKENS)
        budget -= estimate_tokens(short)
        if budget < 0:
            break
        kept.append((role, short))
    return kept[::-1]


def reply_from_answer(answer: LLMAnswer) -> Reply:
    """The model's text as paragraphs, with the buttons and chart of the last tool that had any."""
    paragraphs = tuple(Paragraph(p.strip()) for p in answer.text.split("\n\n") if p.strip())
    shown = _last_with_extras(answer.tool_results)
    if shown is None:
        return Reply(paragraphs)
    return Reply(paragraphs, shown.reply.buttons, shown.reply.chart)


def _last_with_extras(results: Sequence[ToolResult]) -> ToolResult | None:
    for result in reversed(results):
        if result.ok and (result.reply.buttons or result.reply.chart):
            return result
    return None


def unavailable_notice(reason: str) -> str:
    """One line saying the AI is unavailable (the reason has no key and no traceback)."""
    return UNAVAILABLE_NOTICE.format(reason=reason.rstrip(".").lower() or "no answer")
