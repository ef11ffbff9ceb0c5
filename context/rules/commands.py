"""Slash commands: ``/whatsworking [7d|30d|90d|all] [platform]``, ``/top``, ``/content REF``, …

A mistyped command name ("/themse") is read as the closest known one.
"""

from __future__ import annotations

import re

from context.rules import intents as i
from context.rules.next_words import day_in, moment_in
from context.rules.normalize import normalise
from context.rules.slots import DEFAULT_RECENT, period_in, platform_in

COMMANDS = {
    "whatsworking": i.OVERVIEW,
    "working": i.OVERVIEW,
    "ww": i.OVERVIEW,
    "dashboard": i.OVERVIEW,
    "top": i.TOP,
    "attention": i.ATTENTION,
    "themes": i.THEMES,
    "platforms": i.PLATFORMS,
    "content": i.CONTENT,
    "besttime": i.BEST_TIME,
    "advice": i.ADVICE,
    "formats": i.FORMATS,
    "cadence": i.CADENCE,
    "recent": i.RECENT,
    "titles": i.TITLES,
    "next": i.ADVICE,
    "idea": i.NEXT_PIECE,
    "plans": i.PLANS,
    "plan": i.MAKE_PLAN,
    "done": i.DONE,
    "undo": i.UNDO,
    "digest": i.DIGEST,
    "help": i.HELP,
    "compare": i.COMPARE,
    "list": i.LIST,
}
# What /help lists, in order, with a one-line description each.
COMMAND_HELP: tuple[tuple[str, str], ...] = (
    ("/whatsworking [7d|30d|90d|all] [platform]", "what is working, with top and weak pieces"),
    ("/top", "your top performers"),
    ("/attention", "pieces that need attention"),
    ("/themes", "how each theme performs"),
    ("/platforms", "your platforms side by side"),
    ("/content REF", "one piece in detail (#12, the 2nd one, or part of a title)"),
    ("/besttime", "when your posts do best"),
    ("/advice [platform]", "what to do next, from your own patterns (one platform: its own)"),
    ("/idea", "a brief for your next piece: what, where, when, and pieces to start from"),
    ("/formats", "short-form, long-form and image posts side by side"),
    ("/cadence", "how often you post, and whether spacing matters"),
    ("/recent [N] [platform]", "your latest pieces against your usual"),
    ("/titles", "which title features went with better scores"),
    ("/plans", "your action plans"),
    ("/plan", "draft a plan from this chat"),
    ("/done REF", "tick off a plan item (3.2, or 2 for the current plan)"),
    ("/undo REF", "reopen a plan item"),
    ("/digest", "your daily digest now"),
    ("/help", "this list"),
)


def parse_command(text: str) -> i.Intent:
    """The intent of one slash command and its arguments."""
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    intent = COMMANDS.get(name) or COMMANDS.get(i.closest_command(name, list(COMMANDS)) or "")
    if intent is None:
        return i.Intent(i.UNKNOWN, {"command": name[:30]})
    return _with_arguments(intent, rest.strip())


def _with_arguments(intent: str, rest: str) -> i.Intent:
    words = normalise(rest)
    if intent in (i.OVERVIEW, i.TOP, i.ATTENTION, i.PLATFORMS, i.LIST):
        return i.Intent(
            intent, {"period": period_in(words.text), "platform": platform_in(words.fixed)}
        )
    if intent == i.RECENT:
        number = re.search(r"\b[0-9]{1,3}\b", rest)
        count = int(number.group()) if number else DEFAULT_RECENT
        return i.Intent(intent, {"count": count, "platform": platform_in(words.fixed)})
    if intent == i.ADVICE and platform_in(words.fixed):
        return i.Intent(i.PLATFORM_ADVICE, {"platform": platform_in(words.fixed)})
    if intent == i.NEXT_PIECE:
        day = day_in(words.text)
        return i.Intent(intent, {"day": day} if day else {})
    if intent == i.BEST_TIME and moment_in(words.text):
        moment = moment_in(words.text)
        return i.Intent(intent, {"platform": platform_in(words.fixed), "moment": moment})
    if intent in (i.BEST_TIME, i.FORMATS, i.CADENCE, i.TITLES):
        return i.Intent(intent, {"platform": platform_in(words.fixed)})
    if intent == i.CONTENT:
        return i.Intent(i.CONTENT, {"ref": rest, "aspect": "all"}) if rest else i.Intent(i.LIST, {})
    if intent in (i.DONE, i.UNDO):
        return i.Intent(intent, {"item": rest})
    if intent == i.MAKE_PLAN and rest.lstrip("#").isdigit():
        return i.Intent(i.SHOW_PLAN, {"number": int(rest.lstrip("#"))})
    if intent == i.PLANS:
        status = (
            rest.lower() if rest.lower() in ("active", "completed", "archived", "all") else "active"
        )
        return i.Intent(i.PLANS, {"status": status})
    if intent == i.COMPARE:
        first, _, second = rest.partition(" ")
        return i.Intent(i.COMPARE, {"first": first, "second": second.strip()})
    return i.Intent(intent, {})
