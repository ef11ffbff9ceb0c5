"""Action plans: plans and items, progress, urgency, outcomes, and plans drafted from insights.

Every function takes the session, the creator's id and an explicit ``now``; another creator's
plan or item is "not found" and nothing changes. Times in views are in the creator's timezone.
"""

from plans.commands import ItemEdit, ItemRef, ItemSpec
from plans.conversation import draft_plan_from_conversation
from plans.drafts import PlanDraft, plan_from_content, save_draft
from plans.items import (
    add_item,
    complete_item,
    edit_item,
    link_item,
    remove_item,
    reorder_items,
    uncomplete_item,
)
from plans.outcomes import OutcomeComparison
from plans.parsing import parse_due, parse_hours, parse_item_spec
from plans.reminders import DueItem, due_items
from plans.service import create_plan, delete_plan, get_plan, list_plans, update_plan
from plans.urgency import Urgency, due_label, urgency
from plans.views import ItemChange, ItemView, PlanSummary, PlanView

__all__ = [
    "DueItem",
    "ItemChange",
    "ItemEdit",
    "ItemRef",
    "ItemSpec",
    "ItemView",
    "OutcomeComparison",
    "PlanDraft",
    "PlanSummary",
    "PlanView",
    "Urgency",
    "add_item",
    "complete_item",
    "create_plan",
    "delete_plan",
    "draft_plan_from_conversation",
    "due_items",
    "due_label",
    "edit_item",
    "get_plan",
    "link_item",
    "list_plans",
    "parse_due",
    "parse_hours",
    "parse_item_spec",
    "plan_from_content",
    "remove_item",
    "reorder_items",
    "save_draft",
    "uncomplete_item",
    "update_plan",
    "urgency",
]
