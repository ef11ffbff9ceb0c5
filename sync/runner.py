"""Run due syncs: claim a connection, book quota, fetch, write everything or nothing, release.

Fetching happens outside any transaction (it is network time); what it brought is written in
one unit of work with the connection's new state, so a crash or failure mid-sync leaves the
database as it was, and the lease lets another worker retry once it expires.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage import Database
from storage.clock import Clock
from storage.connections import (
    REVOKED,
    claim_due,
    release,
    reserve_units,
    settle_units,
    units_today,
)
from storage.models import PlatformConnection
from storage.secrets import TokenCipher
from sync.adapter import Fetched, Meter, Mode, Plan, PlatformAdapter, Progress
from sync.errors import GrantRevoked, QuotaExhausted, RateLimited, SyncFailure
from sync.schedule import SyncSettings, after_reset, ahead_of_spread, choose_mode, next_sync
from sync.stored_pieces import StoredPieces
from sync.writer import write_fetched

_log = logging.getLogger(__name__)


def _quiet(stage: str, done: int, total: int | None) -> None:
    return


@dataclass(frozen=True)
class SyncOutcome:
    """What became of one connection's sync."""

    creator_id: uuid.UUID
    platform: str
    status: str  # synced | postponed | revoked | quota | failed
    mode: Mode
    units: int = 0
    created: int = 0
    updated: int = 0
    snapshots: int = 0
    removed: int = 0  # pieces the platform no longer lists (after a complete listing)
    next_sync_at: datetime | None = None
    message: str = ""


@dataclass
class _Job:
    """A claimed connection, read once."""

    id: uuid.UUID
    creator_id: uuid.UUID
    platform: str
    sealed: bytes
    plan: Plan
    failures: int
    known: int


