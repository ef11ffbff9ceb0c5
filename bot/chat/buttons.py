"""Buttons signed for one creator: the one sign / verify pair both chat services use.

A button carries ``<action>|<signature>``: the action as ``Action.encode`` writes it and a
truncated HMAC-SHA256 over the creator key and the action, so a forged button, or one shown to
another creator, is recognised on arrival. Each service keeps its own container around it
(Telegram's 64-byte callback data, Discord's custom id) and its own signature length.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from context.reply import Action

SEPARATOR = "|"


def signature(encoded: str, creator_key: str, secret: bytes, *, chars: int, scope: str) -> str:
    """``chars`` base64url characters of the HMAC; ``scope`` keeps services' ids apart."""
    message = f"{scope}{creator_key}\x00{encoded}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:chars]


def sign(action: Action, creator_key: str, secret: bytes, *, chars: int, scope: str = "") -> str:
    """``<action>|<signature>`` for one creator."""
    encoded = action.encode()
    mark = signature(encoded, creator_key, secret, chars=chars, scope=scope)
    return f"{encoded}{SEPARATOR}{mark}"


def verify(
    data: str, creator_key: str, secret: bytes, *, chars: int, scope: str = ""
) -> Action | None:
    """The action ``data`` carries, or None unless it was signed for this creator and secret."""
    encoded, separator, mark = data.rpartition(SEPARATOR)
    if not separator or not encoded:
        return None
    expected = signature(encoded, creator_key, secret, chars=chars, scope=scope)
    if not hmac.compare_digest(mark.encode(), expected.encode()):
        return None
    return Action.decode(encoded)


def signing_key(bot_token: str, configured: str | None, *, purpose: bytes) -> bytes:
    """The key buttons are signed with: the configured secret, else one derived from the token.

    Deriving it keeps buttons valid across restarts with no configuration; setting
    ``WHATSWORKING_CALLBACK_SECRET`` (or changing the token) expires every button already sent.
    """
    if configured:
        return configured.encode("utf-8")
    return hmac.new(purpose, bot_token.encode(), hashlib.sha256).digest()
