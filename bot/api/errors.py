"""Every error the API answers with: one JSON shape, a message for a person, never a traceback."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from storage.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable

_STATUS: dict[type[DomainError], tuple[int, str]] = {
    NotFound: (404, "not_found"),
    InvalidInput: (422, "invalid_input"),
    Conflict: (409, "conflict"),
    Unavailable: (503, "unavailable"),
}
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


class FieldError(BaseModel):
    """One invalid field: its dotted path (e.g. ``body.items.0.title``) and what was wrong."""

    field: str
    message: str


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: str
    detail: str
    errors: list[FieldError] = []
    error_id: str | None = None


class Unauthorized(Exception):
    """No bearer token, or one that is wrong or revoked (the client is not told which)."""


class BodyTooLarge(HTTPException):
    """The request body grew past the limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int) -> str:
    """What a client is told when its body is over ``limit`` bytes."""
    return f"the request body is larger than {limit // (1024 * 1024)} MiB"


def error_response(status: int, code: str, detail: str, **extra: Any) -> JSONResponse:
    """A JSON error response in the one shape every error uses."""
    headers = extra.pop("headers", None)
    body = ErrorOut(error=code, detail=detail, **extra).model_dump(mode="json")
    return JSONResponse(body, status_code=status, headers=headers)


def _domain(_request: Request, exc: Exception) -> JSONResponse:
    status, code = next(
        (v for k, v in _STATUS.items() if isinstance(exc, k)), (422, "invalid_input")
    )
    return error_response(status, code, str(exc))


def _unauthorized(_request: Request, _exc: Exception) -> JSONResponse:
    return error_response(
        401,
        "unauthorized",
        "a valid API token is required: send 'Authorization: Bearer <token>'",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _database_down(_request: Request, exc: Exception) -> JSONResponse:
    name = exc.orig.__class__.__name__ if isinstance(exc, OperationalError) else "error"
    return error_response(503, "unavailable", f"the database is unavailable ({name})")


def field_path(loc: tuple[int | str, ...] | list[int | str]) -> str:
    """A validation error's location as a dotted path."""
    return ".".join(str(part) for part in loc)


def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # The submitted values are not echoed back: they may be large or private.
    errors = [FieldError(field=field_path(e["loc"]), message=e["msg"]) for e in exc.errors()]
    first = errors[0] if errors else FieldError(field="request", message="is invalid")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return error_response(
        422, "invalid_input", f"{first.field}: {first.message}{more}", errors=errors
    )


def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the translation of every expected error into an ErrorOut response."""
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(Unauthorized, _unauthorized)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint can answer with."""
    described = {
        400: "The body could not be read (not UTF-8 JSON)",
        401: "No valid API token",
        404: "Not found (or not yours)",
        409: "Conflicts with what exists",
        413: "Request body too large",
        422: "Invalid input; `errors` names each field",
        500: "Unexpected error; quote `error_id` when reporting it",
        503: "The database is unavailable",
    }
    return {s: {"model": ErrorOut, "description": described[s]} for s in statuses}
