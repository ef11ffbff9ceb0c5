"""One JSON-over-HTTP client for the platforms that have no client library (Instagram, TikTok).

httpx does the talking; every call is counted on the sync's meter before it is sent (a failed
call counts too), and what a transport error or a 5xx means is the same on every platform:
back off (``Transient``). What a 4xx means is the platform's to say (its ``refusal`` mapper).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from sync.adapter import Meter
from sync.errors import SyncFailure, Transient

TIMEOUT_SECONDS = 30
Refusal = Callable[[int, dict[str, Any]], SyncFailure]


@dataclass(frozen=True)
class Answer:
    """A decoded JSON answer and the headers it came with."""

    body: dict[str, Any]
    headers: Mapping[str, str]


@dataclass
class JsonClient:
    """Calls one platform; ``refusal`` turns a 4xx body into the runner's kind of failure."""

    name: str
    refusal: Refusal
    meter: Meter = field(default_factory=Meter)
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=TIMEOUT_SECONDS))

    def call(self, method: str, url: str, **kwargs: Any) -> Answer:
        """Send one request; a JSON object back, or a SyncFailure."""
        self.meter.calls += 1
        try:
            answer = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise Transient(f"{self.name} did not answer: {type(error).__name__}") from None
        if answer.status_code >= 500:
            raise Transient(f"{self.name} answered {answer.status_code}")
        body = _json(answer)
        if answer.status_code >= 400:
            raise self.refusal(answer.status_code, body)
        return Answer(body, answer.headers)

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()


def _json(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
