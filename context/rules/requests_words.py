"""Requests in words: settings ("stop sending me the digest", "digest at 8am", "I'm in Berlin"),
reminders ("remind me tomorrow to edit the vlog") and re-dating ("move 2.1 to Monday").

A request to stop or change something is never read as anything else: when it is not clear what
should stop or change, the engine asks (CLARIFY), offering buttons for the likely meanings.
"""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words

SETTING, CLARIFY, MOVE_ITEM, REMIND = "setting", "clarify", "move_item", "remind"
_STOP = re.compile(
    r"\b(stop|pause|disable|turn off|switch off|mute|unsubscribe|no more|dont send|do not send|"
    r"dont want|silence|quit sending|opt out|dont remind|never send|turn it off)\b"
)
_START = re.compile(
    r"\b(start|resume|enable|turn on|switch on|unmute|subscribe|send me .* again|"
    r"i want the|turn back on|bring back|turn \w+( \w+)? (back )?on|switch \w+( \w+)? (back )?on)\b"
)
_CHANGE = re.compile(r"\b(change|set|move|switch|reschedule|update|shift)\b")
_DIGEST = re.compile(
    r"\b(digest|daily (summary|summaries|reports?|updates?|messages?)|morning (summary|report)|"
    r"daily|summaries)\b"
)
_BARE_STOP = re.compile(r"\b(sending|messages|messaging|notifications|texts|spam|emails?)\b")
_REMINDERS = re.compile(
    r"\b(reminders?|reminding|remind me|nudges?|notifications?|pings?|alerts?)\b"
)
_QUIET = re.compile(r"\b(quiet hours?|do not disturb|dnd|quiet time|no messages)\b")
_ZONE = re.compile(
    r"\b(?:time ?zone|tz)\b.*?\b(?:to|is|=|in)\s+(?P<zone>[a-z][a-z_/ ]{1,40})$|"
    r"\b(?:i (?:am|m|live|moved)|im|i live|we are|i moved)\s+(?:now\s+)?(?:in|to)\s+"
    r"(?P<city>[a-z][a-z ]{1,40})$"
)
_CLOCK = re.compile(
    r"\b(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>am|pm|a m|p m|h|oclock)?\b"
)
_RANGE = re.compile(
    r"\b(?:from\s+)?(?P<a>\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?)\s*(?:-|to|till|until)\s*"
    r"(?P<b>\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?)\b"
)
_REMIND = re.compile(r"^(?:please |pls |can you |could you )?remind me\b(?P<rest>.*)$")
_WHEN_TO = re.compile(r"^\s*(?P<when>.+?)\s+to\s+(?P<what>.+)$")
_TO_WHEN = re.compile(
    r"^\s*(?:to\s+)?(?P<what>.+?)\s+(?P<when>(?:on |by |this |next |in )?(?:tomorrow|today|tonight|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"next week|the weekend|weekend|end of (?:the )?week|\d+ days?|\d+ weeks?|\d{4}-\d\d-\d\d))$"
)
_MOVE = re.compile(
    r"\b(?:move|reschedule|push|postpone|shift|change) (?:item )?(?P<item>#?\d{1,6}(?:\.\d{1,6})?)"
    r"(?: to| until| till| for| on)? (?P<due>[a-z0-9 -]{2,30})$"
)
NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00", "morning": "08:00",
               "evening": "19:00", "night": "21:00"}  # fmt: skip


def intent_of(name: str, **args: Any) -> Any:
    """An ``intents.Intent`` (imported late: intents imports these matchers)."""
    from context.rules.intents import Intent

    return Intent(name, args)


_intent = intent_of


def clock_time(text: str) -> str | None:
    """'8am' → '08:00', '7:30 pm' → '19:30', '19h' → '19:00', 'noon' → '12:00'."""
    for word, value in NAMED_TIMES.items():
        if re.search(rf"\b{word}\b", text):
            return value
    for found in _CLOCK.finditer(text):
        hour, minute, half = int(found.group("hour")), found.group("minute"), found.group("half")
        if half is None and minute is None:
            continue  # a bare number is an item or a count, not a time
        if half and half.replace(" ", "") == "pm" and hour < 12:
            hour += 12
        if half and half.replace(" ", "") == "am" and hour == 12:
            hour = 0
        return f"{hour:02d}:{int(minute or 0):02d}"
    return None


