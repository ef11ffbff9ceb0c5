"""A fake of TikTok's Login Kit OAuth v2 (with PKCE) and the Display API.

Follows TikTok's documentation: POST /v2/oauth/token/ (form; authorization_code with
code_verifier, or refresh_token) answers ``{access_token, expires_in: 86400, open_id,
refresh_expires_in: 31536000, refresh_token, scope, token_type}`` or ``{error,
error_description, log_id}``; GET /v2/user/info/?fields=… and POST /v2/video/list/?fields=… (JSON
``{cursor, max_count ≤ 20}``, newest first) answer ``{data, error: {code, message, log_id}}``;
a dead token is 401 ``access_token_invalid``; too many calls a 429 ``rate_limit_exceeded``.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.support.fakes.json_server import JsonServer, take_failure

ACCESS_LIFETIME = 86_400
REFRESH_LIFETIME = 31_536_000
VIDEO_FIELDS = {
    "id", "title", "video_description", "create_time", "duration", "view_count", "like_count",
    "comment_count", "share_count", "cover_image_url", "share_url", "embed_link",
}  # fmt: skip


def api_error(code: str, message: str) -> dict[str, Any]:
    """A Display API error envelope."""
    return {"error": {"code": code, "message": message, "log_id": "202612050000fake"}}


def oauth_error(error: str, description: str) -> dict[str, Any]:
    """An OAuth v2 error body."""
    return {"error": error, "error_description": description, "log_id": "202612050000fake"}


@dataclass
class TikTokState:
    """What the fake knows; tests change it between syncs."""

    now: Callable[[], datetime]
    client_key: str = "tt-client-1"
    client_secret: str = field(default_factory=lambda: secrets.token_hex(8))
    open_id: str = "-000fakeOpenId"
    display_name: str = "Mia Makes"
    videos: list[dict[str, Any]] = field(default_factory=list)  # newest first
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (redirect, challenge)
    access: dict[str, datetime] = field(default_factory=dict)
    refresh: dict[str, datetime] = field(default_factory=dict)
    revoked: bool = False
    failures: list[tuple[str, int, Any]] = field(default_factory=list)

    def add_videos(self, count: int, start: datetime, every: timedelta) -> None:
        """``count`` videos published from ``start`` every ``every`` (stored newest first)."""
        for i in range(count):
            at = start + every * i
            self.videos.insert(0, _video(f"73{len(self.videos):017d}", at, i))

    def grant(self, *, access_left: int = ACCESS_LIFETIME) -> tuple[str, str]:
        """(access token, refresh token) as if the creator had consented."""
        access, refresh = "act." + secrets.token_hex(12), "rft." + secrets.token_hex(12)
        self.access[access] = self.now() + timedelta(seconds=access_left)
        self.refresh[refresh] = self.now() + timedelta(seconds=REFRESH_LIFETIME)
        return access, refresh

    def consent(self, redirect_uri: str, challenge: str) -> str:
        """What the consent page does when the creator allows: a code for the redirect."""
        code = secrets.token_hex(8)
        self.codes[code] = (redirect_uri, challenge)
        return code


class FakeTikTok(JsonServer):
    """The fake on 127.0.0.1."""

    def __init__(self, state: TikTokState) -> None:
        self.state = state
        super().__init__(self._route)

    def _route(
        self, method: str, path: str, params: dict[str, str], body: Any, headers: dict[str, str]
    ) -> tuple[int, Any, dict[str, str]]:
        s = self.state
        failure = take_failure(s.failures, path)
        if failure is not None:
            return failure
        if path == "/v2/auth/authorize/" and method == "GET":
            return _consent_page(s, params)
        if path == "/v2/oauth/token/" and method == "POST":
            return (*_token(s, body), {})
        if path == "/v2/oauth/revoke/" and method == "POST":
            return (*_revoke(s, body), {})
        expires = s.access.get(headers.get("authorization", "").removeprefix("Bearer "))
        if s.revoked or expires is None or expires <= s.now():
            return 401, api_error("access_token_invalid", "The access token is invalid."), {}
        if path == "/v2/user/info/" and method == "GET":
            user = {"open_id": s.open_id, "union_id": "u1", "display_name": s.display_name,
                    "avatar_url": "https://cdn.example/a.jpg"}  # fmt: skip
            return 200, {"data": {"user": user}} | api_error("ok", ""), {}
        if path == "/v2/video/list/" and method == "POST":
            return (*_video_list(s, params, body), {})
        return 404, api_error("invalid_params", "Unknown endpoint"), {}


def _consent_page(s: TikTokState, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    """The creator allows at once: a redirect back with a code and the state."""
    if params.get("client_key") != s.client_key or params.get("code_challenge_method") != "S256":
        return 400, oauth_error("invalid_request", "client_key or PKCE is missing"), {}
    code = s.consent(params["redirect_uri"], params["code_challenge"])
    back = params["redirect_uri"] + "?" + urlencode({"code": code, "state": params["state"]})
    return 302, {}, {"Location": back}


def _token(s: TikTokState, form: dict[str, str]) -> tuple[int, Any]:
    if form.get("client_key") != s.client_key or form.get("client_secret") != s.client_secret:
        return 400, oauth_error("invalid_client", "Client key or secret is incorrect.")
    if form.get("grant_type") == "authorization_code":
        found = s.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if found is None or found != (form.get("redirect_uri"), challenge):
            return 400, oauth_error("invalid_grant", "Authorization code is expired.")
    elif form.get("grant_type") == "refresh_token":
        expires = s.refresh.get(form.get("refresh_token", ""))
        if s.revoked or expires is None or expires <= s.now():
            return 400, oauth_error("invalid_grant", "Refresh token is invalid or expired.")
    else:
        return 400, oauth_error("invalid_request", "grant_type is not supported.")
    access, refresh = s.grant()
    return 200, {
        "access_token": access,
        "expires_in": ACCESS_LIFETIME,
        "open_id": s.open_id,
        "refresh_expires_in": REFRESH_LIFETIME,
        "refresh_token": refresh,
        "scope": "user.info.basic,video.list",
        "token_type": "Bearer",
    }


def _revoke(s: TikTokState, form: dict[str, str]) -> tuple[int, Any]:
    if form.get("token") not in s.access or s.revoked:
        return 400, oauth_error("invalid_grant", "The token is invalid.")
    s.revoked = True
    return 200, {}


def _video_list(s: TikTokState, params: dict[str, str], body: Any) -> tuple[int, Any]:
    fields = set(params.get("fields", "").split(","))
    count = int(body.get("max_count", 10)) if isinstance(body, dict) else 10
    if not fields <= VIDEO_FIELDS or count > 20:
        return 400, api_error("invalid_params", "Invalid fields or max_count.")
    cursor = int(body.get("cursor") or 2**62)  # a create_time in ms: videos older than it
    older = [v for v in s.videos if v["create_time"] * 1000 < cursor][:count]
    page = [{k: v for k, v in video.items() if k in fields} for video in older]
    more = bool(older) and s.videos.index(older[-1]) < len(s.videos) - 1
    next_cursor = older[-1]["create_time"] * 1000 if older else 0
    data = {"videos": page, "cursor": next_cursor, "has_more": more}
    return 200, {"data": data} | api_error("ok", "")


def _video(video_id: str, at: datetime, i: int) -> dict[str, Any]:
    return {
        "id": video_id,
        "title": f"Video {i}: a quick recipe",
        "video_description": f"Video {i}: a quick recipe #food",
        "create_time": int(at.astimezone(UTC).timestamp()),
        "duration": 15 + i % 45,
        "view_count": 1000 + 10 * i,
        "like_count": 100 + i,
        "comment_count": i % 13,
        "share_count": i % 7,
        "cover_image_url": f"https://cdn.example/{video_id}.jpg",
        "share_url": f"https://www.tiktok.com/@mia/video/{video_id}",
    }
