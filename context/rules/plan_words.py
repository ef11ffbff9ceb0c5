"""Asking about plans in words: make one from the chat, show one, list them ("what is due this
week?", "what did I finish?")."""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words
from context.rules.requests_words import intent_of as _intent

_MAKE_PLAN = re.compile(
    r"\b(make|create|build|draft|give me|write|start|turn this into|put together)\b"
    r"( me)?( an?| the)?( action| new)? plan\b"
)
_SHOW_PLAN = re.compile(r"\bplan #?(?P<number>\d+)\b")
_PLANS = re.compile(
    r"\b(plans|to ?do( list)?|action items|my plan|whats on my plan|my tasks|tasks|due|overdue)\b"
)
# "what did I finish?": every plan, with how much of each is done.
_FINISHED = re.compile(
    r"^what (did|have) (i|we) (finish|finished|complete|completed|get done|got done)\b"
)


def plans(words: Words, raw: str, has_draft: bool) -> Any:
    """Make a plan from the chat, show one plan, or list them."""
    text = words.text
    if _MAKE_PLAN.search(text):
        return _intent("make_plan")
    shown = _SHOW_PLAN.search(text)
    if shown:
        return _intent("show_plan", number=int(shown.group("number")))
    if _FINISHED.search(text):
        return _intent("plans", status="all")
    if _PLANS.search(text):
        status = "completed" if re.search(r"\b(completed|finished|done)\b", text) else "active"
        return _intent("plans", status="all" if "all" in words.fixed else status)
    return None
