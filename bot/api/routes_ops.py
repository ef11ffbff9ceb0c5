"""`/healthz` (no token: for load balancers) and `/metrics` (process-wide request counters)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError

from bot.api.auth import CallerDep, wired_app
from bot.api.errors import responses
from bot.api.guard import RequestCounters
from bot.bootstrap import App
from storage.errors import Unavailable

router = APIRouter(tags=["operations"])


class HealthOut(BaseModel):
    """Whether the API can reach its database."""

    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unreachable"]


@router.get(
    "/healthz",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The database is unreachable"}},
)
def healthz(wired: Annotated[App, Depends(wired_app)]) -> HealthOut | JSONResponse:
    """200 when the database answers, 503 when it does not; needs no token."""
    try:
        wired.db.ping()
    except (Unavailable, OperationalError):
        down = HealthOut(status="unavailable", database="unreachable")
        return JSONResponse(down.model_dump(), status_code=503)
    return HealthOut(status="ok", database="ok")


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        **responses(401, 500, 503),
    },
)
async def metrics(_caller: CallerDep, request: Request) -> PlainTextResponse:
    """Request counts and seconds by route and status (Prometheus text); no creator data."""
    counters: RequestCounters = request.app.state.counters
    return PlainTextResponse(counters.render(), media_type="text/plain; version=0.0.4")
