"""The action plan pages: plan cards by status, the plan dialog, ticking items, new plans.

Ticking calls the same plan service as the chat's checkboxes and the API, so a tick here shows
in the chat's plan and the other way round.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.api.ids import ID_PATTERN, ITEM_ID_PATTERN, content_number, content_uuid, item_ref
from bot.api.ids import plan_number as plan_number_of
from bot.web.auth import ViewerDep, WriterDep
from bot.web.pages import render
from plans import (
    complete_item,
    create_plan,
    get_plan,
    list_plans,
    parse_item_spec,
    plan_from_content,
    save_draft,
    uncomplete_item,
)
from plans.lookup import creator_tz
from storage.errors import InvalidInput

router = APIRouter()
PlanId = Annotated[str, Path(pattern=ID_PATTERN)]
PieceId = Annotated[str, Path(pattern=ID_PATTERN)]
ItemId = Annotated[str, Path(pattern=ITEM_ID_PATTERN)]
Mode = Literal["more", "diagnose"]
MAX_ITEM_LINES = 100
# Sent by the page's script when it wants the plan's dialog back instead of a redirect.
FRAGMENT_HEADER = "x-ww-fragment"


@router.get("/plans", include_in_schema=False)
def plans_page(
    request: Request,
    viewer: ViewerDep,
    status: Literal["active", "completed", "all"] = "active",
) -> HTMLResponse:
    """Plan cards with progress and the urgency of each plan's next item."""
    with viewer.reading() as session:
        cards = list_plans(session, viewer.creator_id, status=status, now=viewer.now())
    return render(request, "plans.html", {"viewer": viewer, "plans": cards, "status": status})


@router.get("/plans/new", include_in_schema=False)
def new_plan_page(
    request: Request, viewer: ViewerDep, piece: Annotated[str, Query(pattern=ID_PATTERN)] = ""
) -> HTMLResponse:
    """A form for a plan of the creator's own items (from a piece's "Create plan")."""
    number = None
    if piece:
        with viewer.reading() as session:
            content_uuid(session, viewer.creator_id, piece)  # NotFound unless it is theirs
            number = content_number(session, viewer.creator_id, piece)
    return render(request, "plan_new.html", {"viewer": viewer, "piece": number, "problem": None})


@router.post("/plans", include_in_schema=False)
def create(
    request: Request,
    viewer: WriterDep,
    name: Annotated[str, Form(max_length=255)] = "",
    goal: Annotated[str, Form(max_length=5000)] = "",
    items: Annotated[str, Form(max_length=50_000)] = "",
    piece: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Create the plan; a problem is shown on the form and nothing is written."""
    now = viewer.now()
    try:
        with viewer.writing() as session:
            tz = creator_tz(session, viewer.creator_id)
            lines = [line for line in items.splitlines() if line.strip()][: MAX_ITEM_LINES + 1]
            if len(lines) > MAX_ITEM_LINES:
                raise InvalidInput(f"a plan has at most {MAX_ITEM_LINES} items")
            source = content_uuid(session, viewer.creator_id, piece) if piece.isdigit() else None
            plan = create_plan(
                session,
                viewer.creator_id,
                name=name,
                goal=goal,
                items=[parse_item_spec(line, tz, now=now) for line in lines],
                source_content_id=source,
                now=now,
            )
    except InvalidInput as problem:
        context = {"viewer": viewer, "piece": piece or None, "problem": str(problem)}
        return render(request, "plan_new.html", context, status=422)
    return RedirectResponse(f"/web/plans/{plan.number}", status_code=303)


@router.get("/plans/{plan}", include_in_schema=False)
def plan_page(request: Request, viewer: ViewerDep, plan: PlanId) -> HTMLResponse:
    """One plan: its items with checkboxes, progress, and projected against actual outcomes."""
    with viewer.reading() as session:
        number = plan_number_of(session, viewer.creator_id, plan)
        view = get_plan(session, viewer.creator_id, number, now=viewer.now())
    fragment = FRAGMENT_HEADER in request.headers
    name = "plan_dialog.html" if fragment else "plan.html"
    return render(request, name, {"viewer": viewer, "plan": view})


@router.post("/items/{item}/toggle", include_in_schema=False)
def toggle(
    request: Request,
    viewer: WriterDep,
    item: ItemId,
    done: Annotated[Literal["1", "0"], Form()] = "1",
) -> Response:
    """Tick (done=1) or untick (done=0) an item; answers with the plan's dialog or a redirect."""
    now = viewer.now()
    with viewer.writing() as session:
        ref = item_ref(session, viewer.creator_id, item)
        change = complete_item if done == "1" else uncomplete_item
        change(session, viewer.creator_id, ref, now=now)
        view = get_plan(session, viewer.creator_id, ref.plan_number, now=now)
    if FRAGMENT_HEADER in request.headers:
        return render(request, "plan_dialog.html", {"viewer": viewer, "plan": view})
    return RedirectResponse(f"/web/plans/{view.number}", status_code=303)


@router.get("/content/{piece}/plan", include_in_schema=False)
def draft_page(request: Request, viewer: ViewerDep, piece: PieceId, mode: Mode) -> HTMLResponse:
    """ "Make more like this" or "Diagnose": the plan the chat would draft, to save or leave."""
    with viewer.reading() as session:
        number = content_number(session, viewer.creator_id, piece)
        draft = plan_from_content(session, viewer.creator_id, number, mode=mode, now=viewer.now())
        tz = creator_tz(session, viewer.creator_id)
    context = {"viewer": viewer, "draft": draft, "number": number, "mode": mode, "tz": tz}
    return render(request, "plan_draft.html", context)


@router.post("/content/{piece}/plan", include_in_schema=False)
def save_draft_page(
    viewer: WriterDep, piece: PieceId, mode: Annotated[Mode, Form()] = "more"
) -> Response:
    """Save the drafted plan (drafted again now, so it reflects the data at saving time)."""
    now = viewer.now()
    with viewer.writing() as session:
        number = content_number(session, viewer.creator_id, piece)
        draft = plan_from_content(session, viewer.creator_id, number, mode=mode, now=now)
        plan = save_draft(session, viewer.creator_id, draft, now=now)
    return RedirectResponse(f"/web/plans/{plan.number}", status_code=303)
