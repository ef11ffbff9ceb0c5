"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests over real HTTP.

Each test gives the server a list of steps; every ``POST /v1/chat/completions`` consumes the next
one. The server records each request body (so tests can assert the system prompt, the messages
and the tool schemas that were sent) and the Authorization header it saw.

    with FakeOpenAIServer([call_tool("list_content", {"limit": 3}), say("Done.")]) as server:
        agent = LLMAgent(LLMSettings(base_url=server.base_url, api_key="sk-test", model="m"))
        ...
        assert server.requests[0].tools[0]["function"]["name"] == "list_content"
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Step:
    """One scripted answer: a status and JSON body, optionally after hanging ``delay`` seconds."""

    body: dict[str, Any] | str
    status: int = 200
    delay: float = 0.0


Script = Step | Callable[["RecordedRequest"], Step]


@dataclass(frozen=True)
class RecordedRequest:
    """What the server received for one completion request."""

    path: str
    body: dict[str, Any]
    authorization: str | None

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages sent, in order."""
        return list(self.body.get("messages", []))

    @property
    def system_prompt(self) -> str:
        """The content of the first system (or developer) message, or ''."""
        for message in self.messages:
            if message.get("role") in ("system", "developer"):
                return str(message.get("content", ""))
        return ""

    @property
    def tools(self) -> list[dict[str, Any]]:
        """The tool schemas sent with the request (OpenAI ``tools`` format)."""
        return list(self.body.get("tools", []))

    @property
    def tool_messages(self) -> list[dict[str, Any]]:
        """The ``role: tool`` messages: what tools returned to the model."""
        return [m for m in self.messages if m.get("role") == "tool"]


_call_ids = itertools.count(1)


def _completion(message: dict[str, Any], finish_reason: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{next(_call_ids)}",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def say(text: str) -> Step:
    """Answer with plain text (no tool call)."""
    return Step(_completion({"role": "assistant", "content": text}, "stop"))


def tool_call(
    name: str, arguments: dict[str, Any] | str, call_id: str | None = None
) -> dict[str, Any]:
    """One tool call; a str ``arguments`` is sent verbatim (use it for malformed JSON)."""
    encoded = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {
        "id": call_id or f"call_{next(_call_ids)}",
        "type": "function",
        "function": {"name": name, "arguments": encoded},
    }


def call_tools(*calls: dict[str, Any], text: str | None = None) -> Step:
    """Ask for one or more tool calls (parallel when several), with optional text."""
    message = {"role": "assistant", "content": text, "tool_calls": list(calls)}
    return Step(_completion(message, "tool_calls"))


def call_tool(name: str, arguments: dict[str, Any] | str) -> Step:
    """Ask for a single tool call."""
    return call_tools(tool_call(name, arguments))


def malformed_tool_call(name: str) -> Step:
    """A tool call whose arguments are not valid JSON."""
    return call_tool(name, '{"period": "30d", ')


def http_error(status: int = 500, message: str = "internal error") -> Step:
    """An HTTP error with an OpenAI-style error body."""
    return Step({"error": {"message": message, "type": "server_error"}}, status=status)


def raw_body(body: str, status: int = 200) -> Step:
    """A verbatim (possibly malformed) response body."""
    return Step(body, status=status)


def hang(seconds: float, then: Step | None = None) -> Step:
    """Wait ``seconds`` (released early when the server stops) before answering."""
    answer = then or say("too late")
    return Step(answer.body, status=answer.status, delay=seconds)


@dataclass
class FakeOpenAIServer:
    """A threaded HTTP server answering chat completions from a script; use as a context manager."""

    script: list[Script] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    unscripted_calls: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The OpenAI base URL clients should use (ends in /v1)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def add(self, *steps: Script) -> None:
        """Append steps to the script."""
        with self._lock:
            self.script.extend(steps)

    def next_step(self, request: RecordedRequest) -> Step:
        """Record a request and pop the step that answers it."""
        with self._lock:
            self.requests.append(request)
            if not self.script:
                self.unscripted_calls += 1
                return http_error(500, "the fake server's script is exhausted")
            step = self.script.pop(0)
        return step(request) if callable(step) else step

    def wait(self, seconds: float) -> None:
        """Sleep up to ``seconds``; returns at once when the server is stopping."""
        self._stopping.wait(seconds)

    def start(self) -> FakeOpenAIServer:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release hanging handlers and shut the server down."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def do_POST(self) -> None:
            """Answer a completion request from the script."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"unparsed": raw.decode("utf-8", "replace")}
            request = RecordedRequest(self.path, body, self.headers.get("Authorization"))
            if self.path.rstrip("/") != COMPLETIONS_PATH:
                self._send(http_error(404, f"no route {self.path}"))
                return
            step = server.next_step(request)
            if step.delay:
                server.wait(step.delay)
            self._send(step)

        def _send(self, step: Step) -> None:
            payload = step.body if isinstance(step.body, str) else json.dumps(step.body)
            data = payload.encode()
            try:
                self.send_response(step.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timed out) before the answer came

    return Handler


def tool_names(tools: Sequence[dict[str, Any]]) -> list[str]:
    """The function names in an OpenAI ``tools`` list."""
    return [tool["function"]["name"] for tool in tools]
