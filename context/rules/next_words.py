"""Asking for the next piece ("give me a video idea", "what should I post tomorrow?") and the
moment a question is about ("is now a good time to post?", "when should I post tomorrow?").

Asking what to post, make or film is asked of the next piece: its brief names a theme, a place,
a time and pieces to start from. Asking what to do, try or change stays the overall advice.
"""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words
from context.rules.requests_words import intent_of as _intent
from context.rules.slots import platform_in

_PIECE = r"(video|videos|vid|post|piece|reel|reels|short|shorts|tiktok|tiktoks|upload|content|clip)"
_MAKE = r"(post|make|film|shoot|create|upload|record|put out|publish|drop)"
_WHEN = r"( next| today| tonight| tomorrow| this week| next week| this weekend)?"
_NEXT_PIECE = re.compile(
    rf"\b{_PIECE} ideas?\b|\bideas? for (my |a |the )?(next |new |upcoming )?{_PIECE}\b|"
    rf"\bwhat should (my|the) (next|new) {_PIECE} be\b|"
    rf"\bwhat (should|shall|can|could|do) (i|we) {_MAKE}{_WHEN}( then)?\??$|"
    rf"\bwhat (to|else to) {_MAKE}{_WHEN}\??$|"
    rf"\bwhat (kind of )?{_PIECE} should (i|we) (make|post|do|film|shoot|create) ?(next|today|"
    rf"tomorrow|tonight)?\??$|"
    rf"\b(plan|brief|outline) (for )?(my|the) next {_PIECE}\b|\bnext {_PIECE} (idea|ideas|topic)\b|"
    rf"\b(inspire|inspiration)\b.*\b{_PIECE}\b|\bi need (an |some )?ideas?\b"
)
_TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr|tomorow|tommorow)\b")
_WEEKDAY = re.compile(
    r"\b(?:on |is |this |next )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?!s)"
)
_TODAY = re.compile(r"\b(today|tonight|this (morning|afternoon|evening))\b")
# "when is my next best time": said from now, so the answer says whether now is and when next.
_NOW = re.compile(
    r"\b(right now|now|rn|at the moment|atm|right away)\b(?! on\b)|"
    r"\bnext (best |good )?(time|window|slot|chance)\b"
)
_ON_PLATFORM = re.compile(r"\b(on|for|to) (my )?(youtube|instagram|tiktok)\b")


def day_in(text: str) -> str | None:
    """'tomorrow' or 'today' when the text names one."""
    if _TOMORROW.search(text):
        return "tomorrow"
    return "today" if _TODAY.search(text) else None


def moment_in(text: str) -> str | None:
    """'tomorrow', 'today', a weekday ('is monday a good day to post') or 'now' when the text
    names one."""
    weekday = _WEEKDAY.search(text)
    return (
        day_in(text)
        or (weekday.group(1) if weekday else None)
        or ("now" if _NOW.search(text) else None)
    )


def next_piece(words: Words, raw: str, has_draft: bool) -> Any:
    """What to post, make or film next; one named platform goes to that platform's advice."""
    text = words.text
    if not _NEXT_PIECE.search(text):
        return None
    platform = platform_in(words.fixed)
    if platform and _ON_PLATFORM.search(text):
        return _intent("platform_advice", platform=platform)
    day = day_in(text)
    return _intent("next_piece", **({"day": day} if day else {}))
