"""A fake of Google's OAuth endpoints, YouTube Data API v3 and YouTube Analytics API v2.

Real HTTP on 127.0.0.1; the real client libraries are pointed at it by base URL. Every Data and
Analytics request is checked against the discovery documents google-api-python-client ships
(unknown or missing parameters are a 400, as Google answers), and costs quota as documented:
1 unit per list call of channels, playlistItems and videos.

    with FakeGoogle() as google:
        google.state.add_videos(120, start=..., every=timedelta(days=1))
        ... YouTubeAdapter(endpoints=google.endpoints, ...)
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit

from tests.support.fakes.google_api import analytics_report, channels, playlist_items, videos
from tests.support.fakes.google_discovery import check_request
from tests.support.fakes.google_state import (
    GoogleState,
    PendingCode,
    google_error,
    quota_exceeded,
    s256,
)
from tests.support.fakes.json_server import LocalServer

DATA_PREFIX = "/youtube/v3/"
ANALYTICS_PREFIX = "/v2/reports"
ROUTES = {"channels": channels, "playlistItems": playlist_items, "videos": videos}


class FakeGoogle(LocalServer):
    """The server and its state; a context manager that starts and stops it."""

    def __init__(self, state: GoogleState | None = None) -> None:
        self.state = state or GoogleState()
        self.lock = threading.Lock()
        super().__init__(type("Handler", (_Handler,), {"fake": self}))


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogle

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self, body: str = "") -> None:
        url = urlsplit(self.path)
        params = _query(url.query + ("&" + body if body else ""))
        with self.fake.lock:
            self.fake.state.requests.append(("GET", url.path, params))
            status, body, headers = self._route_get(url.path, params)
        self._send(status, body, headers)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        if self.headers.get("X-HTTP-Method-Override") == "GET":
            # Google's clients send a GET whose URL would be too long as a POST with this header.
            self.do_GET(body)
            return
        form = dict(parse_qsl(body)) | dict(parse_qsl(url.query))
        form |= _basic_auth(self.headers.get("Authorization", ""))
        with self.fake.lock:
            self.fake.state.requests.append(("POST", url.path, form))
            if url.path == "/token":
                status, body = _token(self.fake.state, form)
            elif url.path == "/revoke":
                status, body = _revoke(self.fake.state, form)
            else:
                status, body = 404, google_error(404, "notFound", "Not Found")
        self._send(status, body, {})

    def _route_get(self, path: str, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        state = self.fake.state
        if path == "/o/oauth2/auth":
            return _consent(state, params)
        failure = state.take_failure(path)
        if failure is not None:
            return failure.status, failure.body, {}
        if self._bearer() is None:
            return 401, google_error(401, "authError", "Invalid Credentials"), {}
        if path.startswith(DATA_PREFIX) and path[len(DATA_PREFIX) :] in ROUTES:
            return _data_call(state, path[len(DATA_PREFIX) :], params)
        if path == ANALYTICS_PREFIX:
            problem = check_request("youtubeAnalytics", "reports.query", params)
            if problem:
                return 400, google_error(400, "badRequest", problem), {}
            return analytics_report(state, params)
        return 404, google_error(404, "notFound", "Not Found"), {}

    def _bearer(self) -> str | None:
        header = self.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip()
        found = self.fake.state.access.get(token)
        if found is None or self.fake.state.grants[found[0]].revoked:
            return None
        return token

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        if status in (301, 302):
            self.send_response(status)
            self.send_header("Location", headers["Location"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _basic_auth(header: str) -> dict[str, str]:
    """Client credentials sent as HTTP Basic auth (RFC 6749 2.3.1), which Google accepts too."""
    if not header.startswith("Basic "):
        return {}
    client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    return {"client_id": unquote_plus(client_id), "client_secret": unquote_plus(secret)}


def _query(query: str) -> dict[str, str]:
    """Query parameters; a repeated one (part=a&part=b) is read as Google does: a,b."""
    params: dict[str, str] = {}
    for key, value in parse_qsl(query):
        params[key] = f"{params[key]},{value}" if key in params else value
    return params


def _data_call(
    state: GoogleState, name: str, params: dict[str, str]
) -> tuple[int, Any, dict[str, str]]:
    problem = check_request("youtube", f"{name}.list", params)
    if problem:
        return 400, google_error(400, "badRequest", problem), {}
    if state.units_used + 1 > state.daily_quota:
        return 403, quota_exceeded(), {}
    state.units_used += 1
    status, body = ROUTES[name](state, params)
    return status, body, {}


def _consent(state: GoogleState, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    """The consent page, approved at once: redirect back with a code (and the state)."""
    if params.get("client_id") != state.client_id or params.get("response_type") != "code":
        return 400, {"error": "invalid_request"}, {}
    scopes = tuple(params.get("scope", "").split())
    if not scopes or not set(scopes) <= {*_known_scopes()}:
        return 400, {"error": "invalid_scope"}, {}
    if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
        return 400, {"error": "invalid_request", "error_description": "S256 only"}, {}
    code = "4/" + secrets.token_urlsafe(16)
    state.codes[code] = PendingCode(
        state.client_id, params["redirect_uri"], params.get("code_challenge"), scopes
    )
    query = {"code": code, "scope": " ".join(scopes)}
    if "state" in params:
        query["state"] = params["state"]
    return 302, None, {"Location": f"{params['redirect_uri']}?{urlencode(query)}"}


def _known_scopes() -> tuple[str, ...]:
    from tests.support.fakes.google_state import SCOPES

    return SCOPES


def _token(state: GoogleState, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    if form.get("client_id") != state.client_id or form.get("client_secret") != state.client_secret:
        return 401, {"error": "invalid_client", "error_description": "Unauthorized"}
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return _exchange_code(state, form)
    if grant_type == "refresh_token":
        grant = state.grants.get(form.get("refresh_token", ""))
        if grant is None or grant.revoked:
            return 400, {
                "error": "invalid_grant",
                "error_description": "Token has been expired or revoked.",
            }
        token = state.new_access(form["refresh_token"])
        return 200, _token_body(token, state, grant.scopes)
    return 400, {"error": "unsupported_grant_type"}


def _exchange_code(state: GoogleState, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    pending = state.codes.pop(form.get("code", ""), None)
    if pending is None or pending.redirect_uri != form.get("redirect_uri"):
        return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
    if pending.challenge and s256(form.get("code_verifier", "")) != pending.challenge:
        return 400, {"error": "invalid_grant", "error_description": "Invalid code verifier."}
    refresh, access = state.issue_grant(pending.scopes)
    return 200, _token_body(access, state, pending.scopes) | {"refresh_token": refresh}


def _token_body(token: str, state: GoogleState, scopes: tuple[str, ...]) -> dict[str, Any]:
    return {
        "access_token": token,
        "expires_in": state.access_lifetime,
        "scope": " ".join(scopes),
        "token_type": "Bearer",
    }


def _revoke(state: GoogleState, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    token = form.get("token", "")
    refresh = state.access[token][0] if token in state.access else token
    grant = state.grants.get(refresh)
    if grant is None or grant.revoked:
        return 400, {"error": "invalid_token", "error_description": "Token expired or revoked"}
    grant.revoked = True
    state.revoked_tokens.append(refresh)
    return 200, {}
