"""`/oauth/google/callback`: where Google sends a creator back after /connect in chat.

No API token: the single-use ``state`` (bound to the creator when /connect made it) is the
proof. The page says in one line what happened; no error detail, no token, reaches it.
"""

from __future__ import annotations

import html
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from bot.api.auth import wired_app
from bot.bootstrap import App
from bot.sync_setup import chat_connector
from context.sync_views import NAMES
from storage.errors import DomainError

router = APIRouter(tags=["oauth"])
_log = logging.getLogger(__name__)
PAGE = "<!doctype html><meta charset=utf-8><title>whatsworking</title><p>{}</p>"
Bounded = Annotated[str | None, Query(max_length=2048)]


def _page(text: str, status: int) -> HTMLResponse:
    return HTMLResponse(PAGE.format(html.escape(text)), status_code=status)


@router.get("/oauth/google/callback", response_class=HTMLResponse, include_in_schema=False)
def google_callback(
    wired: Annotated[App, Depends(wired_app)],
    state: Bounded = None,
    code: Bounded = None,
    error: Bounded = None,
) -> HTMLResponse:
    """Store the connection the consent page granted, and say so."""
    connector = chat_connector(wired.settings, wired.db, wired.clock)
    if connector is None:
        return _page("Connecting YouTube is not set up on this server.", 404)
    if error or not state or not code:
        return _page("YouTube was not connected (access was not granted). Try /connect again.", 400)
    try:
        name = connector.finish(state, code)
    except DomainError as problem:
        return _page(str(problem).capitalize() + ".", 400)
    except Exception as failure:  # Google refused the code, or did not answer
        _log.warning("an OAuth callback failed: %s", type(failure).__name__)
        return _page("Google did not accept this sign-in; try /connect again.", 400)
    return _page(f"Connected “{name}”. You can close this page and go back to the chat.", 200)


@router.get("/oauth/{platform}/callback", response_class=HTMLResponse, include_in_schema=False)
def platform_callback(
    platform: str,
    wired: Annotated[App, Depends(wired_app)],
    state: Bounded = None,
    code: Bounded = None,
    error: Bounded = None,
) -> HTMLResponse:
    """Instagram's and TikTok's return: store the connection the consent page granted."""
    connector = chat_connector(wired.settings, wired.db, wired.clock)
    name = NAMES.get(platform, "This platform")
    if connector is None or platform not in connector.flows:
        return _page(f"Connecting {name} is not set up on this server.", 404)
    if error or not state or not code:
        return _page(f"{name} was not connected (access was not granted). Try /connect again.", 400)
    try:
        account = connector.finish_platform(platform, state, code)
    except DomainError as problem:
        return _page(str(problem).capitalize() + ".", 400)
    except Exception as failure:  # the platform refused the code, or did not answer
        _log.warning("an OAuth callback failed: %s", type(failure).__name__)
        return _page(f"{name} did not accept this sign-in; try /connect again.", 400)
    return _page(f"Connected “{account}”. You can close this page and go back to the chat.", 200)
