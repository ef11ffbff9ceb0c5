"""Rich rendering of plans for the terminal (the `plans` commands print through these)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from bot.cli.safe_text import shown
from plans import ItemChange, PlanDraft, PlanSummary, PlanView, due_label

BAR_WIDTH = 10
DONE_MARK = "✅"


def progress_bar(percent: int) -> str:
    """A ten-cell bar: '███░░░░░░░ 30 %'."""
    filled = round(BAR_WIDTH * percent / 100)
    return f"{'█' * filled}{'░' * (BAR_WIDTH - filled)} {percent} %"


def print_summaries(console: Console, plans: list[PlanSummary], status: str) -> None:
    """The plan cards of one tab as a table."""
    if not plans:
        console.print(f"No {'' if status == 'all' else status + ' '}plans.")
        return
    table = Table("#", "plan", "status", "progress", "done", "next")
    for plan in plans:
        table.add_row(
            str(plan.number),
            shown(plan.name),
            plan.status,
            progress_bar(plan.progress_percentage),
            f"{plan.completed_items}/{plan.total_items}",
            _next(plan),
        )
    console.print(table)


def _next(plan: PlanSummary) -> str:
    if plan.ready_to_complete:
        return "all done: mark complete?"
    if plan.urgency is None:
        return ""
    return f"{plan.urgency.symbol} {plan.next_due_ref} {plan.next_due_label}"


def print_plan(console: Console, plan: PlanView) -> None:
    """One plan with its items, outcomes and, when everything is done, the completion offer."""
    console.print(f"[bold]Plan {plan.number}: {shown(plan.name)}[/bold]  ({plan.status})")
    console.print(f"Goal: {shown(plan.goal)}")
    if plan.timeline:
        console.print(f"Timeline: {shown(plan.timeline)}")
    if plan.source_content_number is not None:
        console.print(f"Made from piece {plan.source_content_number}")
    console.print(
        f"Progress: {progress_bar(plan.progress_percentage)} "
        f"({plan.completed_items}/{plan.total_items} items)"
    )
    for outcome in plan.outcomes:
        console.print(f"  {outcome.text}")
    if plan.items:
        console.print(_items_table(plan))
    if plan.notes:
        console.print(f"Notes: {shown(plan.notes)}")
    if plan.completion_prompt:
        console.print(
            f"{plan.completion_prompt} Run: whatsworking plans update {plan.number} "
            "--status completed"
        )


def _items_table(plan: PlanView) -> Table:
    table = Table("id", "", "item", "due", "hours", "piece")
    for item in plan.items:
        mark = DONE_MARK if item.is_completed else (item.urgency.symbol if item.urgency else "")
        hours = f"{item.estimated_hours:g}" if item.estimated_hours else ""
        piece = str(item.linked_content_number) if item.linked_content_number else ""
        table.add_row(item.ref, mark, shown(item.title), item.due_label, hours, piece)
    return table


def print_change(console: Console, change: ItemChange) -> None:
    """The one-line result of an item command, plus the item's outcome comparisons."""
    console.print(shown(change.message))
    for outcome in change.item.outcomes:
        console.print(f"  {outcome.text}")


def print_draft(console: Console, draft: PlanDraft, tz: ZoneInfo) -> None:
    """A draft as the creator will confirm it."""
    console.print(f"[bold]Draft: {shown(draft.name)}[/bold]")
    console.print(f"Goal: {shown(draft.goal)}")
    if draft.timeline:
        console.print(f"Timeline: {draft.timeline}")
    for metric, value in draft.projected_outcome.items():
        console.print(f"  projected {metric.replace('_', ' ')}: {value}")
    table = Table("#", "item", "due", "hours", "why")
    for n, item in enumerate(draft.items, start=1):
        hours = f"{item.estimated_hours:g}" if item.estimated_hours else ""
        due = due_label(item.due_date, item.due_time_known, tz)
        table.add_row(str(n), shown(item.title), due, hours, shown(item.description or ""))
    console.print(table)
