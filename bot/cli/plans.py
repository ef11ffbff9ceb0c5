"""`whatsworking plans …`: list, show, create, update and delete plans; tick items off."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from bot.cli.plans_render import print_change, print_draft, print_plan, print_summaries
from plans import (
    ItemChange,
    add_item,
    complete_item,
    create_plan,
    delete_plan,
    get_plan,
    link_item,
    list_plans,
    parse_item_spec,
    plan_from_content,
    remove_item,
    save_draft,
    uncomplete_item,
    update_plan,
)
from storage import Session
from storage.creators import resolve_creator
from storage.errors import InvalidInput

app = typer.Typer(help="Action plans: what to do next, and how it went.", no_args_is_help=True)

_NUMBER = re.compile(r"^\s*#?\s*(\d+)\s*$")
ItemArg = Annotated[str, typer.Argument(help="Item id such as 3.2 (plan 3, item 2).")]
PlanArg = Annotated[str, typer.Argument(help="Plan number, e.g. 3.")]
ItemOption = Annotated[
    list[str] | None,
    typer.Option("--item", help='An item: "title|DUE|2h" (DUE and hours optional). Repeatable.'),
]


class Scope:
    """One command's session, creator, timezone and clock reading."""

    def __init__(self, session: Session, creator_id: uuid.UUID, tz: ZoneInfo, now: datetime):
        self.session, self.creator_id, self.tz, self.now = session, creator_id, tz, now


@contextmanager
def scoped(db: str | None, creator: str | None, *, write: bool = True) -> Iterator[Scope]:
    """Open the app and a unit of work (or a read) for the chosen creator."""
    with open_app(db) as wired, wired.db.unit_of_work() if write else wired.db.read() as s:
        owner = resolve_creator(s, creator)
        yield Scope(s, owner.id, ZoneInfo(owner.timezone), wired.clock.now())


def number_of(text: str, what: str = "plan") -> int:
    """A short number the person typed ("3" or "#3"), or InvalidInput."""
    match = _NUMBER.match(text or "")
    if not match:
        raise InvalidInput(f"{what} ids are whole numbers like 3; got {text!r}")
    return int(match.group(1))


