"""When a connection syncs next, and how much it fetches then.

Young pieces (< 48 h) and new uploads hourly, the whole catalogue daily, a full resync weekly.
Google's quota is shared by the deployment: a young sync that would run ahead of an even spread
of the day's budget waits an hour; anything that does not fit what is left waits for the reset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.connections import QUOTA_ZONE, quota_resets_at
from sync.adapter import Mode


@dataclass(frozen=True)
class SyncSettings:
    """The knobs of scheduled syncing (docs/SYNC.md)."""

    daily_budget: int = 10_000
    young_every: timedelta = timedelta(hours=1)
    catalogue_every: timedelta = timedelta(days=1)
    full_every: timedelta = timedelta(days=7)
    lease: timedelta = timedelta(minutes=30)
    # Ahead of an even spread of the budget by this much of the day, young syncs wait.
    spread_margin: float = 2 / 24
    backoff: tuple[timedelta, ...] = (
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(hours=1),
        timedelta(hours=4),
        timedelta(hours=12),
    )

    def retry_after(self, failures: int) -> timedelta:
        """The pause after ``failures`` failures in a row."""
        return self.backoff[min(max(failures, 1), len(self.backoff)) - 1]


def choose_mode(
    settings: SyncSettings,
    now: datetime,
    last_catalogue: datetime | None,
    last_full: datetime | None,
    *,
    full: bool = False,
) -> Mode:
    """FULL weekly (or when asked), CATALOGUE daily, YOUNG otherwise."""
    if full or last_full is None or now - last_full >= settings.full_every:
        return Mode.FULL
    if last_catalogue is None or now - last_catalogue >= settings.catalogue_every:
        return Mode.CATALOGUE
    return Mode.YOUNG


def next_sync(settings: SyncSettings, now: datetime, last_catalogue: datetime) -> datetime:
    """The next sync after one at ``now``: in an hour, or the daily catalogue if sooner."""
    return min(now + settings.young_every, last_catalogue + settings.catalogue_every)


def ahead_of_spread(settings: SyncSettings, now: datetime, used: int, units: int) -> bool:
    """True when spending ``units`` now would run ahead of an even spread of the budget."""
    local = now.astimezone(QUOTA_ZONE)
    elapsed = (local.hour * 3600 + local.minute * 60 + local.second) / 86_400
    allowed = settings.daily_budget * min(1.0, elapsed + settings.spread_margin)
    return used + units > allowed


def after_reset(now: datetime) -> datetime:
    """A minute after the platform's quota day ends (so the new day has surely begun)."""
    return quota_resets_at(now) + timedelta(minutes=1)
