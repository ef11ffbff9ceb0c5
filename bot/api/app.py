"""The FastAPI application: routers over the domain services, one error shape, counters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from bot.api import (
    routes_demo,
    routes_insights,
    routes_oauth,
    routes_ops,
    routes_plans,
    routes_themes,
)
from bot.api.errors import install_error_handlers
from bot.api.guard import Guard, RequestCounters
from bot.bootstrap import App
from bot.web.app import create_web_app

API_VERSION = "1.0.0"
# 1,000 pieces with long descriptions fit easily; anything larger is refused before parsing.
MAX_BODY_BYTES = 8 * 1024 * 1024
# Handlers are CPU-bound Python under one GIL: a few threads keep the database busy without the
# switching of anyio's default 40, and stay below the connection pool's 15, so none waits for one.
HANDLER_THREADS = 8


def _threads(count: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_api: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = count
        yield

    return lifespan


def create_app(wired: App, *, threads: int = HANDLER_THREADS) -> FastAPI:
    """The HTTP API over ``wired``'s database and clock; ``threads`` handlers run at once."""
    api = FastAPI(
        title="whatsworking",
        version=API_VERSION,
        summary="What is working in your content: insights, action plans and demo data.",
        lifespan=_threads(threads),
    )
    api.state.wired = wired
    api.state.counters = RequestCounters()
    for router in (
        routes_insights.router,
        routes_themes.router,
        routes_plans.plans_router,
        routes_plans.items_router,
        routes_demo.router,
        routes_ops.router,
        routes_oauth.router,
    ):
        api.include_router(router)
    install_error_handlers(api)
    api.mount("/web", create_web_app(wired))
    api.add_middleware(Guard, counters=api.state.counters, max_body=MAX_BODY_BYTES)
    return api
