"""The button actions the agent hands out and understands (encoded by ``Action.encode``).

Arguments are short strings so an encoded action fits Telegram's 64-byte callback data:

- ``tab:VIEW,PERIOD,PLATFORM`` — a dashboard tab (summary, top, attention, themes, platforms);
  PLATFORM is ``all`` for every platform. Tabs and filters edit the message in place.
- ``piece:N`` details of piece N; ``why:N`` why it worked; ``more:N`` / ``diag:N`` draft a plan.
- ``mkplan`` draft a plan from this conversation; ``save`` / ``discard`` the waiting draft.
- Per-piece buttons and ``mkplan`` may carry where they were pressed (their *origin*):
  ``why:N,VIEW,PERIOD,PLATFORM`` came from a dashboard tab, ``mkplan:N`` from piece N's details.
  Their reply edits the message in place and offers "Back" to that origin.
- ``plans:STATUS`` list plans; ``plan:N`` show plan N; ``toggle:P.I`` tick or untick an item.
- ``besttime`` posting windows; ``idea`` the next piece's brief; ``help``.
- ``change:FIGURE,PERIOD,PLATFORM`` why a figure moved over a period (PLATFORM ``all`` for every
  platform), offered under a figure that went up or down.
"""

from __future__ import annotations

from context.reply import Action

TAB = "tab"
PIECE = "piece"
WHY = "why"
MORE = "more"
DIAGNOSE = "diag"
MAKE_PLAN = "mkplan"
SAVE = "save"
DISCARD = "discard"
PLANS = "plans"
PLAN = "plan"
TOGGLE = "toggle"
BEST_TIME = "besttime"
NEXT_PIECE = "idea"
HELP = "help"
CHANGE = "change"
ALL_PLATFORMS = "all"
BACK = "« Back"
# Actions whose reply replaces the message that carried the button.
EDIT_IN_PLACE = frozenset({TAB, TOGGLE})
# Buttons about one piece: their first argument is its number, the rest an optional origin.
PER_PIECE = frozenset({PIECE, WHY, MORE, DIAGNOSE})
TAB_ARGS = 3


def tab(view: str, period: str, platform: str | None) -> Action:
    """The action of a dashboard tab or filter button."""
    return Action(TAB, (view, period, platform or ALL_PLATFORMS))


def change(figure: str, period: str, platform: str | None) -> Action:
    """The action of "Why?" under a figure that moved."""
    return Action(CHANGE, (figure, period, platform or ALL_PLATFORMS))


def on_piece(name: str, number: int, origin: Action | None = None) -> Action:
    """An action about one piece (details, why, more, diagnose), pressed from ``origin``."""
    return Action(name, (str(number), *origin_args(origin)))


def origin_args(origin: Action | None) -> tuple[str, ...]:
    """What a button records of where it was pressed: a tab's args, or a piece's number."""
    if origin is None:
        return ()
    if origin.name == TAB and len(origin.args) == TAB_ARGS:
        return origin.args
    if origin.name == PIECE and origin.args:
        return origin.args[:1]
    return ()


def origin_of(action: Action) -> Action | None:
    """The tab or piece details a per-piece or "Create plan" button was pressed from, if known."""
    if action.name in PER_PIECE:
        args = action.args[1:]
    elif action.name == MAKE_PLAN:
        args = action.args
    else:
        return None
    if len(args) == TAB_ARGS:
        return Action(TAB, args)
    if len(args) == 1 and args[0].isdigit():
        return Action(PIECE, args)
    return None


def with_origin(action: Action, origin: Action | None) -> Action:
    """``action`` remembering ``origin``, when it is a per-piece or plan button without one."""
    extra = origin_args(origin)
    if action.name in PER_PIECE and len(action.args) == 1:
        return Action(action.name, action.args + extra)
    if action.name == MAKE_PLAN and not action.args:
        return Action(MAKE_PLAN, extra)
    return action
