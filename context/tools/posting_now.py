"""Whether to post now, today or tomorrow, by the creator's best and weakest windows.

"Is now a good time to post?", "when should I post tomorrow?" and the "When" line of the next
piece's brief read the stored windows (``insights.views.posting_windows``) against the creator's
own clock: the moment is converted to their timezone before any window is looked at.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from insights.posting_moment import Opening, next_opening, open_at, opening_on
from insights.windows import Window

if TYPE_CHECKING:  # insights.views loads the scoring (numpy): not on a one-shot `ask`
    from insights.views import Pattern, PostingWindows

Moment = Literal[
    "now", "today", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
]  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NO_WINDOW = (
    "No posting window stands out in your data, so by your own numbers no hour is better than "
    "another."
)


def window_of(pattern: Pattern | None) -> Window | None:
    """The window a stored timing pattern describes."""
    if pattern is None or pattern.pattern_key is None:
        return None
    return Window.from_data(pattern.pattern_key, pattern.supporting_data)


def clock(at: datetime) -> str:
    """'14:00'."""
    return f"{at:%H:%M}"


def day_name(day: date) -> str:
    """'Wed 9 Dec'."""
    return f"{day:%a} {day.day} {day:%b}"


def stretch(opening: Opening) -> str:
    """'Wed 9 Dec, 12:00-18:00', 'Mon 7 Dec, 23:00 to 05:00', 'Sat 12 Dec to Mon 14 Dec'."""
    start, end = opening.start, opening.end
    if start.hour == 0 and end.hour == 0 and end - start >= timedelta(days=1):
        last = (end - timedelta(days=1)).date()
        days = day_name(start.date()) + ("" if last == start.date() else f" to {day_name(last)}")
        return f"{days} (all day)"
    joint = "-" if end.date() == start.date() or end.hour == 0 else " to "
    return f"{day_name(start.date())}, {clock(start)}{joint}{clock(end)}"


def until(opening: Opening, local: datetime) -> str:
    """'until 18:00', or 'until Mon 14 Dec 00:00' when it ends on another day."""
    if opening.end.date() == local.date() or opening.end - local <= timedelta(hours=12):
        return f"until {clock(opening.end)}"
    return f"until {day_name(opening.end.date())} {clock(opening.end)}"


def next_best(best: Window, local: datetime) -> str:
    """'Your best window next opens Wed 9 Dec at 12:00.'"""
    opening = next_opening(best, local)
    if opening is None:
        return ""
    start = opening.start
    return f"Your best window next opens {day_name(start.date())} at {clock(start)}."


def moment_line(windows: PostingWindows, now: datetime, moment: Moment) -> str:
    """The line for 'now', 'today' or 'tomorrow'."""
    return now_line(windows, now) if moment == "now" else day_line(windows, now, moment)


def now_line(windows: PostingWindows, now: datetime) -> str:
    """Whether the creator's local 'now' is in their best window, their weakest, or neither."""
    local = now.astimezone(ZoneInfo(windows.timezone))
    best, worst = window_of(windows.best), window_of(windows.worst)
    if best is None and worst is None:
        return NO_WINDOW
    said = f"{local:%a} {clock(local)}, {windows.timezone}"
    in_best = open_at(best, local) if best else None
    if in_best is not None:
        return f"Yes: now ({said}) is inside your best window, {until(in_best, local)}."
    in_worst = open_at(worst, local) if worst else None
    after = next_best(best, local) if best else ""
    if in_worst is not None:
        return f"Not now: it is {said}, in your weakest window ({until(in_worst, local)}). {after}"
    if best is None:
        return f"Now ({said}) is outside your weakest window; no best window stands out."
    return f"Now ({said}) is outside your best window. {after}"


def day_line(windows: PostingWindows, now: datetime, moment: Moment) -> str:
    """The best (and weakest) stretch of today or tomorrow, or when the best one next opens."""
    local = now.astimezone(ZoneInfo(windows.timezone))
    best, worst = window_of(windows.best), window_of(windows.worst)
    if best is None and worst is None:
        return NO_WINDOW
    lines = [best_on_day(best, local, moment) if best else ""]
    weak = opening_on(worst, the_day(local, moment), local) if worst else None
    if weak is not None and weak.end > local:
        lines.append(f"Avoid {clock(weak.start)}-{clock(weak.end)}: your weakest window.")
    return " ".join(line for line in lines if line)


def the_day(local: datetime, moment: Moment) -> date:
    """The local date 'today', 'tomorrow' or a weekday names (a weekday: the next one, today
    included)."""
    if moment in WEEKDAYS:
        return local.date() + timedelta(days=(WEEKDAYS.index(moment) - local.weekday()) % 7)
    return local.date() + timedelta(days=1 if moment == "tomorrow" else 0)


def day_label(local: datetime, moment: Moment) -> str:
    """'Tomorrow (Wed 9 Dec)', 'Friday (11 Dec)'."""
    day = the_day(local, moment)
    if moment in WEEKDAYS:
        return f"{moment.capitalize()} ({day.day} {day:%b})"
    return f"{moment.capitalize()} ({day_name(day)})"


def best_on_day(best: Window, local: datetime, moment: Moment) -> str:
    """'Tomorrow (Wed 9 Dec): your best window runs 12:00-18:00.', or when it has passed, is
    running, or is not on that day and next opens."""
    day = the_day(local, moment)
    named = day_label(local, moment)
    opening = opening_on(best, day, local)
    if opening is None:
        # A weekday asked about: the window's next day after it, not after now.
        start = datetime.combine(day, time(), local.tzinfo) if moment in WEEKDAYS else local
        return f"{named} is not one of your best window's days. {next_best(best, start)}"
    if opening.end <= local:
        after = next_best(best, local)
        return f"{named}: your best window ({stretch(opening)}) has passed. {after}"
    if opening.start <= local:
        return f"{named}: you are in your best window now, {until(opening, local)}."
    return f"{named}: your best window runs {clock(opening.start)}-{clock(opening.end)}."
