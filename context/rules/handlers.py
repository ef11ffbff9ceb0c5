"""From an understood request to a tool call: intents and buttons name a tool and its args."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from context import actions
from context.reply import Action, Block, BulletList, Button, Headline, Paragraph, Reply
from context.rules import intents as i
from context.rules.commands import COMMAND_HELP
from context.scheduled import reminders

ToolCall = tuple[str, dict[str, Any]]
EXAMPLES = (
    "“what's working?”, “what flopped this month”, “why did my iPhone review do so well”, "
    "“what should I do next?”, “why are my views down?”, “make more like this”, "
    "“when should I post”, "
    "“how are my TikToks doing”, "
    "“add 'film b-roll' to my plan by Friday”, “done 2”"
)
CANNOT = (
    "I can't answer that yet. I know your pieces' performance, themes, platforms, posting "
    "times, what your patterns suggest and your action plans — try one of these:"
)
EXPIRED = "This button has expired; here is what I can do."
THANKS = "Glad to help. Ask me anything else about your content, or /help for what I can do."
BACK_ROW = 9


def _given(args: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named args that were actually given (None means 'not said')."""
    return {name: args[name] for name in names if args.get(name) is not None}


def _view(view: str) -> Callable[[dict[str, Any]], ToolCall]:
    def call(args: dict[str, Any]) -> ToolCall:
        return "query_performance", {"view": view, **_given(args, "period", "platform")}

    return call


INTENT_TOOLS: dict[str, Callable[[dict[str, Any]], ToolCall]] = {
    i.OVERVIEW: _view("summary"),
    i.TOP: _view("top"),
    i.ATTENTION: _view("attention"),
    i.THEMES: lambda a: ("themes", {}),
    i.GROWTH: lambda a: ("query_growth", {}),
    i.PLATFORMS: lambda a: ("platforms", _given(a, "period")),
    i.CONTENT: lambda a: ("explain_piece", _given(a, "ref", "aspect")),
    i.COMPARE: lambda a: ("compare_pieces", _given(a, "first", "second")),
    i.BEST_TIME: lambda a: ("best_posting_times", _given(a, "platform", "moment")),
    i.NEXT_PIECE: lambda a: ("next_piece", _given(a, "day")),
    i.THEME_PLATFORMS: lambda a: ("theme_platforms", _given(a, "theme")),
    i.EXPLAIN: lambda a: ("explain_terms", _given(a, "topic")),
    i.ADVICE: lambda a: ("what_to_do", _given(a, "holding_back")),
    i.FORMATS: lambda a: ("formats", _given(a, "platform")),
    i.CADENCE: lambda a: ("posting_cadence", _given(a, "platform")),
    i.RECENT: lambda a: ("recent_pieces", _given(a, "count", "platform")),
    i.TITLES: lambda a: ("title_features", _given(a, "platform")),
    i.MONTHLY: lambda a: ("monthly", _given(a, "platform")),
    i.PLATFORM_ADVICE: lambda a: ("platform_advice", _given(a, "platform")),
    i.CHANGE: lambda a: ("explain_change", _given(a, "figure", "period", "platform")),
    i.METRIC: lambda a: (
        "query_figure",
        {
            "period": "30d",
            **_given(a, "figure", "stat", "period", "platform", "content_type", "theme"),
        },
    ),
    i.SETTING: lambda a: ("change_setting", _given(a, "what", "value")),
    i.MOVE_ITEM: lambda a: ("move_item", _given(a, "item", "due")),
    i.REMIND: lambda a: ("remind_me", _given(a, "title", "due")),
    i.LIST: lambda a: ("list_content", _given(a, "platform", "sort", "theme", "category")),
    i.PLANS: lambda a: ("list_plans", _given(a, "status")),
    i.SHOW_PLAN: lambda a: ("show_plan", _given(a, "number")),
    i.MAKE_PLAN: lambda a: ("draft_plan_from_chat", {}),
    i.MORE: lambda a: ("plan_from_piece", {"mode": "more", **_given(a, "ref")}),
    i.DIAGNOSE: lambda a: ("plan_from_piece", {"mode": "diagnose", **_given(a, "ref")}),
    i.ADD_ITEM: lambda a: ("add_item", _given(a, "title", "due", "plan")),
    i.DONE: lambda a: ("complete_item", {"item": a.get("item") or ""}),
    i.UNDO: lambda a: ("uncomplete_item", {"item": a.get("item") or ""}),
    i.LINK: lambda a: ("link_item", _given(a, "item", "piece")),
    i.SAVE: lambda a: ("save_plan", {}),
    i.DISCARD: lambda a: ("discard_plan", {}),
}


