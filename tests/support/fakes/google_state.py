"""The state behind the fake Google server: one channel's videos, OAuth grants and quota.

Shapes follow Google's documentation: the OAuth 2.0 token, revoke and error responses
(developers.google.com/identity/protocols/oauth2/native-app), YouTube Data API v3 list
responses and error bodies, YouTube Analytics API v2 result tables.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

SCOPES = (
    "https://www.googleapis.com/auth/youtube.readonly",
    "https://www.googleapis.com/auth/yt-analytics.readonly",
)


@dataclass
class FakeVideo:
    """One upload with its public statistics and the analytics the owner can see."""

    id: str
    title: str
    published_at: datetime
    duration: str = "PT8M30S"
    description: str = ""
    tags: tuple[str, ...] = ()
    views: int = 1000
    likes: int | None = 50
    comments: int = 5
    minutes_watched: int = 3000
    avg_view_duration: int = 180
    avg_view_percentage: float = 35.0
    subscribers_gained: int = 3
    shares: int = 4
    daily_views: dict[date, int] = field(default_factory=dict)


@dataclass
class Grant:
    """A refresh token and what it allows."""

    client_id: str
    scopes: tuple[str, ...]
    revoked: bool = False


@dataclass
class PendingCode:
    """An authorisation code waiting to be exchanged."""

    client_id: str
    redirect_uri: str
    challenge: str | None
    scopes: tuple[str, ...]


@dataclass
class Failure:
    """An error to answer the next matching request with (path prefix, status, body)."""

    path: str
    status: int
    body: dict[str, Any]
    times: int = 1


@dataclass
class GoogleState:
    """Everything the fake knows; tests arrange it and read what was asked."""

    client_id: str = "fake-client.apps.googleusercontent.com"
    client_secret: str = "fake-secret"
    channel_id: str = "UCfakechannel000000000001"
    channel_title: str = "Fake Channel"
    videos: list[FakeVideo] = field(default_factory=list)
    daily_quota: int = 10_000
    units_used: int = 0
    access_lifetime: int = 3600
    grants: dict[str, Grant] = field(default_factory=dict)
    access: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    codes: dict[str, PendingCode] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    revoked_tokens: list[str] = field(default_factory=list)
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 25, 12, 0, tzinfo=UTC))

    @property
    def uploads_playlist(self) -> str:
        """The channel's uploads playlist id (UC… → UU…)."""
        return "UU" + self.channel_id[2:]

    def issue_grant(self, scopes: tuple[str, ...] = SCOPES) -> tuple[str, str]:
        """A refresh token and an access token, as if the owner had consented."""
        refresh = "1//" + secrets.token_urlsafe(24)
        self.grants[refresh] = Grant(self.client_id, scopes)
        return refresh, self.new_access(refresh)

    def new_access(self, refresh: str) -> str:
        """A fresh access token for a grant."""
        token = "ya29." + secrets.token_urlsafe(24)
        expires = datetime.now(UTC) + timedelta(seconds=self.access_lifetime)
        self.access[token] = (refresh, expires)
        return token

    def expire_access_tokens(self) -> None:
        """Every access token handed out stops working (Google answers 401)."""
        self.access.clear()

    def revoke_all(self) -> None:
        """The owner removed the app's access in their Google account."""
        for grant in self.grants.values():
            grant.revoked = True
        self.access.clear()

    def fail_next(self, path: str, status: int, body: dict[str, Any], times: int = 1) -> None:
        """Answer the next ``times`` requests under ``path`` with this error."""
        self.failures.append(Failure(path, status, body, times))

    def take_failure(self, path: str) -> Failure | None:
        """The scripted failure for this request, if any (consumed)."""
        for failure in self.failures:
            if path.startswith(failure.path) and failure.times > 0:
                failure.times -= 1
                return failure
        return None

    def calls(self, path_end: str) -> int:
        """How many requests ended in ``path_end``."""
        return sum(1 for _m, path, _p in self.requests if path.endswith(path_end))

    def add_videos(self, count: int, *, start: datetime, every: timedelta) -> None:
        """``count`` uploads, newest first in the uploads playlist, ``every`` apart."""
        for index in range(count):
            published = start + every * index
            self.videos.append(
                FakeVideo(
                    id=f"vid{len(self.videos):08d}",
                    title=f"Video number {len(self.videos) + 1}",
                    published_at=published,
                    views=1000 + 37 * index,
                    duration="PT45S" if index % 4 == 0 else "PT9M5S",
                    tags=("tips", f"t{index % 5}"),
                )
            )


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def google_error(code: int, reason: str, message: str, domain: str = "global") -> dict[str, Any]:
    """A Google JSON API error body."""
    status = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED"}
    return {
        "error": {
            "code": code,
            "message": message,
            "errors": [{"message": message, "domain": domain, "reason": reason}],
            "status": status.get(code, "INTERNAL"),
        }
    }


def quota_exceeded() -> dict[str, Any]:
    """YouTube's documented quotaExceeded error body (403)."""
    return google_error(
        403,
        "quotaExceeded",
        "The request cannot be completed because you have exceeded your "
        '<a href="/youtube/v3/getting-started#quota">quota</a>.',
        domain="youtube.quota",
    )


def backend_error() -> dict[str, Any]:
    """A 503 backendError body."""
    return google_error(503, "backendError", "Backend Error")
