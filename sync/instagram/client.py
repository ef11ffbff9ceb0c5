"""Instagram's endpoints, its OAuth client, tokens, errors and the Business Use Case header.

Tokens: the code becomes a short-lived token (api.instagram.com/oauth/access_token), exchanged
at once for a long-lived one (60 days, ``ig_exchange_token``) and refreshed (``ig_refresh_token``)
when it has less than ``REFRESH_WITHIN`` left; a token must be a day old to be refreshed.
Errors are Graph API error bodies: code 190 is a dead token (expired, revoked, password changed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sync.errors import Gone, GrantRevoked, RateLimited, SyncFailure
from sync.http import JsonClient

SCOPES = ("instagram_business_basic", "instagram_business_manage_insights")
API_VERSION = "v21.0"
REFRESH_WITHIN = timedelta(days=10)
REFRESHABLE_AFTER = timedelta(hours=24)
DEAD_TOKEN = 190
GONE = (100, 33)  # unsupported get request: the object does not exist (deleted)
RATE_LIMIT_CODES = {4, 17, 32, 613, 80002}
# Back off at this share of any Business Use Case figure (call count, CPU time, total time).
BACK_OFF_AT = 75


@dataclass(frozen=True)
class InstagramEndpoints:
    """Where Instagram lives (or the fake, in tests)."""

    authorize: str = "https://www.instagram.com/oauth/authorize"
    token: str = "https://api.instagram.com/oauth/access_token"  # noqa: S105 - a URL
    graph: str = "https://graph.instagram.com"

    @classmethod
    def at(cls, base_url: str) -> InstagramEndpoints:
        """Every endpoint under one base URL (WHATSWORKING_INSTAGRAM_BASE_URL, the fake)."""
        base = base_url.rstrip("/")
        return cls(f"{base}/oauth/authorize", f"{base}/oauth/access_token", base)

    def api(self, path: str) -> str:
        """A versioned Graph path (``me/media`` → https://graph.instagram.com/v21.0/me/media)."""
        return f"{self.graph}/{API_VERSION}/{path.lstrip('/')}"


@dataclass(frozen=True)
class InstagramClient:
    """The Instagram app of the Meta developer dashboard (its secret never shows in a repr)."""

    client_id: str
    client_secret: str = field(repr=False)
    endpoints: InstagramEndpoints = field(default_factory=InstagramEndpoints)

    def consent_url(self, redirect_uri: str, state: str) -> str:
        """The consent page of a flow that comes back to ``redirect_uri``."""
        query = {
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": ",".join(SCOPES),
            "state": state,
        }
        return f"{self.endpoints.authorize}?{urlencode(query)}"


def refusal(status: int, body: dict[str, Any]) -> SyncFailure:
    """A Graph API error body as the runner's kind of failure."""
    found = body.get("error")
    error: dict[str, Any] = found if isinstance(found, dict) else {}
    code = error.get("code")
    if code == DEAD_TOKEN or status == 401:
        return GrantRevoked("the Instagram access was revoked or has expired")
    if (code, error.get("error_subcode")) == GONE:
        return Gone("the Instagram object no longer exists")
    if code in RATE_LIMIT_CODES or status == 429:
        return RateLimited("Instagram's rate limit was reached", timedelta(hours=1))
    return SyncFailure(f"Instagram refused a request (code {code}, HTTP {status})")


def api(http: JsonClient) -> JsonClient:
    """The same client with Instagram's error mapping."""
    http.refusal = refusal
    return http


def exchange_code(
    http: JsonClient, client: InstagramClient, code: str, redirect_uri: str, now: datetime
) -> dict[str, Any]:
    """Code → short-lived token → long-lived token; the token document to store."""
    form = {
        "client_id": client.client_id,
        "client_secret": client.client_secret,
        "grant_type": "authorization_code",
        "redirect_uri": redirect_uri,
        "code": code,
    }
    body = http.call("POST", client.endpoints.token, data=form).body
    short = (body.get("data") or [body])[0]
    query = {
        "grant_type": "ig_exchange_token",
        "client_secret": client.client_secret,
        "access_token": short["access_token"],
    }
    long = http.call("GET", f"{client.endpoints.graph}/access_token", params=query).body
    return _document(long, str(short["user_id"]), now)


def refresh_if_due(
    http: JsonClient, client: InstagramClient, document: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The document, refreshed when it expires within ``REFRESH_WITHIN`` (and may be refreshed)."""
    expires = datetime.fromisoformat(document["expires_at"])
    issued = datetime.fromisoformat(document["issued_at"])
    if expires <= now:
        raise GrantRevoked("the Instagram access expired (60 days without a refresh)")
    if expires - now > REFRESH_WITHIN or now - issued < REFRESHABLE_AFTER:
        return document
    query = {"grant_type": "ig_refresh_token", "access_token": document["access_token"]}
    body = http.call("GET", f"{client.endpoints.graph}/refresh_access_token", params=query).body
    return _document(body, document["user_id"], now)


def _document(body: dict[str, Any], user_id: str, now: datetime) -> dict[str, Any]:
    return {
        "access_token": body["access_token"],
        "user_id": user_id,
        "issued_at": now.isoformat(),
        "expires_at": (now + timedelta(seconds=int(body["expires_in"]))).isoformat(),
    }


def usage_percent(headers: Any, user_id: str) -> tuple[int, int]:
    """The highest Business Use Case figure (percent) and the minutes until access is regained."""
    raw = headers.get("x-business-use-case-usage")
    if not raw:
        return 0, 0
    try:
        usage = json.loads(raw)
    except ValueError:
        return 0, 0
    entries = usage.get(user_id) or [e for v in usage.values() for e in v]
    figures = [
        int(e.get(k) or 0) for e in entries for k in ("call_count", "total_cputime", "total_time")
    ]
    regain = max((int(e.get("estimated_time_to_regain_access") or 0) for e in entries), default=0)
    return max(figures, default=0), regain
