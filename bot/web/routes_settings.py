"""The settings page: timezone, the daily digest's time, reminders — the chat's own settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from bot.web.auth import ViewerDep, WriterDep
from bot.web.pages import render
from context.account.settings import update_settings
from storage.creators import creator_settings
from storage.errors import InvalidInput

router = APIRouter()


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """The creator's settings as a form."""
    with viewer.reading() as session:
        current = creator_settings(session, viewer.creator_id)
    return render(request, "settings.html", {"viewer": viewer, "s": current, "notice": None})


@router.post("/settings", include_in_schema=False)
def save_settings(
    request: Request,
    viewer: WriterDep,
    timezone: Annotated[str, Form(max_length=64)] = "",
    digest_time: Annotated[str, Form(max_length=8)] = "",
    digest: Annotated[str, Form(max_length=3)] = "",
    reminders: Annotated[str, Form(max_length=3)] = "",
) -> HTMLResponse:
    """Apply the form through the chat's settings service; a bad value changes nothing."""
    status, notice = 200, "Saved."
    try:
        with viewer.writing() as session:
            update_settings(
                session,
                viewer.creator_id,
                timezone=timezone,
                digest_time=digest_time,
                digest_enabled=digest == "on",
                reminders_enabled=reminders == "on",
            )
    except InvalidInput as problem:
        status, notice = 422, str(problem)
    with viewer.reading() as session:
        current = creator_settings(session, viewer.creator_id)
    context = {"viewer": viewer, "s": current, "notice": notice}
    return render(request, "settings.html", context, status=status)
