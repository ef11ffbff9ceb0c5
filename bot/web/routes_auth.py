"""Opening a session: Telegram's signed initData, or a single-use sign-in link; signing out."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from bot.bootstrap import App
from bot.web.auth import COOKIE, WriterDep, clear_session_cookie, set_session_cookie, wired_app
from bot.web.pages import problem, render
from bot.web.telegram_auth import MAX_INIT_DATA_BYTES, InvalidInitData, validate_init_data
from storage.creators import find_identity_link
from storage.web_sessions import end_session, open_session, redeem_sign_in

router = APIRouter()
TELEGRAM = "telegram"  # the chat identity kind of a Telegram user
WiredDep = Annotated[App, Depends(wired_app)]
# Where a Mini App may go after signing in: one of our own pages, nothing else.
_NEXT = re.compile(r"^/web/[A-Za-z0-9/_\-.?=&%]{0,200}$")
USED_LINK = (
    "This sign-in link has expired or was already used. Ask for a new one: "
    "/whatsworking web in Discord, or `whatsworking web-link` in a terminal."
)
NOT_LINKED = "Open the chat with the bot and send /start first; then open the dashboard again."


def safe_next(value: str | None) -> str:
    """``value`` when it is one of our pages, else the dashboard."""
    return value if value and _NEXT.match(value) and "//" not in value else "/web/"


def _secure(request: Request) -> bool:
    public = request.app.state.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")


@router.get("/tg", include_in_schema=False)
def telegram_entry(request: Request, next: str | None = None) -> HTMLResponse:
    """The Mini App's first page: its script sends Telegram's initData to /web/tg/session."""
    return render(request, "telegram.html", {"next": safe_next(next), "force_telegram": True})


@router.post("/tg/session", include_in_schema=False)
def telegram_session(
    request: Request,
    wired: WiredDep,
    init_data: Annotated[str, Form(max_length=MAX_INIT_DATA_BYTES)] = "",
    next: Annotated[str, Form(max_length=256)] = "/web/",
) -> Response:
    """A session for the Telegram user of a genuine, fresh initData linked to a creator."""
    token = wired.settings.telegram_bot_token
    if token is None:
        return JSONResponse({"error": "Telegram is not configured on this server."}, 503)
    now = wired.clock.now()
    try:
        user = validate_init_data(init_data, token.get_secret_value(), now=now)
    except InvalidInitData:
        return JSONResponse({"error": "Telegram's sign-in data is invalid or too old."}, 401)
    with wired.db.unit_of_work() as session:
        link = find_identity_link(session, TELEGRAM, str(user.id))
        if link is None:
            return JSONResponse({"error": NOT_LINKED}, 403)
        issued = open_session(session, link.creator_id, "telegram", now=now)
    answer = JSONResponse({"next": safe_next(next)})
    set_session_cookie(answer, issued, secure=_secure(request), cross_site=True)
    return answer


@router.get("/sign-in", include_in_schema=False)
def sign_in_page(request: Request, t: str = "") -> HTMLResponse:
    """The page a sign-in link opens; it signs in by posting the token, so a link preview that
    fetches the URL does not use the link up."""
    answer = render(request, "sign_in.html", {"token": t[:128]})
    answer.headers["Referrer-Policy"] = "no-referrer"
    return answer


@router.post("/sign-in", include_in_schema=False)
def sign_in(
    request: Request, wired: WiredDep, t: Annotated[str, Form(max_length=128)] = ""
) -> Response:
    """Use up the link and open a session (cookie), then show the dashboard."""
    now = wired.clock.now()
    with wired.db.unit_of_work() as session:
        creator_id = redeem_sign_in(session, t, now=now)
        issued = open_session(session, creator_id, "link", now=now) if creator_id else None
    if issued is None:
        return problem(request, 401, "This link does not work any more", USED_LINK)
    answer = RedirectResponse("/web/", status_code=303)
    set_session_cookie(answer, issued, secure=_secure(request), cross_site=False)
    return answer


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request, viewer: WriterDep) -> Response:
    """End this session everywhere it is stored."""
    with viewer.writing() as session:
        end_session(session, request.cookies.get(COOKIE, ""), now=viewer.now())
    answer = render(
        request, "problem.html", {"headline": "Signed out", "text": "You can close this page."}
    )
    clear_session_cookie(answer)
    return answer
