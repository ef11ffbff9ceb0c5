"""The button actions the agent hands out and understands (encoded by ``Action.encode``).

Arguments are short strings so an encoded action fits Telegram's 64-byte callback data:

- ``tab:VIEW,PERIOD,PLATFORM`` — a dashboard tab (summary, top, attention, themes, platforms);
  PLATFORM is ``all`` for every platform. Tabs and filters edit the message in place.
- ``piece:N`` details of piece N; ``why:N`` why it worked; ``more:N`` / ``diag:N`` draft a plan.
- ``mkplan`` draft a plan from this conversation; ``save`` / ``discard`` the waiting draft.
- ``plans:STATUS`` list plans; ``plan:N`` show plan N; ``toggle:P.I`` tick or untick an item.
- ``besttime`` posting windows; ``help``.
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
HELP = "help"
ALL_PLATFORMS = "all"
# Actions whose reply replaces the message that carried the button.
EDIT_IN_PLACE = frozenset({TAB, TOGGLE})


def tab(view: str, period: str, platform: str | None) -> Action:
    """The action of a dashboard tab or filter button."""
    return Action(TAB, (view, period, platform or ALL_PLATFORMS))


def on_piece(name: str, number: int) -> Action:
    """An action about one piece (details, why, more, diagnose)."""
    return Action(name, (str(number),))
