"""`/healthz` (no token: for load balancers) and `/metrics` (request counters, operator token)."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError

from bot.api.auth import bearer, wired_app
from bot.api.errors import Unauthorized, responses
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


# Errors stay JSON although the route answers text (FastAPI documents them as the route's type).
_JSON_ERRORS = {
    status: {**entry, "content": {"application/json": {}}}
    for status, entry in responses(401, 500, 503).items()
}


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}, **_JSON_ERRORS},
)
async def metrics(
    wired: Annotated[App, Depends(wired_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    request: Request,
) -> PlainTextResponse:
    """Request counts and seconds by route and status (Prometheus text); no creator data.

    Only for the operator: the bearer token must be ``WHATSWORKING_OPERATOR_TOKEN`` (a creator's
    token is refused; with no operator token set, nobody reads it).
    """
    expected = wired.settings.operator_token
    given = credentials.credentials if credentials is not None else ""
    if expected is None or not hmac.compare_digest(given, expected.get_secret_value()):
        raise Unauthorized
    counters: RequestCounters = request.app.state.counters
    return PlainTextResponse(counters.render(), media_type="text/plain; version=0.0.4")
