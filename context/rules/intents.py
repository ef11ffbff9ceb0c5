"""What a message asks for: slash commands and everyday phrasings mapped to an intent and slots.

Matchers run in a fixed order, most specific first (item commands before "done" words, a named
piece before "best"), over text whose keyword typos were corrected (``normalize``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from context.rules.normalize import Words, normalise
from context.rules.slots import (
    item_ref_in,
    period_in,
    platform_in,
    platforms_in,
)

OVERVIEW, TOP, ATTENTION, THEMES, PLATFORMS = "overview", "top", "attention", "themes", "platforms"
CONTENT, COMPARE, BEST_TIME, LIST = "content", "compare", "besttime", "list"
PLANS, SHOW_PLAN, MAKE_PLAN, MORE, DIAGNOSE = "plans", "show_plan", "make_plan", "more", "diagnose"
ADD_ITEM, DONE, UNDO, LINK, SAVE, DISCARD = "add_item", "done", "undo", "link", "save", "discard"
DIGEST, HELP, UNKNOWN = "digest", "help", "unknown"
# Questions are short: only this much of a message is read, so every pattern runs on bounded text.
MAX_PARSED = 500
METRIC, SETTING, CLARIFY, MOVE_ITEM, REMIND = "metric", "setting", "clarify", "move_item", "remind"
GROWTH, ADVICE, FORMATS, CADENCE, RECENT = "growth", "advice", "formats", "cadence", "recent"
TITLES, CHANGE, PLATFORM_ADVICE, MONTHLY = "titles", "change", "platform_advice", "monthly"
NEXT_PIECE, THEME_PLATFORMS, EXPLAIN = "next_piece", "theme_platforms", "explain"


@dataclass(frozen=True)
class Intent:
    """One understood request: its name and the details it carries."""

    name: str
    args: dict[str, Any] = field(default_factory=dict)


Matcher = Callable[[Words, str, bool], Intent | None]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _scoped(name: str, words: Words, **extra: Any) -> Intent:
    """An intent with the period and platform the text names."""
    args = {"period": period_in(words.text), "platform": platform_in(words.fixed), **extra}
    return Intent(name, args)


_CONFIRM = _rx(r"^(yes|yep|yeah|sure|ok|okay|confirm|do it|go ahead|looks good|sounds good|save)\b")
_REJECT = _rx(r"^(no|nope|nah|discard|cancel|drop it|forget it|dont save)\b")
_SAVE_PLAN = _rx(r"\bsave (the |this |my |that )?(draft|plan)\b")


def draft_reply(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """Save or discard a waiting draft."""
    text = words.text
    if _SAVE_PLAN.search(text) or (has_draft and _CONFIRM.search(text)):
        return Intent(SAVE)
    if (has_draft and _REJECT.search(text)) or re.search(
        r"\bdiscard (the |this )?(draft|plan)\b", text
    ):
        return Intent(DISCARD)
    return None


_HELP = _rx(r"^(help|commands|menu|start)$|what can (you|i) (do|ask)|how does (this|it) work")
_GREETING = _rx(r"^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening))( there)?$")
_THANKS = _rx(r"^(ok |okay |great |cool )?(thanks|thank you|thx|ty|cheers|ok|okay|cool|great|nice|"
              r"perfect|awesome|got it)( a lot| so much| very much)?$")  # fmt: skip


def help_or_greeting(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """Help, or a bare greeting (answered with help); a thank-you is acknowledged."""
    if _THANKS.search(words.text):
        return Intent(HELP, {"thanks": True})
    if _HELP.search(words.text) or _GREETING.search(words.text) or words.text in ("", "?"):
        return Intent(HELP)
    return None


_UNDO = _rx(r"\b(undo|reopen|re open|uncheck|untick|unmark|not done|isnt done|undone)\b")
_DONE = _rx(r"\b(done|finished|finish|completed|complete|tick off|ticked|check off|checked off)\b")


def item_toggle(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """'done 2', 'I finished 1.2', 'undo 3.2', 'mark 2 as not done'."""
    ref = item_ref_in(words.text)
    if ref is None or ("plan" in words.fixed and "item" not in words.fixed and "." not in ref):
        return None
    if _UNDO.search(words.text):
        return Intent(UNDO, {"item": ref})
    if _DONE.search(words.text):
        return Intent(DONE, {"item": ref})
    return None


_ADD = _rx(r"^(please )?(add|remind me to|put)\b")
_DUE = re.compile(r"\b(?:by|due|before|until|on)\s+(.+?)\s*[.!?]?$", re.IGNORECASE)
_TO_PLAN = re.compile(r"\s+(?:to|in|into|on)\s+(?:my\s+|the\s+)?(?:action\s+)?plan\b.*$", re.I)


def add_item(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """ "add 'film b-roll' to my plan by Friday"."""
    if not _ADD.search(words.text) or not re.search(r"\bplan\b|\bby\b|\bdue\b|['\"‘“]", raw):
        return None
    from context.rules.normalize import quoted

    title = quoted(raw) or _unquoted_title(raw)
    plan = re.search(r"\bplan\s*#?(\d+)\b", words.text)
    due = _DUE.search(raw.split(title, 1)[-1]) if title else None
    return Intent(
        ADD_ITEM,
        {
            "title": title,
            "due": due.group(1).strip() if due else None,
            "plan": int(plan.group(1)) if plan else None,
        },
    )


def _unquoted_title(raw: str) -> str:
    body = re.sub(r"^\s*(please\s+)?(add|remind me to|put)\s+", "", raw, flags=re.I)
    body = _TO_PLAN.sub("", body)
    return re.split(r"\s+(?:by|due|before|until)\s+", body, maxsplit=1, flags=re.I)[0].strip()


_LINK = _rx(r"\blink (item )?(?P<item>#?\d+(\.\d+)?) (to|with) (?P<piece>.+)$")


def link(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """'link 1.2 to #14'."""
    found = _LINK.search(words.text)
    if not found:
        return None
    return Intent(
        LINK, {"item": found.group("item"), "piece": words.typed_span(*found.span("piece"))}
    )


_MORE = _rx(
    r"\b(more like|more of (this|that|it)|make more of|repeat|same again|another one like|"
    r"plan from)\b"
)
_MORE_REF = _rx(r"\b(?:like|of|repeat|from)\s+(?P<ref>.+)$")
# "which theme should I make more of?" chooses among the creator's content; it repeats no piece.
_CHOOSING = _rx(r"^(which|what) (themes?|topics?|kinds?|types?|formats?|platforms?|content)\b")


def more_like(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """'make more like this', 'more like #12', 'repeat the 2nd one'."""
    if not _MORE.search(words.text) or _CHOOSING.search(words.text):
        return None
    found = _MORE_REF.search(words.text)
    ref = words.typed_span(*found.span("ref")) if found else "this"
    return Intent(MORE, {"ref": _strip_this(ref)})


def _strip_this(ref: str) -> str:
    cleaned = re.sub(r"^(this|that|it)\s+(one|piece|video|post)$", "this", ref.strip())
    return cleaned or "this"


_DIAGNOSE = _rx(r"\b(diagnose|diagnosis of|diagnosis for)\b\s*(?P<ref>.*)$")
_FIX = _rx(r"\bfix (?P<ref>this|that|it|#\d+|piece \d+|the \w+ one)( one| piece| video)?$")


def diagnose(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """'diagnose #10', 'fix this one'."""
    found = _DIAGNOSE.search(words.text) or _FIX.search(words.text)
    if not found:
        return None
    ref = words.typed_span(*found.span("ref")) if found.group("ref") else "this"
    return Intent(DIAGNOSE, {"ref": _strip_this(ref)})


_COMPARE = _rx(r"\bcompare (?P<a>.+?) (and|with|to|vs|versus|against) (?P<b>.+)$")
_VS = _rx(r"^(?P<a>.+?) (vs|versus) (?P<b>.+)$")


_LAST_TWO = _rx(
    r"\b(compare|comparison of|difference between) (my )?(the )?(last|latest|newest|most recent|"
    r"two latest|two newest) ?(two|2)? (?P<noun>videos?|posts?|pieces?|uploads?|reels?|tiktoks?|"
    r"shorts?)\b"
)
_BARE_SUPERLATIVE = _rx(r"^(my |the )?(best|worst|latest|newest|oldest|top|weakest|strongest)$")


def compare(words: Words, raw: str, has_draft: bool) -> Intent | None:
    """'compare 3 and 7', '#3 vs the 2nd one', 'compare my last two videos' (two platforms
    compare platforms instead)."""
    if len(platforms_in(words.fixed)) >= 2:
        return _scoped(PLATFORMS, words)
    two = _LAST_TWO.search(words.text)
    if two:
        noun = two.group("noun").removesuffix("s")
        return Intent(COMPARE, {"first": f"my latest {noun}", "second": f"my 2nd latest {noun}"})
    found = _COMPARE.search(words.text) or _VS.search(words.text)
    if not found or _figures_only(words.text):
        return None
    first = _one(words.typed_span(*found.span("a")))
    second = _one(words.typed_span(*found.span("b")))
    period = _periods_only(first, second)
    if period is not None:  # "compare this month to last month": views, against the one before
        return Intent(METRIC, {"figure": "views", "period": period})
    return Intent(COMPARE, {"first": first, "second": second})


def _periods_only(first: str, second: str) -> str | None:
    """The first side's period when both sides are periods ("this month", "last week")."""
    from context.rules.figure_words import metric_period_in

    periods = [metric_period_in(side.lower()) for side in (first, second)]
    return periods[0] if None not in periods else None