def tool_call_for_intent(intent: i.Intent) -> ToolCall | None:
    """The tool an intent runs, or None for help, digest and what is not understood."""
    build = INTENT_TOOLS.get(intent.name)
    if build is None:
        return None
    call: ToolCall = build(intent.args)
    return call


def _one_number(action: Action) -> str | None:
    """The number a button is about; per-piece buttons may carry their origin after it."""
    if not action.args or not action.args[0].isdigit():
        return None
    if len(action.args) == 1:
        return action.args[0]
    known_origin = action.name in actions.PER_PIECE and actions.origin_of(action) is not None
    return action.args[0] if known_origin else None


def _tab_call(action: Action) -> ToolCall | None:
    if len(action.args) != 3:
        return None
    view, period, platform = action.args
    chosen = None if platform == actions.ALL_PLATFORMS else platform
    if view in ("summary", "top", "attention"):
        return "query_performance", {"view": view, "period": period, "platform": chosen}
    if view == "themes":
        return "themes", {}
    if view == "platforms":
        return "platforms", {"period": period}
    return None


PIECE_ACTIONS: dict[str, Callable[[str], ToolCall]] = {
    actions.PIECE: lambda n: ("explain_piece", {"ref": n}),
    actions.WHY: lambda n: ("explain_piece", {"ref": n, "aspect": "why"}),
    actions.MORE: lambda n: ("plan_from_piece", {"ref": n, "mode": "more"}),
    actions.DIAGNOSE: lambda n: ("plan_from_piece", {"ref": n, "mode": "diagnose"}),
    actions.PLAN: lambda n: ("show_plan", {"number": int(n)}),
}
PLAIN_ACTIONS: dict[str, ToolCall] = {
    actions.MAKE_PLAN: ("draft_plan_from_chat", {}),
    actions.SAVE: ("save_plan", {}),
    actions.DISCARD: ("discard_plan", {}),
    actions.BEST_TIME: ("best_posting_times", {}),
    actions.NEXT_PIECE: ("next_piece", {}),
}


def tool_call_for_action(action: Action) -> ToolCall | None:
    """The tool a pressed button runs, or None when the button is unknown or malformed."""
    if action.name == actions.TAB:
        return _tab_call(action)
    if action.name in PIECE_ACTIONS:
        number = _one_number(action)
        return PIECE_ACTIONS[action.name](number) if number else None
    if action.name == actions.TOGGLE and len(action.args) == 1:
        return "toggle_item", {"item": action.args[0]}
    if action.name == reminders.DONE and len(action.args) == 1:
        return "complete_item", {"item": action.args[0]}
    if action.name == reminders.SNOOZE and 1 <= len(action.args) <= 2:
        return "snooze_item", {"item": action.args[0], "days": (*action.args, "1d")[1]}
    if action.name == actions.PLANS:
        status = action.args[0] if action.args else "active"
        return "list_plans", {"status": status}
    if action.name == actions.CHANGE and len(action.args) == actions.TAB_ARGS:
        figure, period, platform = action.args
        chosen = None if platform == actions.ALL_PLATFORMS else platform
        return "explain_change", {"figure": figure, "period": period, "platform": chosen}
    return PLAIN_ACTIONS.get(action.name)


