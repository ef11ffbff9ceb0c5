"""Security and caching headers for every page (pure ASGI: no per-request task or body copy).

Telegram's web client shows a Mini App in an iframe, so framing is allowed for Telegram only.
Scripts come from this server alone; styles may be inline (progress widths are style attributes).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"
)
# Static files are requested with ?v=RELEASE, so they may be kept for a long time.
STATIC_CACHE = "public, max-age=604800, immutable"


class SecurityHeaders:
    """Adds the content security policy, no-sniff, a referrer policy and cache rules."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = "/static/" in scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Cache-Control", STATIC_CACHE if static else "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
