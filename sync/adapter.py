"""The seam every platform implements: what to fetch, and the neutral result of fetching it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from insights.records import PieceRecord

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None)
StoredAmong = Callable[[Sequence[str]], Set[str]]  # which of these platform ids are stored
# A piece this young has its figures fetched at every hourly sync (Mode.YOUNG).
YOUNG_AGE = timedelta(hours=48)


@dataclass
class Meter:
    """Quota units and calls a sync spent so far (read even when the sync fails)."""

    units: int = 0
    calls: int = 0


class Mode(StrEnum):
    """How much a sync fetches."""

    YOUNG = "young"  # the newest uploads and pieces younger than YOUNG_AGE (hourly)
    CATALOGUE = "catalogue"  # every piece's figures (daily)
    FULL = "full"  # the account, every piece and its analytics again (weekly)


@dataclass(frozen=True)
class Plan:
    """What one sync asks of the adapter."""

    mode: Mode
    now: datetime
    catalogue_ref: str | None
    # Which of some platform ids are already stored (to tell new uploads from known ones):
    # asked of the database only for the ids a sync lists, not its every stored piece's.
    stored: StoredAmong = field(default=lambda ids: frozenset())
    # The stored pieces younger than YOUNG_AGE: platform id → published_at. Only these are
    # read with their dates: every piece's took ~25 ms at each hourly sync of 10,000 pieces.
    young: Mapping[str, datetime] = field(default_factory=dict)


@dataclass
class Fetched:
    """What a sync brought back; written in one unit of work, or not at all."""

    records: list[PieceRecord]
    account_id: str | None  # None: the account was not re-read this time
    account_name: str | None
    catalogue_ref: str | None
    credentials: dict[str, Any]
    units: int
    calls: int
    # Per-day views of new pieces: platform id → [(day start UTC, views that day)].
    daily_views: dict[str, list[tuple[datetime, int]]] = field(default_factory=dict)
    # Every platform id the account lists, set only when the listing was COMPLETE (every page,
    # no error); None (the hourly first page, a partial listing) never removes a piece.
    listed: frozenset[str] | None = None


class PlatformAdapter(Protocol):
    """One platform's API behind the runner."""

    @property
    def platform(self) -> str:
        """The platform's name ('youtube'), as stored on its pieces and connections."""
        ...

    def estimate_units(self, plan: Plan, catalogue_size: int) -> int:
        """Quota units the plan will most likely cost (booked before it starts)."""
        ...

    def fetch(
        self, credentials: dict[str, Any], plan: Plan, meter: Meter, progress: Progress
    ) -> Fetched:
        """Fetch everything the plan asks for; raise a SyncFailure subclass on failure."""
        ...

    def revoke(self, credentials: dict[str, Any]) -> bool:
        """Revoke the grant at the platform; False when it was already gone."""
        ...
