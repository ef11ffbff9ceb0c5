"""A tiny threaded JSON HTTP server on 127.0.0.1 that the platform fakes route through.

Each fake gives a ``route(method, path, params, body, headers)`` returning (status, JSON body,
extra headers); requests are recorded so tests can count calls and check their parameters.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

Answer = tuple[int, Any, dict[str, str]]
Route = Callable[[str, str, dict[str, str], Any, dict[str, str]], tuple[int, Any, dict[str, str]]]


def take_failure(failures: list[tuple[str, int, Any]], path: str) -> Answer | None:
    """The first queued failure (path part, status, body) meant for ``path``, used up."""
    for i, (part, status, answer) in enumerate(failures):
        if part in path:
            del failures[i]
            return status, answer, {}
    return None


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving ``handler``; a context manager."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class JsonServer(LocalServer):
    """Serves ``route`` over real HTTP; a context manager that starts and stops it."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        super().__init__(type("Handler", (_Handler,), {"server_of": self}))

    def calls(self, path_part: str = "") -> int:
        """How many requests reached a path containing ``path_part``."""
        return sum(1 for _, path, _ in self.requests if path_part in path)


class _Handler(BaseHTTPRequestHandler):
    server_of: JsonServer
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs: one connection per sync
    disable_nagle_algorithm = True  # headers and body go out at once, no delayed-ACK stall

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        kind = self.headers.get("Content-Type", "")
        body: Any = json.loads(raw) if "json" in kind and raw else dict(parse_qsl(raw))
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.server_of
        with fake.lock:
            fake.requests.append((method, url.path, params))
            status, answer, extra = fake.route(method, url.path, params, body, headers)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in extra.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
