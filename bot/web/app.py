"""The web pages as one ASGI app, mounted at /web on the HTTP API (see bot/api/app.py)."""

from __future__ import annotations

import gc

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from bot.bootstrap import App
from bot.web import routes_auth, routes_insights, routes_plans, routes_settings
from bot.web.auth import BadFormToken, SignedOut
from bot.web.headers import SecurityHeaders
from bot.web.pages import HERE, compile_templates, problem, warm_templates
from context.growth_section import trend_sentence
from insights.dashboard import NO_CREATOR, warm_up
from insights.growth import cached_growth_summary
from storage.errors import InvalidInput, NotFound, Unavailable

SIGNED_OUT = (
    "Open the dashboard from the chat: the Dashboard button in Telegram, /whatsworking web in "
    "Discord, or `whatsworking web-link` in a terminal."
)


def create_web_app(wired: App) -> FastAPI:
    """The dashboard pages over ``wired``'s database and clock."""
    compile_templates()
    # The first view after a start would otherwise compile the dashboard's statements and
    # render its template for the first time while a person waits.
    _warm_up(wired)
    web = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    web.state.wired = wired
    web.state.public_url = wired.settings.public_url
    for module in (routes_auth, routes_insights, routes_plans, routes_settings):
        web.include_router(module.router)
    web.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _install_error_pages(web)
    web.add_middleware(GZipMiddleware, minimum_size=1024)
    web.add_middleware(SecurityHeaders)
    _settle_heap()
    return web


def _warm_up(wired: App) -> None:
    """Read and render an empty dashboard (no creator) as its route would; nothing when the
    database does not answer (the first request then reports it)."""
    now = wired.clock.now()
    empty = warm_up(wired.db, now)
    if empty is None:
        return
    with wired.db.read() as session:
        growth = cached_growth_summary(session, NO_CREATOR, now=now)
    warm_templates({"d": empty, "growth": growth, "trend": trend_sentence(growth)})


def _settle_heap() -> None:
    """Once per process: collect, then freeze what start-up made (modules, the app) out of
    the collector's sight. Otherwise the first full collection walks all of it during the first
    requests: 0.2 s of CPU, up to a second of a person's first view on a loaded machine."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def _install_error_pages(web: FastAPI) -> None:
    handlers = {
        SignedOut: lambda r, _e: problem(r, 401, "You are signed out", SIGNED_OUT),
        BadFormToken: lambda r, _e: problem(
            r, 403, "This form has expired", "Reload the page and try again."
        ),
        NotFound: lambda r, e: problem(r, 404, "Not found", str(e)),
        InvalidInput: lambda r, e: problem(r, 422, "That did not work", str(e)),
        Unavailable: lambda r, e: problem(r, 503, "Try again in a moment", str(e)),
        RequestValidationError: _invalid_request,
    }
    for kind, handler in handlers.items():
        web.add_exception_handler(kind, handler)


def _invalid_request(request: Request, exc: Exception) -> HTMLResponse:
    """A malformed id is a page nobody has (404); another bad value is named (422)."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e["loc"] and e["loc"][0] == "path" for e in errors):
        return problem(request, 404, "Not found", "There is no such page.")
    where = ".".join(str(p) for p in errors[0]["loc"][1:]) if errors else "request"
    message = errors[0]["msg"] if errors else "is invalid"
    return problem(request, 422, "That did not work", f"{where}: {message}")
