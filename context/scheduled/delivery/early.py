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

from context.scheduled.alerts import WINDOWS, EarlyFigures, EarlySignal, early_signal
from context.scheduled.delivery.due import Due, Kind, SchedulerConfig
from context.scheduled.delivery.timing import CreatorClock, after_quiet_hours
from insights.metrics import format_class
from storage.models import ContentPerformance, ContentPiece

CHUNK = 500
_NO_ID = uuid.UUID(int=0)
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


_HISTORY = (
    C.creator_id,
    C.platform,
    C.content_type,
    C.duration_seconds,
    C.published_at,
    P.views_24h,
    P.views_48h,
)


def _history(
    session: Session, creator_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[EarlyFigures]]:
    """Every piece with early figures of these creators (only what "usual" needs)."""
    found: dict[uuid.UUID, list[EarlyFigures]] = defaultdict(list)
    ids = list(creator_ids)
    for begin in range(0, len(ids), CHUNK):
        stmt = (
            select(*_HISTORY)
            .join(P, P.content_id == C.id)
            .where(C.creator_id.in_(ids[begin : begin + CHUNK]), _early_figures_known())
        )
        for row in session.connection().execute(stmt):
            found[row.creator_id].append(_peer(row))
    return found


def _peer(row: Any) -> EarlyFigures:
    return EarlyFigures(
        content_id=_NO_ID,
        number=0,
        title="",
        theme=None,
        platform=row.platform,
        format_class=format_class(row.content_type, row.duration_seconds),
        published_at=row.published_at,
        views_24h=row.views_24h,
        views_48h=row.views_48h,
    )


MemoKey = tuple[uuid.UUID, int | None, int | None]


class AlertMemo:
    """Decisions already taken this process, so quiet ticks do not re-read every history.

    Keyed by the piece and its early figures: new figures mean a new decision.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self._decided: dict[MemoKey, EarlySignal | None] = {}

    @staticmethod
    def key(piece: EarlyFigures) -> MemoKey:
        """The memo key of a candidate."""
        return (piece.content_id, piece.views_24h, piece.views_48h)

    def __contains__(self, piece: EarlyFigures) -> bool:
        return self.key(piece) in self._decided

    def get(self, piece: EarlyFigures) -> EarlySignal | None:
        """The decision taken for this candidate (None: no alert)."""
        return self._decided.get(self.key(piece))

    def put(self, piece: EarlyFigures, signal: EarlySignal | None) -> None:
        """Remember a decision (forgetting everything once the memo is full)."""
        if len(self._decided) >= self.limit:
            self._decided.clear()
        self._decided[self.key(piece)] = signal


def alerts_due(
    session: Session,
    creators: Mapping[uuid.UUID, Scheduled],
    start: datetime,
    end: datetime,
    config: SchedulerConfig,
    memo: AlertMemo | None = None,
) -> list[Due]:
    """One alert per young piece far above or below usual, sent when its window closes."""
    memo = memo if memo is not None else AlertMemo()
    wanted = {cid for cid, c in creators.items() if c.digest_enabled}
    candidates = _candidates(session, start, end, wanted) if wanted else []
    undecided = {cid for cid, piece in candidates if piece not in memo}
    history = _history(session, undecided) if undecided else {}
    found = []
    for creator_id, piece in candidates:
        if piece not in memo:
            memo.put(piece, early_signal(piece, history[creator_id], config.alerts))
        signal = memo.get(piece)
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
