"""The one tool set both engines use, bound to one creator and conversation.

``build_tools`` gives every tool; ``llm_tools`` leaves out the ones only a person may trigger
(saving or discarding a draft, pressing a checkbox), so text a model read cannot confirm a plan,
and turns the model's item writes into buttons (``proposals``).
"""

from __future__ import annotations

from collections.abc import Callable

from context.tools.advice import WhatToDo
from context.tools.base import Mentions, Tool, ToolContext
from context.tools.breakdowns import BestPostingTimes, ListContent, Platforms, Themes
from context.tools.cadence import PostingCadence
from context.tools.explain_terms import ExplainTerms
from context.tools.figure_change import ExplainChange
from context.tools.figures import QueryFigure
from context.tools.formats import Formats
from context.tools.growth import QueryGrowth
from context.tools.items import (
    AddItem,
    CompleteItem,
    ItemTool,
    LinkItem,
    ToggleItem,
    UncompleteItem,
)
from context.tools.monthly import MonthByMonth
from context.tools.next_piece import NextPiece
from context.tools.performance import QueryPerformance
from context.tools.pieces import ComparePieces, ExplainPiece
from context.tools.planning import (
    CreatePlan,
    DiscardPlan,
    DraftPlanFromChat,
    ListPlans,
    PlanFromPiece,
    SavePlan,
    ShowPlan,
)
from context.tools.platform_advice import PlatformAdvice
from context.tools.proposals import CONFIRMED_BY_BUTTON, MODEL_MAY_NOT_CALL, ConfirmFirst
from context.tools.recent import RecentPieces
from context.tools.requests import ChangeSetting, MoveItem, RemindMe
from context.tools.snooze import SnoozeItem
from context.tools.theme_platforms import ThemePlatformsTool
from context.tools.titles import CompareTitles

__all__ = ["Mentions", "ToolContext", "build_tools", "llm_tools"]

TOOL_TYPES: tuple[Callable[[ToolContext], Tool], ...] = (
    QueryPerformance,
    QueryFigure,
    ExplainChange,
    QueryGrowth,
    MonthByMonth,
    ListContent,
    ExplainPiece,
    ComparePieces,
    BestPostingTimes,
    WhatToDo,
    NextPiece,
    PlatformAdvice,
    ThemePlatformsTool,
    ExplainTerms,
    Themes,
    Platforms,
    Formats,
    PostingCadence,
    RecentPieces,
    CompareTitles,
    CreatePlan,
    DraftPlanFromChat,
    PlanFromPiece,
    ListPlans,
    ShowPlan,
    AddItem,
    CompleteItem,
    UncompleteItem,
    LinkItem,
    SavePlan,
    DiscardPlan,
    ToggleItem,
    SnoozeItem,
    ChangeSetting,
    MoveItem,
    RemindMe,
)
# Settings and re-dating are typed by a person; a model gets read tools and the plan tools only.
PERSON_ONLY = frozenset(
    tool.name for tool in (SavePlan, DiscardPlan, ToggleItem, ChangeSetting, MoveItem, RemindMe)
)


def build_tools(ctx: ToolContext) -> list[Tool]:
    """Every tool, bound to ``ctx``."""
    return [make(ctx) for make in TOOL_TYPES]


def llm_tools(tools: list[Tool]) -> list[Tool]:
    """The tools a model may call; its writes become buttons the creator presses."""
    return [_for_model(tool) for tool in tools if tool.name not in PERSON_ONLY | MODEL_MAY_NOT_CALL]


def _for_model(tool: Tool) -> Tool:
    if tool.name in CONFIRMED_BY_BUTTON and isinstance(tool, ItemTool):
        return ConfirmFirst(tool)
    return tool