def settings_request(words: Words, raw: str, has_draft: bool) -> Any:
    """Digest and reminders on/off, digest time, quiet hours, timezone — or a question back."""
    text = words.text
    zone = _ZONE.search(text)
    if zone and (zone.group("zone") or _known_city(zone.group("city"))):
        return _intent(SETTING, what="timezone", value=words.typed_span(*_span(zone)))
    if _QUIET.search(text):
        return _quiet(raw.lower())
    stop, start, change = _STOP.search(text), _START.search(text), _CHANGE.search(text)
    digest, reminders = _DIGEST.search(text), _REMINDERS.search(text)
    if not (stop or start or change):
        return None
    if stop or (start and not change):
        if digest and reminders:
            return _intent(CLARIFY, about="stop" if stop else "start")
        if digest or reminders:
            what = "digest" if digest else "reminders"
            return _intent(SETTING, what=what, value="off" if stop else "on")
        short = len(words.fixed) <= 4 or _BARE_STOP.search(text)
        return _intent(CLARIFY, about="stop") if stop and short else None
    if digest and not reminders:
        at = clock_time(raw.lower())
        if at:
            return _intent(SETTING, what="digest_time", value=at)
        return _intent(CLARIFY, about="digest_time")
    return None


def _known_city(city: str | None) -> bool:
    from context.account.timezones import zone_from_text

    return city is not None and zone_from_text(city) is not None


def _span(found: re.Match[str]) -> tuple[int, int]:
    group = "zone" if found.group("zone") else "city"
    return found.span(group)


def _quiet(text: str) -> Any:
    if re.search(r"\b(off|stop|disable|no|remove|none)\b", text):
        return _intent(SETTING, what="quiet_hours", value="off")
    found = _RANGE.search(text)
    if found is None:
        return _intent(CLARIFY, about="quiet")
    begins, ends = (
        clock_time(_with_suffix(found.group("a"))),
        clock_time(_with_suffix(found.group("b"))),
    )
    if begins is None or ends is None:
        return _intent(CLARIFY, about="quiet")
    return _intent(SETTING, what="quiet_hours", value=f"{begins}-{ends}")


def _with_suffix(part: str) -> str:
    part = part.strip()
    return part if re.search(r"[:.]|am|pm", part) else f"{part}:00"


def remind(words: Words, raw: str, has_draft: bool) -> Any:
    """'remind me tomorrow to edit the vlog', 'remind me to post the reel on friday'."""
    found = _REMIND.search(words.text)
    if found is None:
        return None
    rest = found.group("rest").strip()
    if not rest or rest.startswith(("about my digest", "of my digest")):
        return None
    after = _TO_WHEN.match(rest)
    if after and not rest.startswith(("tomorrow", "on ", "next ", "in ", "this ")):
        return _intent(
            REMIND, title=_typed(words, raw, after.group("what")), due=after.group("when")
        )
    before = _WHEN_TO.match(rest)
    if before:
        return _intent(
            REMIND, title=_typed(words, raw, before.group("what")), due=before.group("when")
        )
    return _intent(REMIND, title=_typed(words, raw, rest.removeprefix("to ")), due=None)


def _typed(words: Words, raw: str, fixed: str) -> str:
    """The title as typed (case kept) for a span of the corrected text."""
    start = words.text.find(fixed)
    return words.typed_span(start, start + len(fixed)) if start >= 0 else fixed


def move_item(words: Words, raw: str, has_draft: bool) -> Any:
    """'move 2.1 to Monday', 'push 3 to next week'."""
    found = _MOVE.search(words.text)
    if found is None:
        return None
    return _intent(MOVE_ITEM, item=found.group("item"), due=found.group("due").strip())
