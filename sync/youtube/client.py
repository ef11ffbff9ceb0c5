"""Google endpoints, the OAuth client, credentials, and the API services built on them.

The real google-auth and google-api-python-client libraries do the talking; every URL is
configurable so tests point them at a local fake. On a 401 the authorised transport refreshes
the access token and retries once by itself; what still fails is mapped to a SyncFailure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from sync.errors import GrantRevoked, QuotaExhausted, SyncFailure, Transient

SCOPES = (
    "https://www.googleapis.com/auth/youtube.readonly",
    "https://www.googleapis.com/auth/yt-analytics.readonly",
)
TIMEOUT_SECONDS = 30
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded"}


@dataclass(frozen=True)
class GoogleEndpoints:
    """Where Google lives (or the fake, in tests)."""

    auth_uri: str = "https://accounts.google.com/o/oauth2/auth"
    token_uri: str = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret
    revoke_uri: str = "https://oauth2.googleapis.com/revoke"
    data_api: str = "https://youtube.googleapis.com/"
    analytics_api: str = "https://youtubeanalytics.googleapis.com/"

    @classmethod
    def at(cls, base_url: str) -> GoogleEndpoints:
        """Every endpoint under one base URL (WHATSWORKING_GOOGLE_BASE_URL, the fake)."""
        base = base_url.rstrip("/")
        return cls(
            auth_uri=f"{base}/o/oauth2/auth",
            token_uri=f"{base}/token",
            revoke_uri=f"{base}/revoke",
            data_api=f"{base}/",
            analytics_api=f"{base}/",
        )


@dataclass(frozen=True)
class GoogleClient:
    """The OAuth client made in the Google Cloud console (the secret never shows in a repr)."""

    client_id: str
    client_secret: str = field(repr=False)
    endpoints: GoogleEndpoints = field(default_factory=GoogleEndpoints)

    def config(self, redirect_uris: list[str]) -> dict[str, Any]:
        """The client config google-auth-oauthlib reads."""
        return {
            "installed": {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "auth_uri": self.endpoints.auth_uri,
                "token_uri": self.endpoints.token_uri,
                "redirect_uris": redirect_uris,
            }
        }


def credentials(client: GoogleClient, document: dict[str, Any]) -> Credentials:
    """Credentials from a stored (decrypted) token document."""
    expiry = document.get("expiry")
    return Credentials(  # type: ignore[no-untyped-call]
        token=document.get("token"),
        refresh_token=document["refresh_token"],
        token_uri=client.endpoints.token_uri,
        client_id=client.client_id,
        client_secret=client.client_secret,
        scopes=list(document.get("scopes") or SCOPES),
        # google-auth compares expiry as naive UTC.
        expiry=datetime.fromisoformat(expiry).replace(tzinfo=None) if expiry else None,
    )


def token_document(creds: Credentials) -> dict[str, Any]:
    """What is stored (encrypted) of credentials: the tokens, their expiry and the scopes."""
    expiry = creds.expiry.replace(tzinfo=UTC).isoformat() if creds.expiry else None
    return {
        "token": creds.token,
        "refresh_token": creds.refresh_token,
        "expiry": expiry,
        "scopes": list(creds.scopes or SCOPES),
    }


def services(client: GoogleClient, creds: Credentials) -> tuple[Any, Any]:
    """The Data API v3 and Analytics API v2 services, from the shipped discovery documents."""
    http = AuthorizedHttp(creds, http=httplib2.Http(timeout=TIMEOUT_SECONDS))
    youtube = build(
        "youtube",
        "v3",
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": client.endpoints.data_api},
    )
    analytics = build(
        "youtubeAnalytics",
        "v2",
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options={"api_endpoint": client.endpoints.analytics_api},
    )
    return youtube, analytics


def execute(request: Any) -> dict[str, Any]:
    """Run one API request; Google's failures become the runner's kinds of failure."""
    try:
        return dict(request.execute(num_retries=0))
    except HttpError as error:
        raise _from_http_error(error) from None
    except RefreshError as error:
        raise _from_refresh_error(error) from None
    except (TransportError, httplib2.HttpLib2Error, TimeoutError, OSError) as error:
        raise Transient(f"Google did not answer: {type(error).__name__}") from None


def _from_http_error(error: HttpError) -> SyncFailure:
    status = int(error.resp.status)
    reasons = {
        str(detail.get("reason"))
        for detail in (error.error_details or [])
        if isinstance(detail, dict)
    }
    if status == 403 and reasons & QUOTA_REASONS:
        return QuotaExhausted("Google's daily YouTube quota is spent")
    if status == 401:
        return GrantRevoked("Google refused the credentials even after a refresh")
    if status >= 500 or status == 429:
        return Transient(f"Google answered {status}")
    reason = ", ".join(sorted(reasons)) or str(status)
    return SyncFailure(f"Google refused a request ({reason})")


def _from_refresh_error(error: RefreshError) -> SyncFailure:
    if "invalid_grant" in str(error):
        return GrantRevoked("the YouTube access was revoked or has expired")
    if getattr(error, "retryable", False):
        return Transient("Google's token endpoint is unavailable")
    return SyncFailure("Google refused to refresh the access token")
