"""The FastAPI application: routers over the domain services, one error shape, counters."""

from __future__ import annotations

from fastapi import FastAPI

from bot.api import routes_demo, routes_insights, routes_ops, routes_plans
from bot.api.errors import install_error_handlers
from bot.api.guard import Guard, RequestCounters
from bot.bootstrap import App

API_VERSION = "1.0.0"
# 1,000 pieces with long descriptions fit easily; anything larger is refused before parsing.
MAX_BODY_BYTES = 8 * 1024 * 1024


def create_app(wired: App) -> FastAPI:
    """The HTTP API over ``wired``'s database and clock."""
    api = FastAPI(
        title="whatsworking",
        version=API_VERSION,
        summary="What is working in your content: insights, action plans and demo data.",
        max_body_size=MAX_BODY_BYTES,
    )
    api.state.wired = wired
    api.state.counters = RequestCounters()
    for router in (
        routes_insights.router,
        routes_plans.plans_router,
        routes_plans.items_router,
        routes_demo.router,
        routes_ops.router,
    ):
        api.include_router(router)
    install_error_handlers(api)
    api.add_middleware(Guard, counters=api.state.counters)
    return api
