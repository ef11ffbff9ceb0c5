"""A fake of the Instagram API with Instagram Login: OAuth, long-lived tokens, media, insights.

Follows Meta's documentation: the code exchange at /oauth/access_token answers
``{"data": [{"access_token", "user_id", "permissions"}]}``; /access_token (ig_exchange_token)
and /refresh_access_token (ig_refresh_token) answer ``{access_token, token_type, expires_in}``;
/v21.0/me/media pages with ``paging.cursors.after`` and ``paging.next`` (at most 100 a page);
insights reject metrics a media kind does not support; errors are Graph error bodies
(190 a dead token, 100/33 a deleted object); every Graph answer carries
``X-Business-Use-Case-Usage``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from tests.support.fakes.json_server import JsonServer, take_failure

LONG_LIVED = 60 * 86_400
SHORT_LIVED = 3_600
FEED = {"views", "reach", "saved", "shares", "total_interactions", "follows", "profile_visits"}
REELS = {"views", "reach", "saved", "shares", "total_interactions"}
MEDIA_FIELDS = {
    "id", "caption", "media_type", "media_product_type", "timestamp", "permalink",
    "like_count", "comments_count", "thumbnail_url", "media_url",
}  # fmt: skip


def graph_error(code: int, message: str, subcode: int | None = None) -> dict[str, Any]:
    """A Graph API error body."""
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error | {"fbtrace_id": "Afake"}}


@dataclass
class InstagramState:
    """What the fake knows; tests change it between syncs."""

    now: Callable[[], datetime]
    client_id: str = "ig-app-1"
    client_secret: str = field(default_factory=lambda: secrets.token_hex(8))
    user_id: str = "17841400000000001"
    username: str = "mia.makes"
    media: list[dict[str, Any]] = field(default_factory=list)  # newest first
    insights: dict[str, dict[str, int]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)  # listed, but its insights say it is gone
    codes: dict[str, str] = field(default_factory=dict)  # code → redirect_uri
    tokens: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)  # issued, expires
    revoked: bool = False
    usage_per_call: float = 0.0
    usage: float = 0.0
    failures: list[tuple[str, int, Any]] = field(default_factory=list)  # path part, status, body

    def add_media(self, count: int, start: datetime, every: timedelta, kind: str = "IMAGE") -> None:
        """``count`` media published from ``start`` every ``every`` (stored newest first)."""
        for i in range(count):
            at = start + every * i
            media_id = f"1790{len(self.media):012d}"
            product = "REELS" if kind == "VIDEO" else "FEED"
            self.media.insert(0, _media(media_id, at, kind, product, i))
            self.insights[media_id] = {"views": 100 + i, "reach": 80 + i, "saved": i % 7,
                                       "shares": i % 5, "total_interactions": 20 + i}  # fmt: skip
            if product == "FEED":
                self.insights[media_id] |= {"follows": i % 3, "profile_visits": i % 11}

    def grant(self, *, issued: datetime | None = None, lifetime: int = LONG_LIVED) -> str:
        """A long-lived token issued at ``issued`` (now by default)."""
        token = "IGAA" + secrets.token_hex(12)
        at = issued or self.now()
        self.tokens[token] = (at, at + timedelta(seconds=lifetime))
        return token

    def consent(self, redirect_uri: str) -> str:
        """What the consent page does when the creator allows: a code for the redirect."""
        code = secrets.token_hex(8)
        self.codes[code] = redirect_uri
        return code


class FakeInstagram(JsonServer):
    """The fake on 127.0.0.1."""

    def __init__(self, state: InstagramState) -> None:
        self.state = state
        super().__init__(self._route)

    def _route(
        self, method: str, path: str, params: dict[str, str], body: Any, headers: dict[str, str]
    ) -> tuple[int, Any, dict[str, str]]:
        s = self.state
        failure = take_failure(s.failures, path)
        if failure is not None:
            return failure
        if path == "/oauth/authorize" and method == "GET":
            return _consent_page(s, params)
        if path == "/oauth/access_token" and method == "POST":
            return _code_exchange(s, body)
        if path == "/access_token":
            return _long_lived(s, params, "ig_exchange_token", params.get("client_secret"))
        if path == "/refresh_access_token":
            return _long_lived(s, params, "ig_refresh_token", s.client_secret)
        status, answer = _graph(s, path, params)
        s.usage += s.usage_per_call
        return status, answer, {"X-Business-Use-Case-Usage": _usage_header(s)}


def _consent_page(s: InstagramState, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    """The creator allows at once: a redirect back with a code and the state."""
    scopes = set(params.get("scope", "").split(","))
    if params.get("client_id") != s.client_id or params.get("response_type") != "code":
        return 400, graph_error(100, "Invalid platform app"), {}
    if not scopes <= {"instagram_business_basic", "instagram_business_manage_insights"}:
        return 400, graph_error(100, "Invalid scope"), {}
    code = s.consent(params["redirect_uri"])
    back = params["redirect_uri"] + "?" + urlencode({"code": code, "state": params["state"]})
    return 302, {}, {"Location": back + "#_"}


def _code_exchange(s: InstagramState, form: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    if form.get("client_id") != s.client_id or form.get("client_secret") != s.client_secret:
        return (
            400,
            {"error_type": "OAuthException", "code": 400, "error_message": "Invalid client"},
            {},
        )
    redirect = s.codes.pop(form.get("code", ""), None)
    if redirect is None or redirect != form.get("redirect_uri"):
        return 400, {"error_type": "OAuthException", "code": 400,
                     "error_message": "Invalid authorization code"}, {}  # fmt: skip
    short = s.grant(lifetime=SHORT_LIVED)
    data = {
        "access_token": short,
        "user_id": int(s.user_id),
        "permissions": "instagram_business_basic",
    }
    return 200, {"data": [data]}, {}


def _long_lived(
    s: InstagramState, params: dict[str, str], grant_type: str, secret: str | None
) -> tuple[int, Any, dict[str, str]]:
    token = params.get("access_token", "")
    found = s.tokens.get(token)
    if params.get("grant_type") != grant_type or secret != s.client_secret:
        return 400, graph_error(100, "Invalid parameter"), {}
    if found is None or found[1] <= s.now() or s.revoked:
        return 400, graph_error(190, "Error validating access token", 463), {}
    if grant_type == "ig_refresh_token" and s.now() - found[0] < timedelta(hours=24):
        return 400, graph_error(100, "The token must be at least 24 hours old"), {}
    fresh = s.grant()
    return 200, {"access_token": fresh, "token_type": "bearer", "expires_in": LONG_LIVED}, {}


def _graph(s: InstagramState, path: str, params: dict[str, str]) -> tuple[int, Any]:
    found = s.tokens.get(params.get("access_token", ""))
    if s.revoked:
        return 400, graph_error(190, "The user has not authorized application.", 458)
    if found is None or found[1] <= s.now():
        return 400, graph_error(190, "Error validating access token: Session has expired", 463)
    parts = path.strip("/").split("/")
    if parts[0] != "v21.0":
        return 404, graph_error(100, "Unknown path components")
    if parts[1:] == ["me"]:
        return 200, {"user_id": s.user_id, "username": s.username, "id": s.user_id}
    if parts[1:] == ["me", "media"]:
        return _media_page(s, params)
    if len(parts) == 3 and parts[2] == "insights":
        return _insights(s, parts[1], params)
    return 400, graph_error(100, "Unsupported get request.", 33)


def _media_page(s: InstagramState, params: dict[str, str]) -> tuple[int, Any]:
    fields = set(params.get("fields", "").split(","))
    limit = int(params.get("limit", "25"))
    if not fields <= MEDIA_FIELDS or limit > 100:
        return 400, graph_error(100, "Invalid parameter")
    start = int(params.get("after", "0") or 0)
    page = [{k: v for k, v in m.items() if k in fields} for m in s.media[start : start + limit]]
    paging: dict[str, Any] = {"cursors": {"before": str(start), "after": str(start + len(page))}}
    if start + limit < len(s.media):
        paging["next"] = "/v21.0/me/media?" + urlencode(params | {"after": start + limit})
    return 200, {"data": page, "paging": paging}


def _insights(s: InstagramState, media_id: str, params: dict[str, str]) -> tuple[int, Any]:
    media = next((m for m in s.media if m["id"] == media_id), None)
    if media is None or media_id in s.deleted:
        return 400, graph_error(
            100, f"Unsupported get request. Object with ID '{media_id}' does not exist", 33
        )
    allowed = REELS if media["media_product_type"] == "REELS" else FEED
    wanted = params.get("metric", "").split(",")
    if not set(wanted) <= allowed:
        return 400, graph_error(100, "(#100) metric[0] must be one of the supported values")
    values = s.insights[media_id]
    data = [
        {"name": n, "period": "lifetime", "values": [{"value": values[n]}], "id": f"{media_id}/{n}"}
        for n in wanted
        if n in values
    ]
    return 200, {"data": data}


def _usage_header(s: InstagramState) -> str:
    share = min(int(s.usage), 100)
    entry = {
        "type": "instagram",
        "call_count": share,
        "total_cputime": share // 2,
        "total_time": share // 2,
        "estimated_time_to_regain_access": 0 if share < 100 else 30,
    }
    return json.dumps({s.user_id: [entry]})


def _media(media_id: str, at: datetime, kind: str, product: str, i: int) -> dict[str, Any]:
    return {
        "id": media_id,
        "caption": f"Post {i}: a morning routine\nmore words #tag",
        "media_type": kind,
        "media_product_type": product,
        "timestamp": at.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        "permalink": f"https://www.instagram.com/p/{media_id}/",
        "like_count": 10 + i,
        "comments_count": i % 9,
        "media_url": f"https://cdn.example/{media_id}.jpg",
    }
