"""Platform connections: save and read them, claim one to sync, and share the API quota.

Claims are leases: a worker takes due rows with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite
serialises writers anyway) and stamps ``claimed_until``, so several workers never sync one
creator at once, and a worker that dies mid-sync frees the row when its lease runs out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import NotFound
from storage.models import PlatformConnection, QuotaUsage
from storage.secrets import TokenCipher

ACTIVE = "active"
REVOKED = "revoked"
# Google resets the YouTube Data API quota at midnight Pacific time.
QUOTA_ZONE = ZoneInfo("America/Los_Angeles")


@dataclass(frozen=True)
class NewConnection:
    """What a finished OAuth flow hands to storage."""

    creator_id: uuid.UUID
    platform: str
    account_id: str
    account_name: str
    credentials: dict[str, Any]
    scopes: tuple[str, ...]
    catalogue_ref: str | None = None


def save_connection(
    session: Session, cipher: TokenCipher, new: NewConnection, *, now: datetime
) -> PlatformConnection:
    """Store (or replace) the creator's connection to the platform, due to sync at once."""
    row = find_connection(session, new.creator_id, new.platform)
    if row is None:
        row = PlatformConnection(
            creator_id=new.creator_id, platform=new.platform, created_at=now, units_used_total=0
        )
        session.add(row)
    row.account_id, row.account_name = new.account_id, new.account_name
    row.token_ciphertext = cipher.seal(new.credentials)
    row.scopes = list(new.scopes)
    row.catalogue_ref = new.catalogue_ref
    row.status, row.last_error, row.failures, row.revoked_at = ACTIVE, None, 0, None
    row.next_sync_at, row.updated_at = now, now
    session.flush()
    return row


def find_connection(
    session: Session, creator_id: uuid.UUID, platform: str
) -> PlatformConnection | None:
    """The creator's connection to the platform, if any."""
    return session.scalars(
        select(PlatformConnection).where(
            PlatformConnection.creator_id == creator_id, PlatformConnection.platform == platform
        )
    ).one_or_none()


def get_connection(session: Session, creator_id: uuid.UUID, platform: str) -> PlatformConnection:
    """The creator's connection to the platform, or NotFound naming it."""
    row = find_connection(session, creator_id, platform)
    if row is None:
        raise NotFound(f"no {platform} account is connected; run `whatsworking connect {platform}`")
    return row


def list_connections(session: Session, creator_id: uuid.UUID) -> list[PlatformConnection]:
    """Every connection of the creator, by platform."""
    return list(
        session.scalars(
            select(PlatformConnection)
            .where(PlatformConnection.creator_id == creator_id)
            .order_by(PlatformConnection.platform)
        )
    )


def delete_connections(session: Session, creator_id: uuid.UUID, platform: str | None = None) -> int:
    """Forget the creator's tokens (of one platform, or all); how many connections went."""
    stmt = delete(PlatformConnection).where(PlatformConnection.creator_id == creator_id)
    if platform is not None:
        stmt = stmt.where(PlatformConnection.platform == platform)
    result = session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


def claim_due(
    session: Session,
    *,
    now: datetime,
    worker: str,
    lease: timedelta,
    creator_id: uuid.UUID | None = None,
    platform: str | None = None,
    force: bool = False,
    limit: int = 10,
) -> list[uuid.UUID]:
    """Lease up to ``limit`` active connections due by ``now`` (or any, with ``force``)."""
    c = PlatformConnection
    if session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks and starts writing lazily: a no-op write takes the database
        # write lock now, so two workers cannot both read the same rows as free.
        first = select(c.id).limit(1).scalar_subquery()
        session.execute(update(c).where(c.id == first).values(claimed_by=c.claimed_by))
    stmt = select(c.id).where(
        c.status == ACTIVE, or_(c.claimed_until.is_(None), c.claimed_until < now)
    )
    if not force:
        stmt = stmt.where(c.next_sync_at <= now)
    if creator_id is not None:
        stmt = stmt.where(c.creator_id == creator_id)
    if platform is not None:
        stmt = stmt.where(c.platform == platform)
    stmt = stmt.order_by(c.next_sync_at).limit(limit).with_for_update(skip_locked=True)
    ids = list(session.scalars(stmt))
    if ids:
        session.execute(
            update(c).where(c.id.in_(ids)).values(claimed_by=worker, claimed_until=now + lease)
        )
    return ids


def request_sync(session: Session, creator_id: uuid.UUID, *, now: datetime) -> int:
    """Make the creator's active connections due now (chat /sync); how many there are."""
    c = PlatformConnection
    result = session.execute(
        update(c).where(c.creator_id == creator_id, c.status == ACTIVE).values(next_sync_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def release(session: Session, connection_id: uuid.UUID, worker: str) -> None:
    """Give a lease back (only the worker holding it can)."""
    c = PlatformConnection
    session.execute(
        update(c)
        .where(c.id == connection_id, c.claimed_by == worker)
        .values(claimed_by=None, claimed_until=None)
    )


def rotate_tokens(session: Session, cipher: TokenCipher) -> int:
    """Re-encrypt every stored token with the newest key; how many were rotated."""
    rows = session.scalars(select(PlatformConnection).with_for_update()).all()
    for row in rows:
        row.token_ciphertext = cipher.rotate(row.token_ciphertext)
    return len(rows)


def quota_day(now: datetime) -> date:
    """The quota day ``now`` falls in."""
    return now.astimezone(QUOTA_ZONE).date()


def quota_resets_at(now: datetime) -> datetime:
    """When the quota day of ``now`` ends (the next midnight Pacific), in UTC."""
    local = now.astimezone(QUOTA_ZONE)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), QUOTA_ZONE)
    return midnight.astimezone(now.tzinfo)


def _usage_row(session: Session, platform: str, now: datetime) -> QuotaUsage:
    """Today's row, locked; created race-free (and, on SQLite, taking the write lock first)."""
    day = quota_day(now)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(QuotaUsage)
        .values(platform=platform, day=day, units=0, exhausted=False)
        .on_conflict_do_nothing(index_elements=["platform", "day"])
    )
    return session.get_one(
        QuotaUsage, (platform, day), with_for_update=True, populate_existing=True
    )


def reserve_units(
    session: Session, platform: str, units: int, *, now: datetime, budget: int
) -> bool:
    """Book ``units`` of today's shared budget; False (nothing booked) when they do not fit."""
    row = _usage_row(session, platform, now)
    if row.exhausted or row.units + units > budget:
        return False
    row.units += units
    return True


def settle_units(
    session: Session, platform: str, *, booked: int, used: int, now: datetime, exhausted: bool
) -> None:
    """Replace a booking by what a sync really used; ``exhausted`` stops the day."""
    row = _usage_row(session, platform, now)
    row.units = max(row.units - booked + used, 0)
    row.exhausted = row.exhausted or exhausted


def units_today(session: Session, platform: str, *, now: datetime) -> tuple[int, bool]:
    """Units spent today on the platform, and whether the platform said the quota is spent."""
    row = session.get(QuotaUsage, (platform, quota_day(now)))
    return (0, False) if row is None else (row.units, row.exhausted)


def connections_due(session: Session, ids: Sequence[uuid.UUID]) -> list[PlatformConnection]:
    """The rows behind claimed ids."""
    return list(session.scalars(select(PlatformConnection).where(PlatformConnection.id.in_(ids))))
