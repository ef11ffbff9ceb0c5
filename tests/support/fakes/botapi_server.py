"""A local Telegram Bot API server for tests: real HTTP on 127.0.0.1, Telegram's rules enforced.

python-telegram-bot talks to it through ``base_url`` / ``base_file_url``. It long-polls
``getUpdates`` with updates the test pushes, records every call, keeps each message's current
text and keyboard (so edits in place can be asserted), answers 400 like Telegram when a rule
breaks (see ``telegram_rules``), and injects faults on request: 429 with ``retry_after``, 500,
slow answers. Tests wait on events with ``wait_for``; nothing sleeps on the wall clock.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Self, TypeVar

from aiohttp import BodyPartReader, web

from tests.support.fakes.botapi_methods import BotApiMethods, Files, chat_id_of
from tests.support.fakes.botapi_push import PushMixin
from tests.support.fakes.botapi_state import CallRecord, Fault, Identity, Store, StoredMessage
from tests.support.fakes.telegram_rules import RuleViolation

T = TypeVar("T")
CLIENT_GONE = 499  # nginx's code for a client that closed the connection; not Telegram's
DEFAULT_TOKEN = "123456789:TEST-token-for-the-local-bot-api"
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "menu_button",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "scope",
        "link_preview_options",
        "reply_parameters",
    }
)


class BotApiServer(PushMixin):
    """The fake Bot API; start it with ``async with BotApiServer() as server``."""

    def __init__(
        self, token: str = DEFAULT_TOKEN, bot_username: str = "whatsworking_test_bot"
    ) -> None:
        self.token = token
        self.identity = Identity(int(token.split(":", 1)[0]), bot_username)
        self.store = Store()
        self.methods = BotApiMethods(self.store, self.identity)
        self.records: list[CallRecord] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._poll_generation = 0
        self._waiting_polls = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 at a free port."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Release pending long polls and stop listening."""
        self._closing = True
        self.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """What to give python-telegram-bot as ``base_url`` (the token is appended)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What to give python-telegram-bot as ``base_file_url``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- fault injection ---------------------------------------------------------------------

    def throttle_next(self, method: str, times: int = 1, retry_after: float = 1) -> None:
        """Answer the next calls of a method 429 Too Many Requests with ``retry_after``."""
        self._add_fault(method, Fault("retry_after", retry_after=retry_after), times)

    def fail_next(self, method: str, times: int = 1, status: int = 500) -> None:
        """Answer the next calls of a method with an HTTP error (default 500)."""
        self._add_fault(method, Fault("status", status=status), times)

    def delay_next(self, method: str, times: int = 1, seconds: float = 0.5) -> None:
        """Hold the next calls of a method for ``seconds`` before handling them normally."""
        self._add_fault(method, Fault("delay", seconds=seconds), times)

    def _add_fault(self, method: str, fault: Fault, times: int) -> None:
        self._faults.setdefault(method.lower(), deque()).extend([fault] * times)

    # -- inspection --------------------------------------------------------------------------

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[CallRecord]:
        """Recorded calls, optionally of one method and/or to one chat, oldest first."""
        return [
            c
            for c in self.records
            if (method is None or c.method.lower() == method.lower())
            and (chat_id is None or c.chat_id == chat_id)
        ]

    @property
    def violations(self) -> list[CallRecord]:
        """Calls Telegram would have rejected (400, unknown method, bad token)."""
        return [c for c in self.records if c.rejected]

    def assert_no_violations(self) -> None:
        """Fail with the descriptions of every rejected call, if any."""
        assert not self.violations, "\n".join(
            f"{c.method}: {c.description}" for c in self.violations
        )

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in a chat that were not deleted, oldest first."""
        chat = self.store.messages.get(chat_id, {})
        return [m for m in chat.values() if m.from_bot and not m.deleted]

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        """One message (AssertionError when it does not exist)."""
        found = self.store.find(chat_id, message_id)
        assert found is not None, f"no message {message_id} in chat {chat_id}"
        return found

    def unanswered_callbacks(self) -> list[str]:
        """Ids of callback queries the bot never answered."""
        return [qid for qid, answered in self.store.callbacks.items() if not answered]

    @property
    def polling(self) -> bool:
        """True while a getUpdates long poll is waiting for updates."""
        return self._waiting_polls > 0

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The commands last registered with setMyCommands."""
        return self.methods.commands

    # -- waiting -----------------------------------------------------------------------------

    def notify(self) -> None:
        """Wake everything waiting for a change of state."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _changed(self, timeout: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        await asyncio.wait({waiter}, timeout=max(timeout, 0))

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 60.0) -> T:
        """Wait until ``predicate()`` is truthy (re-checked on every call or push); return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = "\n".join(
                    f"  {c.method} {c.status} {c.description or ''}" for c in self.records[-12:]
                )
                raise AssertionError(f"condition not met within {timeout}s; last calls:\n{recent}")
            await self._changed(remaining)
        return result

    # -- HTTP --------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        record = CallRecord(method, _summary(params, files), chat_id_of(params), time.monotonic())
        try:
            if request.match_info["token"] != self.token:
                return self._answer(record, 401, "Unauthorized")
            return await self._dispatch(request, record, params, files)
        finally:
            self.records.append(record)
            self.notify()

    async def _dispatch(
        self, request: web.Request, record: CallRecord, params: dict[str, Any], files: Files
    ) -> web.Response:
        queued = self._faults.get(record.method.lower())
        fault = queued.popleft() if queued else None
        if fault is not None:
            record.fault = fault.kind
            if fault.kind == "delay":
                await asyncio.sleep(fault.seconds)
            elif fault.kind == "retry_after":
                wait = (
                    int(fault.retry_after)
                    if fault.retry_after == int(fault.retry_after)
                    else fault.retry_after
                )
                extra = {"parameters": {"retry_after": wait}}
                return self._answer(record, 429, f"Too Many Requests: retry after {wait}", extra)
            else:
                return self._answer(record, fault.status, "Internal Server Error")
        if record.method.lower() == "getupdates":
            return await self._get_updates(record, params, request)
        implementation = self.methods.table.get(record.method.lower())
        if implementation is None:
            return self._answer(record, 404, "Not Found: method not found")
        try:
            return self._ok(implementation(params, files))
        except RuleViolation as violation:
            return self._answer(record, 400, violation.description)

    async def _get_updates(
        self, record: CallRecord, params: dict[str, Any], request: web.Request
    ) -> web.Response:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self.notify()  # an older long poll learns it was superseded
        self.store.confirm(offset)
        self._waiting_polls += 1
        try:
            while True:
                ready = [u for u in self.store.updates if u["update_id"] >= offset][:limit]
                if ready or self._closing or loop.time() >= deadline:
                    return self._ok(ready)
                if request.transport is None or request.transport.is_closing():
                    return self._answer(record, CLIENT_GONE, "the client stopped waiting")
                if generation != self._poll_generation:
                    description = "Conflict: terminated by other getUpdates request"
                    return self._answer(record, 409, description)
                await self._changed(deadline - loop.time())
        finally:
            self._waiting_polls -= 1

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        found = [f for f in self.store.files.values() if f.file_path == path]
        if request.match_info["token"] != self.token or not found:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=found[0].content, content_type="application/octet-stream")

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _answer(
        record: CallRecord, status: int, description: str, extra: dict[str, Any] | None = None
    ) -> web.Response:
        record.status, record.description = status, description
        body = {"ok": False, "error_code": status, "description": description, **(extra or {})}
        return web.json_response(body, status=status)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], Files]:
    params: dict[str, Any] = dict(request.query)
    files: Files = {}
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                files[part.name] = (part.filename, bytes(await part.read()))
            else:
                params[part.name] = await part.text()
    elif request.can_read_body:
        params.update({k: str(v) for k, v in (await request.post()).items()})
    for name in JSON_FIELDS & params.keys():
        if isinstance(params[name], str):
            try:
                params[name] = json.loads(params[name])
            except json.JSONDecodeError:
                params[name] = {"unparseable": params[name]}
    return params, files


def _summary(params: dict[str, Any], files: Files) -> dict[str, Any]:
    described = {
        name: f"<{len(content)} bytes: {fname}>" for name, (fname, content) in files.items()
    }
    return {**params, **described}
