"""Reply pieces the tools share: piece references, dashboard tabs, filters and piece buttons."""

from __future__ import annotations

from context import actions
from context.formatting import performance_line, platform_name
from context.reply import Action, Button, ContentRef
from insights.view_models import PieceSummary

TABS = (
    ("summary", "Overview"),
    ("top", "Top performers"),
    ("attention", "Needs attention"),
    ("themes", "Themes"),
    ("platforms", "Platforms"),
)
PERIOD_LABELS = (("7d", "7 days"), ("30d", "30 days"), ("90d", "90 days"), ("all", "All time"))
PLATFORM_LABELS = (
    (None, "All"),
    ("youtube", "YouTube"),
    ("instagram", "Instagram"),
    ("tiktok", "TikTok"),
)
TAB_ROW, PERIOD_ROW, PLATFORM_ROW, PIECE_ROW, PLAN_ROW = 0, 1, 2, 3, 4
CURRENT = "• "
MAX_PIECE_BUTTONS = 5


def piece_ref(piece: PieceSummary) -> ContentRef:
    """A piece as a content reference with its headline figures."""
    return ContentRef(
        piece.number,
        piece.title,
        platform_name(piece.platform),
        performance_line(piece.performance),
    )


def _marked(label: str, current: bool) -> str:
    return f"{CURRENT}{label}" if current else label


def dashboard_buttons(view: str, period: str, platform: str | None) -> list[Button]:
    """The tab row, and the period and platform filters of the current tab."""
    buttons = [
        Button(_marked(label, name == view), actions.tab(name, period, platform), TAB_ROW)
        for name, label in TABS
    ]
    if view in ("summary", "top", "attention", "platforms"):
        buttons += [
            Button(_marked(label, key == period), actions.tab(view, key, platform), PERIOD_ROW)
            for key, label in PERIOD_LABELS
        ]
    if view in ("summary", "top", "attention"):
        buttons += [
            Button(_marked(label, key == platform), actions.tab(view, period, key), PLATFORM_ROW)
            for key, label in PLATFORM_LABELS
        ]
    return buttons


def piece_buttons(
    number: int, category: str | None, *, can_repeat: bool = True, can_diagnose: bool = True
) -> list[Button]:
    """What can be done with one piece: why it worked or diagnose, more like it, a plan.

    "Make more like this" needs success factors and "Diagnose" failure factors: a button that
    can only answer "nothing to repeat" is not offered.
    """
    row = PIECE_ROW
    found: list[Button] = []
    if category != "underperforming":
        found.append(Button("Why it worked", actions.on_piece(actions.WHY, number), row))
        if can_repeat:
            found.append(Button("Make more like this", actions.on_piece(actions.MORE, number), row))
    if category != "overperforming" and can_diagnose:
        found.append(Button("Diagnose", actions.on_piece(actions.DIAGNOSE, number), row))
    found.append(Button("Create plan", Action(actions.MAKE_PLAN), PLAN_ROW))
    return found


def details_buttons(pieces: list[PieceSummary], origin: Action | None = None) -> list[Button]:
    """'Details #12' for the first few listed pieces; ``origin`` is the tab they are listed on."""
    return [
        Button(f"Details #{p.number}", actions.on_piece(actions.PIECE, p.number, origin), PIECE_ROW)
        for p in pieces[:MAX_PIECE_BUTTONS]
    ]
