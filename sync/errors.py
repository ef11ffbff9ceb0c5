"""What can go wrong talking to a platform, sorted by what the runner does about it."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.errors import DomainError


class SyncFailure(DomainError):
    """A sync that could not finish; nothing it fetched is written."""


class GrantRevoked(SyncFailure):
    """The creator withdrew access (or the grant expired): stop syncing, ask them to reconnect."""


class QuotaExhausted(SyncFailure):
    """The platform says the day's quota is spent: stop every sync of it until ``resets_at``."""

    def __init__(self, message: str, resets_at: datetime | None = None) -> None:
        super().__init__(message)
        self.resets_at = resets_at


class Transient(SyncFailure):
    """A 5xx, a timeout, a dropped connection: back off and try again later."""


class NotEnoughQuota(SyncFailure):
    """Today's shared budget cannot fit this sync; it waits for the reset."""


class RateLimited(Transient):
    """The platform's rate limit is near (or hit): stop now, try again after ``retry_after``."""

    def __init__(self, message: str, retry_after: timedelta) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Gone(SyncFailure):
    """The object asked for no longer exists at the platform (a post deleted mid-sync)."""
