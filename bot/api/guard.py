"""The outermost layer of the API: request counters, and a 500 with an id for anything unexpected.

A pure ASGI middleware (no per-request task or body copy), so it costs microseconds.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.api.errors import BodyTooLarge, error_response, too_large_message

log = logging.getLogger("whatsworking.api")
# Paths that matched no route share one label, so random URLs cannot grow the counters.
UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


@dataclass
class RequestCounters:
    """Per-process counters: requests and seconds by method, route template and status."""

    started: float = field(default_factory=time.monotonic)
    requests: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    seconds: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    in_flight: int = 0

    def record(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one finished request (unusual methods share the label OTHER)."""
        method = method if method in METHODS else "OTHER"
        self.requests[(method, route, status)] += 1
        self.seconds[(method, route)] += seconds

    def render(self) -> str:
        """The counters in Prometheus' text format."""
        lines = [
            "# TYPE whatsworking_http_requests_total counter",
            *(
                f'whatsworking_http_requests_total{{method="{m}",route="{r}",status="{s}"}} {n}'
                for (m, r, s), n in sorted(self.requests.items())
            ),
            "# TYPE whatsworking_http_request_seconds_total counter",
            *(
                f'whatsworking_http_request_seconds_total{{method="{m}",route="{r}"}} {v:.6f}'
                for (m, r), v in sorted(self.seconds.items())
            ),
            "# TYPE whatsworking_http_requests_in_flight gauge",
            f"whatsworking_http_requests_in_flight {self.in_flight}",
            "# TYPE whatsworking_uptime_seconds gauge",
            f"whatsworking_uptime_seconds {time.monotonic() - self.started:.3f}",
        ]
        return "\n".join(lines) + "\n"


def route_label(scope: Scope) -> str:
    """The matched route's template (``/api/v1/action-plans/{plan_id}``), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, if it sent a readable one."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class Guard:
    """Counts every request, bounds its body, and answers unexpected errors with an error id."""

    def __init__(self, app: ASGIApp, counters: RequestCounters, max_body: int) -> None:
        self.app = app
        self.counters = counters
        self.max_body = max_body

    def _limited(self, receive: Receive) -> Receive:
        """``receive`` that raises BodyTooLarge (413) once the body passes the limit."""
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return limited_receive

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, counting it and containing any unexpected error."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status, response_started = 500, False

        async def watched_send(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = int(message["status"]), True
            await send(message)

        self.counters.in_flight += 1
        try:
            if (declared_length(scope) or 0) > self.max_body:
                refused = error_response(413, "too_large", too_large_message(self.max_body))
                await refused(scope, receive, watched_send)
            else:
                await self.app(scope, self._limited(receive), watched_send)
        except Exception:
            await self._unexpected(scope, receive, watched_send, response_started=response_started)
        finally:
            self.counters.in_flight -= 1
            elapsed = time.perf_counter() - started
            self.counters.record(scope["method"], route_label(scope), status, elapsed)

    async def _unexpected(
        self, scope: Scope, receive: Receive, send: Send, *, response_started: bool
    ) -> None:
        error_id = uuid.uuid4().hex[:12]
        # The traceback goes to the server log only; the client gets the id to quote.
        log.exception("unexpected error %s on %s %s", error_id, scope["method"], route_label(scope))
        if response_started:
            return
        response = error_response(
            500,
            "internal",
            f"something went wrong on our side; quote error id {error_id} when reporting it",
            error_id=error_id,
        )
        await response(scope, receive, send)
