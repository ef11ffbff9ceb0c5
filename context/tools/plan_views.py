"""How plans, items and drafts read in chat: checkboxes, urgency symbols, save/discard buttons."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from context import actions
from context.reply import Action, Block, BulletList, Button, Headline, Paragraph, Reply
from plans import PlanDraft, due_label
from plans.views import ItemView, PlanSummary, PlanView

CHECKBOX_ROW = 10
DONE, OPEN = "☑", "☐"
MAX_PLAN_BUTTONS = 5


def item_line(item: ItemView) -> str:
    """'☐ 3.2 Film b-roll — 🟡 Fri 4 Dec 2026' (done items show when they were done)."""
    box = DONE if item.is_completed else OPEN
    when = f" — {item.urgency.symbol} {item.due_label}" if item.urgency and item.due_date else ""
    linked = f" (piece #{item.linked_content_number})" if item.linked_content_number else ""
    return f"{box} {item.ref} {item.title}{when}{linked}"


def plan_line(plan: PlanSummary) -> str:
    """'🟠 Plan 3: Name — 2/5 done (40 %) · next 3.2 due Fri 4 Dec 2026'."""
    symbol = f"{plan.urgency.symbol} " if plan.urgency else ""
    line = (
        f"{symbol}Plan {plan.number}: {plan.name} — {plan.completed_items}/{plan.total_items} "
        f"done ({plan.progress_percentage} %)"
    )
    if plan.next_due_ref:
        line += f" · next {plan.next_due_ref} ({plan.next_due_label})"
    return line


def plan_blocks(plan: PlanView) -> list[Block]:
    """A plan with its goal, progress and every item."""
    blocks: list[Block] = [
        Headline(f"Plan {plan.number}: {plan.name}"),
        Paragraph(
            f"{plan.goal} — {plan.completed_items}/{plan.total_items} done "
            f"({plan.progress_percentage} %), {plan.status}."
        ),
    ]
    if plan.items:
        blocks.append(BulletList(tuple(item_line(i) for i in plan.items)))
    if plan.completion_prompt:
        blocks.append(Paragraph(plan.completion_prompt))
    return blocks


def checkbox_buttons(plan: PlanView) -> list[Button]:
    """One toggle per item, each on its own row."""
    return [
        Button(
            f"{DONE if i.is_completed else OPEN} {i.ref} {i.title}",
            Action(actions.TOGGLE, (i.ref,)),
            CHECKBOX_ROW + index,
        )
        for index, i in enumerate(plan.items)
    ]


def plan_reply(plan: PlanView, *, lead: str | None = None) -> Reply:
    """A plan as a reply with checkboxes; ``lead`` is said first (e.g. what just changed)."""
    blocks = ([Paragraph(lead)] if lead else []) + plan_blocks(plan)
    return Reply(tuple(blocks), tuple(checkbox_buttons(plan)))


def plan_facts(plan: PlanView) -> str:
    """The plan as text for the model."""
    return "\n".join(
        [f"Plan {plan.number}: {plan.name}. Goal: {plan.goal}. {plan.progress_percentage} % done."]
        + [item_line(i) for i in plan.items]
    )


def plans_buttons(plans: list[PlanSummary]) -> list[Button]:
    """'Open plan 3' for the first few plans."""
    return [
        Button(f"Open plan {p.number}", Action(actions.PLAN, (str(p.number),)), 4)
        for p in plans[:MAX_PLAN_BUTTONS]
    ]


def draft_lines(draft: PlanDraft, tz: ZoneInfo) -> tuple[str, ...]:
    """Each drafted item with its due date on the creator's calendar."""
    return tuple(
        f"{item.title} — {due_label(item.due_date, item.due_time_known, tz)}"
        if item.due_date
        else item.title
        for item in draft.items
    )


def draft_reply(draft: PlanDraft, tz: ZoneInfo) -> Reply:
    """A drafted plan waiting for the creator to save or discard it."""
    blocks: tuple[Block, ...] = (
        Headline(f"Draft plan: {draft.name}"),
        Paragraph(draft.goal),
        BulletList(draft_lines(draft, tz)),
        Paragraph("Nothing is saved yet: save it to start tracking, or discard it."),
    )
    buttons = (
        Button("Save plan", Action(actions.SAVE), 0),
        Button("Discard", Action(actions.DISCARD), 0),
    )
    return Reply(blocks, buttons)


def draft_facts(draft: PlanDraft, tz: ZoneInfo) -> str:
    """The draft as text for the model; it says the creator must confirm."""
    items = "; ".join(draft_lines(draft, tz))
    return (
        f"Drafted (NOT saved) plan {draft.name!r}. Goal: {draft.goal} Items: {items}. "
        "The creator saves it with the Save plan button or by saying 'save it'."
    )
