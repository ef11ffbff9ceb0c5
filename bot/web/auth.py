"""Who is looking at a page: the session cookie resolves to one creator; writes need its CSRF token.

The cookie is HttpOnly and SameSite=Lax, Secure on https. A Mini App opened from Telegram's web
client runs in a cross-site iframe, so on https its cookie is SameSite=None and Partitioned
instead (the form token still guards every write).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request, Response

from bot.api.auth import Caller
from bot.bootstrap import App
from storage.web_sessions import SESSION_TTL, IssuedToken, signed_in

COOKIE = "ww_session"


class SignedOut(Exception):
    """No live session cookie: the page explains how to open the dashboard."""


class BadFormToken(Exception):
    """A write without this session's CSRF token."""


@dataclass(frozen=True)
class Viewer(Caller):
    """The creator a page acts for (with the API caller's clock and sessions), how the session
    was opened, and its CSRF token."""

    origin: str
    csrf: str

    @property
    def in_telegram(self) -> bool:
        """True when the session was opened by the Telegram Mini App."""
        return self.origin == "telegram"


def wired_app(request: Request) -> App:
    """The App the pages were built with."""
    wired: App = request.app.state.wired
    return wired


def current_viewer(request: Request, wired: Annotated[App, Depends(wired_app)]) -> Viewer:
    """The signed-in creator; SignedOut otherwise."""
    token = request.cookies.get(COOKIE, "")
    with wired.db.read() as session:
        found = signed_in(session, token, now=wired.clock.now())
    if found is None:
        raise SignedOut
    return Viewer(found.creator_id, wired, found.origin, found.csrf_token)


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def checked_writer(viewer: ViewerDep, csrf: Annotated[str, Form(max_length=128)] = "") -> Viewer:
    """The signed-in creator of a form post that carries this session's CSRF token."""
    if not hmac.compare_digest(csrf, viewer.csrf):
        raise BadFormToken
    return viewer


WriterDep = Annotated[Viewer, Depends(checked_writer)]


def set_session_cookie(
    response: Response, issued: IssuedToken, *, secure: bool, cross_site: bool
) -> None:
    """Put a new session's token into the cookie."""
    response.set_cookie(
        COOKIE,
        issued.token,
        max_age=int(SESSION_TTL.total_seconds()),
        path="/web",
        httponly=True,
        secure=secure,
        samesite="none" if secure and cross_site else "lax",
        partitioned=secure and cross_site,
    )


def clear_session_cookie(response: Response) -> None:
    """Forget the cookie in this browser."""
    response.delete_cookie(COOKIE, path="/web", httponly=True, samesite="lax")
