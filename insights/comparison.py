"""One piece's comparison block, from group counts and medians the database computes.

Scoring compares each piece with the median of its group (``insights.baseline``). Showing one
piece used to rescore its whole platform to find that group; here the same choice is made from
counts (one grouped query) and the group's medians come from a window-function query, so a piece
read costs two small aggregates whatever the catalogue size. The figures are the ones scoring
uses: the same pool (mature pieces once there are enough), basis (first 24 h for young pieces),
fallback chain and expressions (format class, audience, engagement by the platform's formula);
tests compare every piece with a full rescoring.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, cast, false, func, literal, or_, select, true
from sqlalchemy.orm import Session

from insights.baseline import FIRST_24H, LIFETIME, Baseline, ScoreInput, group_label
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
)
from insights.records import MetricsRecord
from insights.score_math import ScoringConfig, piece_ratios
from insights.view_cache import Entry, ViewCache
from insights.view_models import Comparison
from storage.data_version import read_state
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
_INTERACTIONS = P.likes + P.comments + P.shares + P.saves
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


def piece_comparison(
    session: Session,
    creator_id: uuid.UUID,
    piece: C,
    *,
    now: datetime,
    config: ScoringConfig,
) -> Comparison | None:
    """The comparison block scoring would give ``piece`` (a stored piece of the creator)."""
    if piece.performance is None:
        return None
    target = _score_input(piece)
    cutoff = now - config.provisional_age
    early = target.published_at > cutoff and target.views_24h is not None
    state = read_state(session, creator_id)
    # Every piece of one platform, format and basis shares its baseline: cached per data stamp
    # until the next young piece matures (and so joins the pool).
    key = ("comparison", creator_id, target.platform, target.format_class, early, config)
    baseline = BASELINE_CACHE.get(key, state, now)
    if baseline is None:
        baseline = group_baseline(session, creator_id, target, now=now, config=config)
        until = _next_maturity(session, creator_id, cutoff, config)
        BASELINE_CACHE.put(key, Entry(state, now, until, baseline))
    return None if baseline is None else _block(target, baseline)


def group_baseline(
    session: Session,
    creator_id: uuid.UUID,
    target: ScoreInput,
    *,
    now: datetime,
    config: ScoringConfig,
) -> Baseline | None:
    """The baseline scoring would compare ``target`` with, from a count and the group's medians."""
    cutoff = now - config.provisional_age
    counts = _counts(session, creator_id, target, cutoff)
    mature = sum(n for (is_mature, *_), n in counts.items() if is_mature)
    in_pool = (lambda key: key[0]) if mature >= config.min_group_size else (lambda key: True)
    basis = LIFETIME
    young = target.published_at > cutoff and target.views_24h is not None
    if young and any(n for key, n in counts.items() if in_pool(key) and key[3]):
        basis = FIRST_24H
    in_basis = (lambda key: key[3]) if basis == FIRST_24H else (lambda key: True)
    level, size = "all", 0
    for name, member in (("platform+format", lambda k: k[1] and k[2]), ("platform", _platform)):
        size = sum(n for key, n in counts.items() if in_pool(key) and in_basis(key) and member(key))
        if size >= config.min_group_size:
            level = name
            break
    else:
        size = sum(n for key, n in counts.items() if in_pool(key) and in_basis(key))
    if size == 0:
        return None
    group = _group_filter(level, target, basis, cutoff if mature >= config.min_group_size else None)
    return _baseline(session, creator_id, group, level, target, basis, size)


def _next_maturity(
    session: Session, creator_id: uuid.UUID, cutoff: datetime, config: ScoringConfig
) -> datetime | None:
    """When the pool changes by time alone: the oldest young piece turns mature then."""
    oldest_young = session.scalar(
        _scope(creator_id).add_columns(func.min(C.published_at)).where(C.published_at > cutoff)
    )
    return None if oldest_young is None else oldest_young + config.provisional_age


def _platform(key: tuple[bool, bool, bool, bool]) -> bool:
    return key[1]


def _score_input(piece: C) -> ScoreInput:
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
        high_intent=perf.shares + perf.saves,
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


def _counts(
    session: Session, creator_id: uuid.UUID, target: ScoreInput, cutoff: datetime
) -> dict[tuple[bool, bool, bool, bool], int]:
    """Pieces by (mature, same platform, same format class, has 24 h figures)."""
    keys: tuple[Any, ...] = (
        C.published_at <= cutoff,
        C.platform == target.platform,
        target.format_class == _FORMAT,
        _HAS_24H,
    )
    labelled = [case((k, true()), else_=false()).label(f"k{i}") for i, k in enumerate(keys)]
    stmt = _scope(creator_id).add_columns(*labelled, func.count()).group_by(*labelled)
    return {(bool(a), bool(b), bool(c), bool(d)): n for a, b, c, d, n in session.execute(stmt)}


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


def _baseline(
    session: Session,
    creator_id: uuid.UUID,
    group: list[Any],
    level: str,
    target: ScoreInput,
    basis: str,
    size: int,
) -> Baseline:
    views, engagement, retention = _FIGURES[basis]
    key = ("all",) if level == "all" else (level, target.platform, target.format_class)
    return Baseline(
        level=level,
        label=group_label(key),
        basis=basis,
        size=size,
        median_views=_median(session, creator_id, group, views) or 0.0,
        median_engagement=_median(session, creator_id, group, engagement),
        median_retention=None
        if retention is None
        else _median(session, creator_id, group, retention),
        median_intent=None,  # not shown in the comparison
    )


def _median(session: Session, creator_id: uuid.UUID, group: list[Any], value: Any) -> float | None:
    """The median of ``value`` over the group's rows where it is present (None: none is)."""
    ranked = (
        _scope(creator_id)
        .add_columns(
            value.label("v"),
            func.row_number().over(order_by=value).label("rn"),
            func.count().over().label("n"),
        )
        .where(*group, value.is_not(None))
        .subquery()
    )
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    found = session.execute(select(ranked.c.v).where(middle).order_by(ranked.c.rn)).scalars().all()
    if not found:
        return None
    low, high = float(found[0]), float(found[-1])
    return low if len(found) == 1 else (low + high) / 2


def _block(target: ScoreInput, baseline: Baseline) -> Comparison:
    view_ratio, engagement_ratio, retention_ratio = piece_ratios(target, baseline)
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
