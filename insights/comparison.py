"""One piece's comparison block, from a grouped count and the figures of its group alone.

Scoring compares each piece with the medians of its group's pieces published nearest to it in
time (``insights.baseline``, ``insights.era``). Showing one piece used to rescore its whole
platform to find that group; here the same choice is made from a grouped count of the piece's
platform, and the medians from the chosen group's dates and figures, so a read costs two small
queries whatever the catalogue size. The figures are the ones scoring
uses: the same pool (mature pieces once there are enough), basis (first 24 h for young pieces),
fallback chain and expressions (format class, audience, engagement by the platform's formula);
tests compare every piece with a full rescoring.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Float, and_, case, cast, false, func, literal, or_, select, true
from sqlalchemy.orm import Session

from insights import era
from insights.baseline import FIRST_24H, LIFETIME, Baseline, ScoreInput, group_label
from insights.era import Array, era_medians
from insights.frame import audience
from insights.metrics import (
    LONG_FORM,
    SHORT_FORM,
    SHORT_FORM_MAX_SECONDS,
    SHORT_FORM_TYPES,
    STATIC_FORM,
    STATIC_TYPES,
    engagement_rate,
    format_class,
    high_intent,
)
from insights.records import MetricsRecord
from insights.score_math import ScoringConfig, piece_ratios
from insights.view_cache import Entry, ViewCache
from insights.view_models import Comparison
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

_FORMAT = case(
    (C.content_type.in_(sorted(STATIC_TYPES)), literal(STATIC_FORM)),
    (C.content_type.in_(sorted(SHORT_FORM_TYPES)), literal(SHORT_FORM)),
    (
        and_(C.duration_seconds.is_not(None), C.duration_seconds <= SHORT_FORM_MAX_SECONDS),
        literal(SHORT_FORM),
    ),
    else_=literal(LONG_FORM),
)
_AUDIENCE = case((or_(P.views != 0, P.reach.is_(None)), P.views), else_=P.reach)
_DENOMINATOR = case(
    (and_(C.platform == "instagram", P.reach.is_not(None), P.reach != 0), P.reach),
    else_=P.views,
)
# As insights.metrics.interactions: the counts reported, NULL when the likes are not.
_INTERACTIONS = (
    P.likes + func.coalesce(P.comments, 0) + func.coalesce(P.shares, 0) + func.coalesce(P.saves, 0)
)
_ENGAGEMENT = func.coalesce(
    P.engagement_rate,
    case(
        (
            _DENOMINATOR != 0,
            cast(literal(100.0), Float) * cast(_INTERACTIONS, Float) / cast(_DENOMINATOR, Float),
        ),
        else_=None,
    ),
)
_HAS_24H = P.views_24h.is_not(None)
_ENGAGEMENT_24H = case(
    (
        and_(P.views_24h != 0, P.likes_24h.is_not(None)),
        cast(literal(100.0), Float) * cast(P.likes_24h, Float) / cast(P.views_24h, Float),
    ),
    else_=None,
)
BASELINE_CACHE = ViewCache()
# The figures each basis compares (``insights.baseline.figures``): views, engagement, retention.
_FIGURES: dict[str, tuple[Any, Any, Any]] = {
    LIFETIME: (_AUDIENCE, _ENGAGEMENT, P.retention_rate),
    FIRST_24H: (func.coalesce(P.views_24h, 0), _ENGAGEMENT_24H, None),
}


def target_comparison(
    session: Session,
    creator_id: uuid.UUID,
    target: ScoreInput,
    state: Hashable,
    *,
    now: datetime,
    config: ScoringConfig,
) -> Comparison | None:
    """The comparison block for a piece's score input, given the creator's data state."""
    cutoff = now - config.provisional_age
    early = target.published_at > cutoff and target.views_24h is not None
    # Every piece of one platform, format and basis shares its group: cached per data stamp
    # until the next young piece matures (and so joins the pool); the era is the piece's own.
    key = ("comparison", creator_id, target.platform, target.format_class, early, config)
    pool = BASELINE_CACHE.get(key, state, now)
    if pool is None:
        pool = group_pool(session, creator_id, target, now=now, config=config)
        until = _next_maturity(session, creator_id, cutoff, config)
        BASELINE_CACHE.put(key, Entry(state, now, until, pool))
    if pool is None:
        return None
    return _block(target, pool.baseline_at(target.published_at, config.era_neighbours))


@dataclass(frozen=True)
class GroupPool:
    """The chosen group's dates (sorted) and figures: its baseline at any moment."""

    level: str
    label: str
    basis: str
    times: Array
    columns: tuple[Array, Array, Array | None]  # views, engagement, retention (NaN = none)

    def baseline_at(self, moment: datetime, neighbours: int | None) -> Baseline:
        """Medians over the ``neighbours`` pieces nearest ``moment`` (all: the whole group)."""
        k = min(neighbours or self.times.size, self.times.size)
        query = np.array([moment.timestamp()])
        trends = (era.views_trend(logged=False), None, None)
        views, engagement, retention = (
            None if c is None else float(era_medians(self.times, c, query, k, trend)[0])
            for c, trend in zip(self.columns, trends, strict=True)
        )
        return Baseline(
            level=self.level,
            label=self.label,
            basis=self.basis,
            size=k,
            median_views=0.0 if views is None or np.isnan(views) else views,
            median_engagement=_present(engagement),
            median_retention=_present(retention),
            median_intent=None,  # not shown in the comparison
        )


