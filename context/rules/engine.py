"""The rules engine: answers typed questions and pressed buttons with the same tools the LLM uses.

It needs no key and no network. Every answer comes from a tool bound to the creator, so it
quotes the creator's own numbers; what it does not understand it says so, offering the commands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from context import actions
from context.llm.tool_calls import run_tool_call, tools_by_name
from context.reply import Action, Paragraph, Reply, text_reply
from context.rules import handlers
from context.rules import intents as i
from context.tools.base import Tool, ToolContext, ToolResult
from storage.creators import get_creator

CLOSEST = "Meanwhile, here is the closest I have — how your content is doing:"


@dataclass(frozen=True)
class RulesAnswer:
    """The reply, what the engine understood and which tool answered (None: no tool)."""

    reply: Reply
    intent: str
    tool: str | None = None
    result: ToolResult | None = None


class RulesEngine:
    """Understands commands, everyday phrasings and buttons; answers through the bound tools."""

    def __init__(self, ctx: ToolContext, tools: Sequence[Tool]) -> None:
        """Bind the engine to one creator's context and tool set."""
        self.ctx = ctx
        self.tools = tools_by_name(tools)

    def answer_text(self, text: str) -> RulesAnswer:
        """Answer one typed message."""
        state = self.ctx.state
        intent = i.parse(text, has_draft=state.draft is not None, figure=state.figure)
        if intent.name == i.HELP:
            thanked = intent.args.get("thanks")
            reply = handlers.thanks_reply() if thanked else handlers.help_reply()
            return RulesAnswer(reply, intent.name)
        if intent.name == i.DIGEST:
            return RulesAnswer(self._digest(), intent.name)
        if intent.name == i.METRIC and not intent.args.get("theme"):
            intent = self._with_theme(intent, text)
        if intent.name == i.CLARIFY:
            return RulesAnswer(handlers.clarify_reply(intent.args.get("about", "")), intent.name)
        call = handlers.tool_call_for_intent(intent)
        if call is None:
            return self._closest(intent)
        return self._run(intent.name, *call)

    def _with_theme(self, intent: i.Intent, text: str) -> i.Intent:
        """A figure question naming one of the creator's themes ("views of my tutorials")."""
        from insights.themes import list_themes

        with self.ctx.read() as session:
            themes = [t.theme for t in list_themes(session, self.ctx.creator_id)]
        named = themes_named(text.lower()[: i.MAX_PARSED], themes)
        if len(named) != 1:
            return intent
        return i.Intent(intent.name, {**intent.args, "theme": named[0]})

    def _closest(self, intent: i.Intent) -> RulesAnswer:
        """Not understood: the overview (the closest useful answer), then what I can do."""
        if intent.args.get("command"):
            return RulesAnswer(handlers.unknown_reply(intent), intent.name)
        overview = self._run(intent.name, "query_performance", {"view": "summary"})
        if overview.result is None or not overview.result.ok:
            return RulesAnswer(handlers.unknown_reply(intent), intent.name)
        help_part = handlers.unknown_reply(intent)
        blocks = (*help_part.blocks, Paragraph(CLOSEST), *overview.reply.blocks)
        reply = replace(overview.reply, blocks=blocks, chart=None)
        return replace(overview, reply=reply)

    def answer_action(self, action: Action) -> RulesAnswer:
        """Answer a pressed button; tabs, checkboxes and piece buttons edit their message."""
        if action.name == actions.HELP:
            return RulesAnswer(handlers.help_reply(), "help")
        call = handlers.tool_call_for_action(action)
        if call is None:
            return RulesAnswer(handlers.help_reply(handlers.EXPIRED), "expired")
        answer = self._run(f"button:{action.name}", *call)
        if answer.result and answer.result.ok:
            return replace(answer, reply=handlers.placed(action, answer.reply))
        return answer

    def _run(self, intent: str, tool: str, args: dict[str, Any]) -> RulesAnswer:
        result = run_tool_call(self.tools, tool, args)
        reply = result.reply if result.ok else failure_reply(result)
        if result.ok and not reply.blocks:
            reply = replace(reply, blocks=(Paragraph(result.summary),))
        return RulesAnswer(reply, intent, tool, result)

    def _digest(self) -> Reply:
        """The digest now, covering what arrived since the last one sent (or a day)."""
        from context.scheduled.digest import compose_digest

        with self.ctx.read() as session:
            since = get_creator(session, self.ctx.creator_id).last_digest_at
            return compose_digest(
                session, self.ctx.creator_id, now=self.ctx.now(), since=since
            ).reply


def themes_named(text: str, themes: list[str]) -> list[str]:
    """The themes a text names in full ("workout tutorials"), else by a word only one has."""

    def phrase(theme: str) -> re.Pattern[str]:
        words = [re.escape(w.rstrip("s")) + "s?" for w in theme.lower().split()]
        return re.compile(r"\b" + r"\s+".join(words) + r"\b")

    full = [t for t in themes if phrase(t).search(text)]
    if full:
        return full
    typed = set(re.findall(r"[a-z0-9]+", text))
    owners: dict[str, list[str]] = {}
    for theme in themes:
        for word in {w.rstrip("s") for w in theme.lower().split() if len(w) >= 4}:
            owners.setdefault(word, []).append(theme)
    return list(
        dict.fromkeys(o[0] for w, o in owners.items() if len(o) == 1 and {w, f"{w}s"} & typed)
    )


def failure_reply(result: ToolResult) -> Reply:
    """A failed tool's message for a person (the tool's own words; never internals)."""
    return text_reply(result.summary)
