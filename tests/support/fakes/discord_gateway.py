"""The gateway of the local Discord: one websocket per connection, plain JSON text frames.

HELLO, then IDENTIFY answered with READY (a new session) or RESUME answered with the events
missed since the client's sequence and RESUMED; heartbeats are ACKed. Dispatches pushed while no
client is connected wait in the session and are replayed on resume, as Discord does. Faults: a
close with a resumable code (the client resumes) and an invalid session (the client identifies
afresh).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.fakes.discord_state import APPLICATION_ID, BOT_ID, Store

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, ACK = (
    0,
    1,
    2,
    6,
    7,
    9,
    10,
    11,
)
AUTHENTICATION_FAILED = 4004
HEARTBEAT_MS = 41_250


@dataclass
class Session:
    """A gateway session: its id, sequence and every dispatch sent in it."""

    id: str
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def seq(self) -> int:
        """The sequence of the last dispatch."""
        return len(self.events)


class Gateway:
    """Serves ``/gateway``; ``dispatch`` sends an event to the bot."""

    def __init__(self, store: Store, token: str, url: Any) -> None:
        self.store = store
        self.token = token
        self.url = url  # callable: the ws:// address, announced as resume_gateway_url
        self.session: Session | None = None
        self.socket: web.WebSocketResponse | None = None
        self.identifies = 0
        self.resumes = 0
        self.intents: int | None = None
        self.ready = asyncio.Event()
        self._count = 0

    @property
    def connected(self) -> bool:
        """A client is connected with a live session (READY or RESUMED sent)."""
        return self.ready.is_set() and self.socket is not None and not self.socket.closed

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """One websocket connection, until either side closes it."""
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        await self._send(socket, {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_MS}})
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                break
            await self._on_frame(socket, json.loads(frame.data))
        if self.socket is socket:
            self.socket = None
            self.ready.clear()
        return socket

    async def _on_frame(self, socket: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d") or {}
        if op == HEARTBEAT:
            await self._send(socket, {"op": ACK})
        elif op in (IDENTIFY, RESUME) and data.get("token") != self.token:
            await socket.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
        elif op == IDENTIFY:
            await self._identify(socket, data)
        elif op == RESUME:
            await self._resume(socket, data)

    async def _identify(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identifies += 1
        self.intents = data.get("intents")
        self._count += 1
        self.session = Session(f"session-{self._count}")
        self.socket = socket
        ready = {
            "v": 10,
            "user": self.store.user(BOT_ID),
            "guilds": [],
            "session_id": self.session.id,
            "resume_gateway_url": self.url(),
            "application": {"id": str(APPLICATION_ID), "flags": 0},
        }
        await self._emit("READY", ready)
        self.ready.set()

    async def _resume(self, socket: web.WebSocketResponse, data: dict[str, Any]) -> None:
        session = self.session
        if session is None or data.get("session_id") != session.id:
            await self._send(socket, {"op": INVALID_SESSION, "d": False})
            return
        self.resumes += 1
        self.socket = socket
        for event in session.events[int(data.get("seq") or 0) :]:
            await self._send(socket, event)
        await self._send(socket, {"op": DISPATCH, "t": "RESUMED", "s": None, "d": {}})
        self.ready.set()

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the bot now, or keep it for a resume."""
        await self._emit(event, data)

    async def _emit(self, event: str, data: dict[str, Any]) -> None:
        assert self.session is not None, "no gateway session: the bot never identified"
        payload = {"op": DISPATCH, "t": event, "s": self.session.seq + 1, "d": data}
        self.session.events.append(payload)
        if self.socket is not None and not self.socket.closed:
            await self._send(self.socket, payload)

    async def drop(self, code: int = 4000) -> None:
        """Close the connection with a resumable code; the session stays resumable."""
        self.ready.clear()
        if self.socket is not None:
            await self.socket.close(code=code, message=b"Unknown error.")

    async def invalidate(self) -> None:
        """End the session (op 9, not resumable): the bot must identify afresh."""
        self.ready.clear()
        self.session = None
        if self.socket is not None:
            await self._send(self.socket, {"op": INVALID_SESSION, "d": False})

    async def close(self) -> None:
        """Close the connection (the server is stopping)."""
        if self.socket is not None:
            await self.socket.close(code=1001)

    async def _send(self, socket: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        if not socket.closed:
            await socket.send_str(json.dumps(payload))
