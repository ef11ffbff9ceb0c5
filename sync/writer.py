"""Write what a sync fetched: through insights.ingest, a snapshot of every changed piece, a refresh.

A piece imported earlier (a Studio CSV) has the same platform id, so the pipeline updates it
instead of adding a second one; figures the API does not give (impressions, reach, …) keep
the values the import stored. After a complete listing, synced pieces the platform no longer
lists are removed (sync/removal.py). The 24 h / 48 h views come from the piece's own snapshots,
interpolated only between two taken within ``BRACKET`` of the mark, never guessed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights import refresh
from insights.importing.merge import keep_known
from insights.ingest import IngestResult, ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage.models import ContentPiece
from storage.snapshots import Figures, Point, histories, record_snapshots, views_at
from sync.adapter import Fetched
from sync.removal import remove_unlisted

BRACKET = timedelta(hours=2)
WINDOWS = {"views_24h": timedelta(hours=24), "views_48h": timedelta(hours=48)}
# What the platforms' APIs never report: keep what an import stored (YouTube has no saves).
UNREPORTED = frozenset({"saves"})
CHUNK = 500


@dataclass(frozen=True)
class Written:
    """What one sync changed."""

    ingest: IngestResult
    snapshots: int
    removed: int = 0


def source_name(platform: str) -> str:
    """The pipeline source of a platform's sync (e.g. 'youtube-sync')."""
    return f"{platform}-sync"


def write_fetched(
    session: Session, creator_id: uuid.UUID, platform: str, fetched: Fetched, *, now: datetime
) -> Written:
    """Ingest the fetched records and snapshot their figures, in the caller's unit of work."""
    ids = [r.platform_id for r in fetched.records]
    removed = 0
    if fetched.listed is not None:  # before the ingest, so its refresh rescores without them
        removed = remove_unlisted(
            session, creator_id, platform, fetched.listed, source_name(platform)
        )
    records = keep_known(session, creator_id, fetched.records, unreported=UNREPORTED, tz=UTC)
    before = _content_ids(session, creator_id, platform, ids)
    points = histories(session, creator_id, list(before.values()))
    records = [_with_early_views(r, _points_of(points, before, r), now) for r in records]
    source = source_name(platform)
    result = ingest_records(session, creator_id, records, now=now, source=source, refresh=False)
    content = _content_ids(session, creator_id, platform, ids)
    # A piece whose views the platform withheld has no point on its curve this time.
    figures = [
        _figures(r, content[r.platform_id], fetched.daily_views)
        for r in records
        if r.metrics.views is not None
    ]
    snapshots = record_snapshots(session, creator_id, figures, now=now)
    # After the snapshots, whose write renews the creator's data stamp: the refresh remembers
    # the stamp it leaves, and the next sync that finds nothing new skips it (refresh_memo).
    refresh.refresh_creator(session, creator_id, now)
    return Written(result, snapshots, removed)


def _points_of(
    points: dict[uuid.UUID, list[Point]], before: dict[str, uuid.UUID], record: PieceRecord
) -> list[Point]:
    content_id = before.get(record.platform_id)
    return [] if content_id is None else points.get(content_id, [])


def _with_early_views(record: PieceRecord, points: list[Point], now: datetime) -> PieceRecord:
    early = _early_views(record, record.metrics, points, now)
    return replace(record, metrics=replace(record.metrics, **early)) if early else record


def _early_views(
    record: PieceRecord, metrics: MetricsRecord, points: list[Point], now: datetime
) -> dict[str, int]:
    found: dict[str, int] = {}
    if metrics.views is None:
        return found
    series = [*points, Point(now, metrics.views, metrics.likes, metrics.comments)]
    for name, window in WINDOWS.items():
        mark = record.published_at + window
        if getattr(metrics, name) is not None or now < mark:
            continue
        near = [p for p in series if abs(p.taken_at - mark) <= BRACKET]
        value = views_at(near, mark)
        if value is not None:
            found[name] = value
    return found


def _figures(
    record: PieceRecord, content_id: uuid.UUID, daily: dict[str, list[tuple[datetime, int]]]
) -> Figures:
    m = record.metrics
    days = daily.get(record.platform_id)
    extra = {"daily_views": [[d.date().isoformat(), v] for d, v in days]} if days else None
    assert m.views is not None  # the caller leaves withheld views out
    return Figures(
        content_id=content_id,
        published_at=record.published_at,
        views=m.views,
        likes=m.likes,
        comments=m.comments,
        shares=m.shares,
        watch_time_hours=m.watch_time_hours,
        extra=extra,
    )


def _content_ids(
    session: Session, creator_id: uuid.UUID, platform: str, ids: Sequence[str]
) -> dict[str, uuid.UUID]:
    c = ContentPiece
    found: dict[str, uuid.UUID] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(c.platform_id, c.id).where(
            c.creator_id == creator_id,
            c.platform == platform,
            c.platform_id.in_(ids[start : start + CHUNK]),
        )
        found.update({pid: cid for pid, cid in session.execute(query)})
    return found