def _present(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else value


Key = tuple[bool, bool, bool]  # (mature, same format class, has 24 h figures)


def group_pool(
    session: Session,
    creator_id: uuid.UUID,
    target: ScoreInput,
    *,
    now: datetime,
    config: ScoringConfig,
) -> GroupPool | None:
    """The group scoring would compare ``target`` within, from counts and the group's figures.

    The piece's platform is counted first; the whole catalogue only when the platform alone
    cannot decide (too few mature pieces, no 24 h figures, or too small a group).
    """
    cutoff = now - config.provisional_age
    groups = _Counts(session, creator_id, target, cutoff)
    pool_mature = groups.enough_mature(config.min_group_size)
    in_pool: Callable[[Key], bool] = (lambda k: k[0]) if pool_mature else (lambda k: True)
    basis = LIFETIME
    young = target.published_at > cutoff and target.views_24h is not None
    if young and groups.any_24h(in_pool):
        basis = FIRST_24H
    in_basis: Callable[[Key], bool] = (lambda k: k[2]) if basis == FIRST_24H else (lambda k: True)
    level = "all"
    for name, member in (("platform+format", _same_format), ("platform", _anything)):
        size = groups.platform(_both(in_pool, in_basis, member))
        if size >= config.min_group_size:
            level = name
            break
    else:
        size = groups.everywhere(_both(in_pool, in_basis))
    if size == 0:
        return None
    group = _group_filter(level, target, basis, cutoff if pool_mature else None)
    return _pool(session, creator_id, group, level, target, basis)


def _both(*tests: Callable[[Key], bool]) -> Callable[[Key], bool]:
    return lambda key: all(test(key) for test in tests)


def _same_format(key: Key) -> bool:
    return key[1]


def _anything(_: Key) -> bool:
    return True


class _Counts:
    """Pieces by ``Key``: on the target's platform (read first), and everywhere (when needed)."""

    def __init__(
        self, session: Session, creator_id: uuid.UUID, target: ScoreInput, cutoff: datetime
    ) -> None:
        self.session, self.creator_id, self.cutoff = session, creator_id, cutoff
        self.format_class = target.format_class
        self._platform = self._read(C.platform == target.platform)
        self._everywhere: dict[Key, int] | None = None

    def _read(self, *where: Any) -> dict[Key, int]:
        keys: tuple[Any, ...] = (
            C.published_at <= self.cutoff,
            self.format_class == _FORMAT,
            _HAS_24H,
        )
        labelled = [case((k, true()), else_=false()).label(f"k{i}") for i, k in enumerate(keys)]
        stmt = _scope(self.creator_id).add_columns(*labelled, func.count()).where(*where)
        rows = self.session.execute(stmt.group_by(*labelled))
        return {(bool(a), bool(b), bool(c)): n for a, b, c, n in rows}

    def _all(self) -> dict[Key, int]:
        if self._everywhere is None:
            self._everywhere = self._read()
        return self._everywhere

    def platform(self, member: Callable[[Key], bool]) -> int:
        """Pieces of the target's platform with ``member`` keys."""
        return sum(n for key, n in self._platform.items() if member(key))

    def everywhere(self, member: Callable[[Key], bool]) -> int:
        """Pieces of every platform with ``member`` keys."""
        return sum(n for key, n in self._all().items() if member(key))

    def enough_mature(self, min_size: int) -> bool:
        """Whether the creator has ``min_size`` mature pieces (the platform's alone may tell)."""
        if self.platform(lambda k: k[0]) >= min_size:
            return True
        return self.everywhere(lambda k: k[0]) >= min_size

    def any_24h(self, in_pool: Callable[[Key], bool]) -> bool:
        """Whether any pool piece has 24 h figures (the platform's first)."""
        if self.platform(lambda k: in_pool(k) and k[2]):
            return True
        return self.everywhere(lambda k: in_pool(k) and k[2]) > 0


def _next_maturity(
    session: Session, creator_id: uuid.UUID, cutoff: datetime, config: ScoringConfig
) -> datetime | None:
    """When the pool changes by time alone: the oldest young piece turns mature then."""
    oldest_young = session.scalar(
        _scope(creator_id).add_columns(func.min(C.published_at)).where(C.published_at > cutoff)
    )
    return None if oldest_young is None else oldest_young + config.provisional_age


def score_input(piece: C) -> ScoreInput:
    """What scoring reads of a stored piece with performance."""
    perf = piece.performance
    assert perf is not None
    metrics = MetricsRecord(
        views=perf.views,
        likes=perf.likes,
        comments=perf.comments,
        shares=perf.shares,
        saves=perf.saves,
        reach=perf.reach,
        engagement_rate=perf.engagement_rate,
    )
    return ScoreInput(
        content_id=piece.id,
        platform=piece.platform,
        format_class=format_class(piece.content_type, piece.duration_seconds),
        published_at=piece.published_at,
        views=audience(perf.views, perf.reach),
        engagement_rate=engagement_rate(piece.platform, metrics),
        retention_rate=perf.retention_rate,
        high_intent=high_intent(perf.shares, perf.saves),
        reach=perf.reach,
        views_24h=perf.views_24h,
        likes_24h=perf.likes_24h,
    )


def _scope(creator_id: uuid.UUID) -> Any:
    return (
        select()
        .select_from(P)
        .join(C, C.id == P.content_id)
        .where(P.creator_id == creator_id, C.creator_id == creator_id)
    )


def _group_filter(
    level: str, target: ScoreInput, basis: str, mature_before: datetime | None
) -> list[Any]:
    clauses: list[Any] = []
    if mature_before is not None:
        clauses.append(C.published_at <= mature_before)
    if basis == FIRST_24H:
        clauses.append(_HAS_24H)
    if level != "all":
        clauses.append(C.platform == target.platform)
    if level == "platform+format":
        clauses.append(target.format_class == _FORMAT)
    return clauses


def _pool(
    session: Session,
    creator_id: uuid.UUID,
    group: list[Any],
    level: str,
    target: ScoreInput,
    basis: str,
) -> GroupPool:
    # The group's dates and figures come back (a few thousand numbers at most), in the order
    # scoring holds them, and the medians are taken exactly as scoring takes them.
    views, engagement, retention = _FIGURES[basis]
    figures = [c for c in (views, engagement, retention) if c is not None]
    stmt = _scope(creator_id).add_columns(C.published_at, *figures).where(*group)
    rows = session.execute(stmt.order_by(C.published_at, C.number)).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(figures) + 1)
    key = ("all",) if level == "all" else (level, target.platform, target.format_class)
    return GroupPool(
        level=level,
        label=group_label(key),
        basis=basis,
        times=np.array([t.timestamp() for t in columns[0]], dtype=float),
        columns=(
            _array(columns[1]),
            _array(columns[2]),
            _array(columns[3]) if retention is not None else None,
        ),
    )


def _array(values: Sequence[Any]) -> Array:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _block(target: ScoreInput, baseline: Baseline) -> Comparison:
    return comparison_block(baseline, *piece_ratios(target, baseline))


def comparison_block(
    baseline: Baseline,
    view_ratio: float,
    engagement_ratio: float | None,
    retention_ratio: float | None,
) -> Comparison:
    """The comparison block a creator reads: the group's medians and the piece's ratios, rounded."""
    return Comparison(
        group=baseline.label,
        group_size=baseline.size,
        basis=baseline.basis,
        median_views=baseline.median_views,
        median_engagement_rate=_round(baseline.median_engagement),
        median_retention_rate=_round(baseline.median_retention, 3),
        view_ratio=round(view_ratio, 2),
        engagement_ratio=_round(engagement_ratio),
        retention_ratio=_round(retention_ratio),
    )


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