def _figures_only(text: str) -> bool:
    """'views this week vs last week' compares a figure over periods, not two pieces."""
    from context.rules.figure_words import figure_in
    from context.tools.superlative_refs import superlative_in

    pieces = re.search(r"#?\d", text) or superlative_in(text)
    return figure_in(text) is not None and not pieces


def _one(ref: str) -> str:
    """'my best' → 'my best one', so a bare superlative still names one piece."""
    return f"{ref} one" if _BARE_SUPERLATIVE.search(ref.lower().strip()) else ref


def _matchers() -> tuple[Matcher, ...]:
    from context.rules import change_words as c
    from context.rules import explain_words as x
    from context.rules import families as f
    from context.rules import next_words as n
    from context.rules import plan_words as p
    from context.rules import requests_words as r
    from context.rules import theme_words as t
    from context.rules import view_words as v

    return (
        draft_reply,
        help_or_greeting,
        r.settings_request,
        link,
        r.move_item,
        item_toggle,
        r.remind,
        add_item,
        more_like,
        diagnose,
        x.explain,
        c.why_change,
        c.better_than_before,
        n.next_piece,
        t.theme_platforms,
        f.advice,
        f.titles,
        f.formats,
        p.plans,
        compare,
        f.recent,
        f.timing,
        f.cadence,
        f.why_alone,
        c.months,
        c.period_summary,
        f.reference,
        v.growth,
        f.metric,
        f.new_piece,
        v.content,
        t.ranked_theme,
        v.topics,
    )


MATCHERS: tuple[Matcher, ...] = _matchers()


def parse(text: str, *, has_draft: bool = False, figure: dict[str, Any] | None = None) -> Intent:
    """The intent of one message (slash command or everyday words); ``figure`` is the figure
    last asked about in this conversation, for follow-ups like "and on TikTok?"."""
    stripped = text.strip()[:MAX_PARSED]
    if stripped.startswith("/"):
        from context.rules.commands import parse_command

        return parse_command(stripped)
    words = normalise(stripped)
    from context.rules.families import follow_up

    followed = follow_up(words, figure)
    if followed is not None:
        return followed  # type: ignore[no-any-return]
    for matcher in MATCHERS:
        found = matcher(words, stripped, has_draft)
        if found is not None:
            return found
    return Intent(UNKNOWN)


def closest_command(name: str, commands: list[str]) -> str | None:
    """The command a mistyped one most likely meant."""
    close = difflib.get_close_matches(name, commands, n=1, cutoff=0.7)
    return close[0] if close else None