@app.command("list")
def list_(
    status: Annotated[str, typer.Option(help="active, completed, archived or all.")] = "active",
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """List plans (the active ones unless told otherwise)."""
    with scoped(db, creator, write=False) as s:
        plans = list_plans(s.session, s.creator_id, status=status.strip().lower(), now=s.now)
    if json_:
        print_json(plans)
    else:
        print_summaries(console, plans, status)


@app.command("show")
def show(
    plan: PlanArg, creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Show one plan with its items and outcomes."""
    with scoped(db, creator, write=False) as s:
        view = get_plan(s.session, s.creator_id, number_of(plan), now=s.now)
    if json_:
        print_json(view)
    else:
        print_plan(console, view)


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="What the plan is called.")],
    goal: Annotated[str, typer.Option(help="What the plan should achieve.")],
    item: ItemOption = None,
    timeline: Annotated[str | None, typer.Option(help="E.g. 'next 2 weeks'.")] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes.")] = None,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Create a plan; DUE is 2026-12-01, 2026-12-01T14:00 (your timezone) or with an offset."""
    with scoped(db, creator) as s:
        specs = [parse_item_spec(text, s.tz, now=s.now) for text in item or []]
        view = create_plan(
            s.session,
            s.creator_id,
            name=name,
            goal=goal,
            items=specs,
            timeline=timeline,
            notes=notes,
            now=s.now,
        )
    if json_:
        print_json(view)
    else:
        print_plan(console, view)


@app.command("from-content")
def from_content(
    content: Annotated[str, typer.Argument(help="Piece number, e.g. 12.")],
    mode: Annotated[
        str, typer.Option(help="more (repeat a hit) or diagnose (fix a flop).")
    ] = "more",
    yes: Annotated[bool, typer.Option("--yes", help="Save without asking.")] = False,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Draft a plan from a piece's insights, show it, and save it once confirmed."""
    with scoped(db, creator) as s:
        number = number_of(content, "piece")
        draft = plan_from_content(s.session, s.creator_id, number, mode=mode.strip(), now=s.now)
        if json_ and not yes:
            print_json(draft.to_dict())
            typer.echo("not saved: pass --yes to save this draft", err=True)
            return
        if not json_:
            print_draft(console, draft, s.tz)
        if not yes and not typer.confirm("Save this plan?", default=True):
            console.print("Not saved.")
            return
        view = save_draft(s.session, s.creator_id, draft, now=s.now)
    if json_:
        print_json(view)
    else:
        console.print(f"Saved as plan {view.number}.")


@app.command("update")
def update(
    plan: PlanArg,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    goal: Annotated[str | None, typer.Option(help="New goal.")] = None,
    status: Annotated[str | None, typer.Option(help="active, completed or archived.")] = None,
    notes: Annotated[str | None, typer.Option(help="New notes ('' clears them).")] = None,
    timeline: Annotated[str | None, typer.Option(help="New timeline ('' clears it).")] = None,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Change a plan's name, goal, status, notes or timeline."""
    if all(v is None for v in (name, goal, status, notes, timeline)):
        raise InvalidInput(
            "nothing to change: give --name, --goal, --status, --notes or --timeline"
        )
    with scoped(db, creator) as s:
        view = update_plan(
            s.session,
            s.creator_id,
            number_of(plan),
            name=name,
            goal=goal,
            timeline=timeline,
            status=status.strip().lower() if status else None,
            notes=notes,
            now=s.now,
        )
    if json_:
        print_json(view)
    else:
        print_plan(console, view)


@app.command("delete")
def delete(
    plan: PlanArg, creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Delete a plan and its items."""
    with scoped(db, creator) as s:
        gone = delete_plan(s.session, s.creator_id, number_of(plan), now=s.now)
    if json_:
        print_json(gone)
    else:
        console.print(f"Deleted plan {gone.number} ({gone.name}) and its {gone.total_items} items.")


@app.command("add")
def add(
    plan: PlanArg,
    item: Annotated[str, typer.Argument(help='"title|DUE|2h" (DUE and hours optional).')],
    position: Annotated[int | None, typer.Option(help="1 puts it first.")] = None,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Add an item to a plan."""
    with scoped(db, creator) as s:
        spec = parse_item_spec(item, s.tz, now=s.now)
        change = add_item(
            s.session, s.creator_id, number_of(plan), spec, position=position, now=s.now
        )
    _print(change, json_)


def _change_item(
    action: Callable[..., ItemChange], item: str, creator: str | None, db: str | None, json_: bool
) -> None:
    """Run one item operation (remove, done, undo) for the creator and print its outcome."""
    with scoped(db, creator) as s:
        change = action(s.session, s.creator_id, item, now=s.now)
    _print(change, json_)


@app.command("remove")
def remove(
    item: ItemArg, creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Remove an item from its plan."""
    _change_item(remove_item, item, creator, db, json_)


@app.command("done")
def done(
    item: ItemArg, creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Tick an item off."""
    _change_item(complete_item, item, creator, db, json_)


@app.command("undo")
def undo(
    item: ItemArg, creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False
) -> None:
    """Mark a done item as not done."""
    _change_item(uncomplete_item, item, creator, db, json_)


@app.command("link")
def link(
    item: ItemArg,
    content: Annotated[str, typer.Argument(help="Number of the piece made for it.")],
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Link an item to the piece that was made for it (its outcome then comes from that piece)."""
    with scoped(db, creator) as s:
        number = number_of(content, "piece")
        change = link_item(s.session, s.creator_id, item, number, now=s.now)
    _print(change, json_)


def _print(change: ItemChange, json_: bool) -> None:
    if json_:
        print_json(change)
    else:
        print_change(console, change)