@dataclass
class SyncRunner:
    """Syncs connections of one database through the platform adapters."""

    db: Database
    cipher: TokenCipher
    adapters: Mapping[str, PlatformAdapter]
    clock: Clock
    settings: SyncSettings = field(default_factory=SyncSettings)
    worker: str = field(default_factory=lambda: uuid.uuid4().hex[:16])

    def run_due(
        self,
        *,
        creator_id: uuid.UUID | None = None,
        platform: str | None = None,
        force: bool = False,
        full: bool = False,
        limit: int = 10,
        progress: Progress = _quiet,
    ) -> list[SyncOutcome]:
        """Sync up to ``limit`` due connections (any active one with ``force``)."""
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            ids = claim_due(
                session,
                now=now,
                worker=self.worker,
                lease=self.settings.lease,
                creator_id=creator_id,
                platform=platform or None,
                force=force,
                limit=limit,
            )
        return [self._sync(connection_id, full=full, progress=progress) for connection_id in ids]

    def _sync(self, connection_id: uuid.UUID, *, full: bool, progress: Progress) -> SyncOutcome:
        job = self._load(connection_id, full=full)
        adapter = self.adapters[job.platform]
        booked = adapter.estimate_units(job.plan, job.known)
        refused = self._book(job, booked)
        if refused is not None:
            return refused
        meter = Meter()
        try:
            fetched = adapter.fetch(self.cipher.open(job.sealed), job.plan, meter, progress)
            return self._write(job, fetched, booked)
        except SyncFailure as failure:
            return self._failed(job, failure, booked, meter.units)
        except Exception:
            self._failed(job, SyncFailure("unexpected error"), booked, meter.units)
            raise

    def _load(self, connection_id: uuid.UUID, *, full: bool) -> _Job:
        now = self.clock.now()
        with self.db.read() as session:
            row = session.get_one(PlatformConnection, connection_id)
            mode = choose_mode(
                self.settings, now, row.last_catalogue_at, row.last_full_at, full=full
            )
            pieces = StoredPieces(self.db, row.creator_id, row.platform)
            stored, size = pieces.lookup(session, everyone=mode is not Mode.YOUNG)
            young = pieces.young(session, now)
            plan = Plan(mode, now, row.catalogue_ref, stored, young)
            return _Job(
                row.id, row.creator_id, row.platform, row.token_ciphertext, plan, row.failures, size
            )

    def _book(self, job: _Job, units: int) -> SyncOutcome | None:
        """Book the units from today's shared budget, or postpone (and say until when)."""
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            used, exhausted = units_today(session, job.platform, now=now)
            if job.plan.mode is Mode.YOUNG and ahead_of_spread(self.settings, now, used, units):
                wait_until = now + self.settings.young_every
                reason = "ahead of today's even spread of the quota"
            elif not exhausted and reserve_units(
                session, job.platform, units, now=now, budget=self.settings.daily_budget
            ):
                return None
            else:
                wait_until = after_reset(now)
                reason = "today's quota is spent"
            self._update(session, job, next_sync_at=wait_until)
        return SyncOutcome(
            job.creator_id,
            job.platform,
            "postponed",
            job.plan.mode,
            next_sync_at=wait_until,
            message=reason,
        )

    def _write(self, job: _Job, fetched: Fetched, booked: int) -> SyncOutcome:
        now = self.clock.now()
        with self.db.unit_of_work() as session:
            written = write_fetched(session, job.creator_id, job.platform, fetched, now=now)
            row = session.get_one(PlatformConnection, job.id)
            last_catalogue = (
                now if job.plan.mode is not Mode.YOUNG else row.last_catalogue_at or now
            )
            upcoming = next_sync(self.settings, now, last_catalogue)
            changes: dict[str, Any] = {
                "token_ciphertext": self.cipher.seal(fetched.credentials),
                "catalogue_ref": fetched.catalogue_ref,
                "last_sync_at": now,
                "last_catalogue_at": last_catalogue,
                "next_sync_at": upcoming,
                "failures": 0,
                "last_error": None,
                "units_used_total": row.units_used_total + fetched.units,
            }
            if job.plan.mode is Mode.FULL:
                changes["last_full_at"] = now
            if fetched.account_id is not None:
                changes.update(account_id=fetched.account_id, account_name=fetched.account_name)
            self._update(session, job, **changes)
            settle_units(
                session, job.platform, booked=booked, used=fetched.units, now=now, exhausted=False
            )
        return SyncOutcome(
            job.creator_id,
            job.platform,
            "synced",
            job.plan.mode,
            units=fetched.units,
            created=written.ingest.created,
            updated=written.ingest.updated,
            snapshots=written.snapshots,
            removed=written.removed,
            next_sync_at=upcoming,
        )

    def _failed(self, job: _Job, failure: SyncFailure, booked: int, used: int) -> SyncOutcome:
        now = self.clock.now()
        status, changes = self._failure_changes(job, failure, now)
        with self.db.unit_of_work() as session:
            self._update(session, job, last_error=str(failure), **changes)
            exhausted = isinstance(failure, QuotaExhausted)
            settle_units(
                session, job.platform, booked=booked, used=used, now=now, exhausted=exhausted
            )
        _log.warning("%s sync of a creator failed: %s", job.platform, failure)
        return SyncOutcome(
            job.creator_id,
            job.platform,
            status,
            job.plan.mode,
            units=used,
            next_sync_at=changes.get("next_sync_at"),
            message=str(failure),
        )

    def _failure_changes(
        self, job: _Job, failure: SyncFailure, now: datetime
    ) -> tuple[str, dict[str, Any]]:
        if isinstance(failure, GrantRevoked):
            return "revoked", {"status": REVOKED, "revoked_at": now, "next_sync_at": None}
        if isinstance(failure, QuotaExhausted):
            return "quota", {"next_sync_at": after_reset(now)}
        failures = job.failures + 1
        wait = self.settings.retry_after(failures)
        if isinstance(failure, RateLimited):
            wait = max(wait, failure.retry_after)
        return "failed", {"failures": failures, "next_sync_at": now + wait}

    def _update(self, session: Session, job: _Job, **changes: Any) -> None:
        row = session.get_one(PlatformConnection, job.id, with_for_update=True)
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = self.clock.now()
        release(session, job.id, self.worker)
        session.flush()


AdapterFactory = Callable[[], PlatformAdapter]
