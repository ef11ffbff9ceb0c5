"""A local Discord for tests: REST under ``/api/v10`` and the gateway at ``/gateway``, over real
HTTP and websockets on 127.0.0.1.

discord.py reaches it through the product's ``DISCORD_API_BASE_URL`` seam. Every REST call is
recorded with its route, status and Discord error code; answers carry ``X-RateLimit-*``
headers with one bucket per route. Faults are queued per route: 429 with ``retry_after`` for a
bucket or ``global: true``, 5xx, or a slow answer. Tests wait on state with ``wait_for``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
from collections.abc import Callable
from typing import Any, Self, TypeVar

from aiohttp import web

from tests.support.fakes.discord_gateway import Gateway
from tests.support.fakes.discord_push import PushMixin
from tests.support.fakes.discord_rest import DiscordRest, error
from tests.support.fakes.discord_state import CallRecord, Fault, Store

T = TypeVar("T")
DEFAULT_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.local-discord-token"
API_PREFIX = "/api/v10/"
BUCKET_LIMIT = 50


def bucket_of(route: str) -> str:
    """The X-RateLimit-Bucket hash of a route (one bucket per route, as most are)."""
    return hashlib.sha1(route.encode()).hexdigest()[:16]


def rate_headers(route: str, fault: Fault | None = None) -> dict[str, str]:
    """The rate limit headers Discord puts on an answer (and on a 429)."""
    if fault is not None and fault.is_global:
        retry = str(math.ceil(fault.retry_after))
        return {"X-RateLimit-Global": "true", "X-RateLimit-Scope": "global", "Retry-After": retry}
    headers = {
        "X-RateLimit-Limit": str(BUCKET_LIMIT),
        "X-RateLimit-Remaining": str(BUCKET_LIMIT - 1),
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": bucket_of(route),
    }
    if fault is not None:
        headers["X-RateLimit-Remaining"] = "0"
        headers["X-RateLimit-Reset-After"] = f"{fault.retry_after:.3f}"
        headers["X-RateLimit-Scope"] = "user"
        headers["Retry-After"] = str(math.ceil(fault.retry_after))
    return headers


class DiscordServer(PushMixin):
    """The fake Discord; start it with ``async with DiscordServer() as discord``."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.port = 0
        self.store = Store()
        self.rest = DiscordRest(self.store, lambda: f"ws://127.0.0.1:{self.port}/gateway")
        self.gateway = Gateway(self.store, token, lambda: f"ws://127.0.0.1:{self.port}/gateway")
        self.faults: list[Fault] = []
        self._runner: web.AppRunner | None = None
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def base_url(self) -> str:
        """What ``DISCORD_API_BASE_URL`` is set to."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listen on 127.0.0.1 at a free port."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "{path:.+}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close the gateway and stop listening."""
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- faults --------------------------------------------------------------------------------

    def throttle_next(self, route_part: str, retry_after: float = 0.3) -> None:
        """The next call of a matching route is refused 429 for its bucket."""
        self.faults.append(Fault(route_part, 429, retry_after))

    def throttle_globally(self, retry_after: float = 0.3) -> None:
        """The next call, whatever its route, is refused 429 with ``global: true``."""
        self.faults.append(Fault("", 429, retry_after, is_global=True))

    def fail_next(self, route_part: str, status: int = 502) -> None:
        """The next call of a matching route fails with a 5xx."""
        self.faults.append(Fault(route_part, status))

    def delay_next(self, route_part: str, seconds: float) -> None:
        """The next call of a matching route is answered ``seconds`` late."""
        self.faults.append(Fault(route_part, delay=seconds))

    def _take_fault(self, route: str) -> Fault | None:
        for i, fault in enumerate(self.faults):
            if fault.route_part in route:
                return self.faults.pop(i)
        return None

    # -- HTTP ----------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self.gateway.handle(request)
        finally:
            self.notify()

    async def _handle(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        matched = self.rest.match(request.method, path)
        if matched is None:
            return self._json(404, {"code": 0, "message": "404: Not Found"}, {})
        route, handler, args = matched
        body, files = await _read_body(request)
        record = CallRecord(request.method, route, path, 0, body)
        try:
            if request.headers.get("Authorization") != f"Bot {self.token}" and not _open(route):
                status, answer = error(401, 0, "401: Unauthorized")
                return self._json(status, answer, {}, record)
            fault = self._take_fault(route)
            if fault is not None and fault.delay:
                await asyncio.sleep(fault.delay)
            if fault is not None and fault.status:
                return self._fault(fault, route, record)
            status, answer = await handler(body, files, *args)
            return self._json(status, answer, rate_headers(route), record)
        finally:
            self.store.calls.append(record)
            self.notify()

    def _fault(self, fault: Fault, route: str, record: CallRecord) -> web.Response:
        if fault.status != 429:
            unavailable = {"message": "Service Unavailable", "code": 0}
            return self._json(fault.status, unavailable, {}, record)
        answer = {
            "message": "You are being rate limited.",
            "retry_after": fault.retry_after,
            "global": fault.is_global,
        }
        headers = {**rate_headers(route, fault), "Via": "1.1 google"}
        return self._json(429, answer, headers, record)

    def _json(
        self, status: int, answer: Any, headers: dict[str, str], record: CallRecord | None = None
    ) -> web.Response:
        if record is not None:
            record.status = status
            record.code = answer.get("code") if isinstance(answer, dict) else None
        if status == 204:
            return web.Response(status=204, headers=headers)
        data = json.dumps(answer).encode()  # exactly application/json: discord.py checks it
        headers = {**headers, "Content-Type": "application/json"}
        return web.Response(body=data, status=status, headers=headers)

    # -- waiting -------------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake everything waiting for a change of state."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 60.0) -> T:
        """Wait until ``predicate()`` is truthy (re-checked on every call); return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                calls = self.store.calls[-12:]
                recent = "\n".join(f"  {c.method} {c.path} {c.status} {c.code}" for c in calls)
                raise AssertionError(f"condition not met within {timeout}s; last calls:\n{recent}")
            waiter = loop.create_future()
            self._waiters.append(waiter)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, timeout=min(remaining, 0.25))
        return result

    def calls(self, route_part: str = "") -> list[CallRecord]:
        """The REST calls whose route contains ``route_part``."""
        return [c for c in self.store.calls if route_part in c.route]

    def assert_no_violations(self) -> None:
        """Fail naming every body Discord would have refused."""
        assert self.store.violations == [], self.store.violations


def _open(route: str) -> bool:
    """Interaction callbacks and webhooks are authorised by their token, not the bot's."""
    return route.split()[1].startswith(("interactions/", "webhooks/"))


async def _read_body(request: web.Request) -> tuple[Any, list[str]]:
    """The JSON body (or a multipart's ``payload_json``) and the names of the files sent."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        files = [
            f.filename for k, f in form.items() if k.startswith("files[") and hasattr(f, "filename")
        ]
        raw = form.get("payload_json")
        return (json.loads(str(raw)) if raw else {}), files
    text = await request.text()
    return (json.loads(text) if text else {}), []
