"""OAuth tokens at rest: Fernet-encrypted with keys from WHATSWORKING_SECRET_KEY, rotatable.

The variable holds one or more comma-separated Fernet keys, newest first. Everything is written
with the first and read with any (MultiFernet), so adding a new key in front and running
`whatsworking secrets rotate` moves every stored token to it; then the old key can be dropped.
Plaintext never leaves this module except to the caller that asked for it, and never in a repr.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from storage.errors import InvalidInput

ENV_NAME = "WHATSWORKING_SECRET_KEY"


class SecretKeyMissing(InvalidInput):
    """No usable key: connecting a platform needs one."""


class TokenCipher:
    """Encrypts and decrypts small JSON documents (OAuth credentials, PKCE verifiers)."""

    def __init__(self, keys: str) -> None:
        parts = [part.strip() for part in keys.split(",") if part.strip()]
        if not parts:
            raise SecretKeyMissing(
                f"{ENV_NAME} is not set; make one with `whatsworking secrets new-key`"
            )
        try:
            self._fernet = MultiFernet([Fernet(part.encode()) for part in parts])
        except ValueError:
            raise InvalidInput(
                f"{ENV_NAME} holds a value that is not a Fernet key (32 url-safe base64 bytes)"
            ) from None

    def __repr__(self) -> str:
        return "TokenCipher(<keys hidden>)"

    def seal(self, document: dict[str, Any]) -> bytes:
        """The document encrypted with the newest key."""
        return self._fernet.encrypt(json.dumps(document, sort_keys=True).encode())

    def open(self, sealed: bytes) -> dict[str, Any]:
        """The document back; a value no configured key opens is an error, never a guess."""
        try:
            return dict(json.loads(self._fernet.decrypt(bytes(sealed))))
        except InvalidToken:
            raise InvalidInput(
                f"a stored token cannot be decrypted with {ENV_NAME}; was a key dropped too soon?"
            ) from None

    def rotate(self, sealed: bytes) -> bytes:
        """The same document re-encrypted with the newest key."""
        try:
            return self._fernet.rotate(bytes(sealed))
        except InvalidToken:
            raise InvalidInput(f"a stored token cannot be decrypted with {ENV_NAME}") from None


def new_key() -> str:
    """A fresh key to put (first) in WHATSWORKING_SECRET_KEY."""
    return Fernet.generate_key().decode()