def placed(action: Action, reply: Reply) -> Reply:
    """A pressed button's answer: tabs, checkboxes and per-piece buttons edit their message.

    A per-piece answer gets "Back" to where the button was pressed (the tab, or the piece's
    details), and its own piece buttons remember that tab so Back keeps leading there.
    """
    if action.name in actions.EDIT_IN_PLACE:
        return replace(reply, edit_in_place=True)
    if action.name not in actions.PER_PIECE and action.name != actions.MAKE_PLAN:
        return reply
    number = _one_number(action) if action.name in actions.PER_PIECE else None
    focus = Action(actions.PIECE, (number,)) if number else None
    origin = actions.origin_of(action)
    back = origin or (focus if action.name != actions.PIECE else None)
    if back is None:
        return reply  # pressed under a typed answer with nowhere to go back to: it stays
    nested = origin if origin is not None and origin.name == actions.TAB else focus or origin
    buttons = [replace(b, action=actions.with_origin(b.action, nested)) for b in reply.buttons]
    buttons.append(Button(actions.BACK, back, BACK_ROW))
    return replace(reply, buttons=tuple(buttons), edit_in_place=True)


def menu_buttons() -> tuple[Button, ...]:
    """Buttons for the most asked questions."""
    return (
        Button("What's working", actions.tab("summary", "30d", None), 0),
        Button("Top performers", actions.tab("top", "30d", None), 0),
        Button("Needs attention", actions.tab("attention", "30d", None), 0),
        Button("Best time to post", Action(actions.BEST_TIME), 1),
        Button("My plans", Action(actions.PLANS, ("active",)), 1),
    )


def thanks_reply() -> Reply:
    """A thank-you or an "ok": acknowledged in a line, with the menu for what comes next."""
    return Reply((Paragraph(THANKS),), menu_buttons())


def help_reply(lead: str | None = None) -> Reply:
    """What the assistant understands: commands, example questions and menu buttons."""
    blocks: list[Block] = [Paragraph(lead)] if lead else [Headline("Here's what I can do")]
    blocks += [
        BulletList(tuple(f"{command} — {what}" for command, what in COMMAND_HELP)),
        Paragraph(f"Or just ask: {EXAMPLES}."),
    ]
    return Reply(tuple(blocks), menu_buttons())


CLARIFY_QUESTIONS = {
    "stop": "What should I stop? Pick one — nothing changes until you do.",
    "start": "What should I turn back on?",
    "digest_time": "When should your daily digest come? Pick a time (your timezone):",
    "quiet": "Quiet hours: give them like “quiet hours 22:00-08:00”, or turn them off.",
}


def clarify_reply(about: str) -> Reply:
    """A question back, with a button for each likely meaning (the /settings actions)."""
    from context.account.views import ACTION_SETTINGS

    def setting(*args: str) -> Action:
        return Action(ACTION_SETTINGS, args)

    flip = "on" if about == "start" else "off"
    choices: tuple[Button, ...] = (
        Button(f"Daily digest {flip}", setting("digest", flip), 0),
        Button(f"Plan reminders {flip}", setting("rem", flip), 0),
    )
    if about in ("digest_time", "quiet"):
        times = ("07:00", "08:00", "09:00", "18:00")
        picks = [Button(t, setting("time", t.replace(":", "")), 0) for t in times]
        choices = (*picks, Button("Settings", setting("settings"), 1))
    question = CLARIFY_QUESTIONS.get(about, CLARIFY_QUESTIONS["stop"])
    return Reply((Paragraph(question),), choices)


def unknown_reply(intent: i.Intent) -> Reply:
    """Say plainly what cannot be answered, and offer the commands."""
    command = intent.args.get("command")
    lead = f"I don't know the command /{command}." if command else CANNOT
    return help_reply(lead)
