"""Derive early performance alerts: young pieces far from the creator's usual first days.

Alerts go to creators who get the digest (they are performance news, like it); quiet hours
delay them, as they delay reminders.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.scheduler.due import Due, Kind, SchedulerConfig
from bot.scheduler.timing import CreatorClock, after_quiet_hours
from context.alerts import WINDOWS, EarlyFigures, EarlySignal, early_signal
from insights.metrics import format_class
from storage.models import ContentPerformance, ContentPiece

CHUNK = 500
C, P = ContentPiece, ContentPerformance
_COLUMNS = (
    C.id,
    C.creator_id,
    C.number,
    C.title,
    C.theme,
    C.platform,
    C.content_type,
    C.duration_seconds,
    C.published_at,
    P.views_24h,
    P.views_48h,
)


class Scheduled(Protocol):
    """What alert derivation needs to know about a creator."""

    id: uuid.UUID
    timezone: str
    digest_enabled: bool
    clock: CreatorClock


def _figures(row: Any) -> EarlyFigures:
    return EarlyFigures(
        content_id=row.id,
        number=row.number,
        title=row.title,
        theme=row.theme,
        platform=row.platform,
        format_class=format_class(row.content_type, row.duration_seconds),
        published_at=row.published_at,
        views_24h=row.views_24h,
        views_48h=row.views_48h,
    )


def _early_figures_known() -> Any:
    return or_(P.views_24h.is_not(None), P.views_48h.is_not(None))


def _candidates(
    session: Session, start: datetime, end: datetime, wanted: Collection[uuid.UUID]
) -> list[tuple[uuid.UUID, EarlyFigures]]:
    """Pieces one of whose windows closes in [start, end], with early figures stored."""
    stmt = (
        select(*_COLUMNS)
        .join(P, P.content_id == C.id)
        .where(
            C.published_at >= start - WINDOWS["48h"],
            C.published_at <= end - WINDOWS["24h"],
            _early_figures_known(),
        )
    )
    return [(r.creator_id, _figures(r)) for r in session.execute(stmt) if r.creator_id in wanted]


def _history(
    session: Session, creator_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[EarlyFigures]]:
    """Every piece with early figures of these creators, read in chunks of ids."""
    found: dict[uuid.UUID, list[EarlyFigures]] = defaultdict(list)
    ids = list(creator_ids)
    for begin in range(0, len(ids), CHUNK):
        stmt = (
            select(*_COLUMNS)
            .join(P, P.content_id == C.id)
            .where(C.creator_id.in_(ids[begin : begin + CHUNK]), _early_figures_known())
        )
        for row in session.execute(stmt):
            found[row.creator_id].append(_figures(row))
    return found


def alerts_due(
    session: Session,
    creators: Mapping[uuid.UUID, Scheduled],
    start: datetime,
    end: datetime,
    config: SchedulerConfig,
) -> list[Due]:
    """One alert per young piece far above or below usual, sent when its window closes."""
    wanted = {cid for cid, c in creators.items() if c.digest_enabled}
    candidates = _candidates(session, start, end, wanted) if wanted else []
    if not candidates:
        return []
    history = _history(session, {cid for cid, _ in candidates})
    found = []
    for creator_id, piece in candidates:
        signal = early_signal(piece, history[creator_id], config.alerts)
        if signal is not None:
            due = _alert(creators[creator_id], signal)
            if start <= due.send_at <= end:
                found.append(due)
    return found


def _alert(creator: Scheduled, signal: EarlySignal) -> Due:
    direction = "above" if signal.is_high else "below"
    return Due(
        creator_id=creator.id,
        kind=Kind.ALERT,
        subject=f"piece:{signal.piece.content_id}",
        scheduled_for=signal.due_at,
        send_at=after_quiet_hours(signal.due_at, creator.clock),
        timezone=creator.timezone,
        why=f"#{signal.piece.number} is at {signal.ratio:.1f}× ({direction}) the usual "
        f"{signal.window} views of your {signal.group}",
        payload=signal,
    )
