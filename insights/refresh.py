"""What the ingestion pipeline calls after every write: rescore, themes, patterns and factors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from insights.factors import piece_factors
from insights.facts import build_facts
from insights.findings import Finding
from insights.frame import load_rows
from insights.insight_rows import insight_row, replace_insights
from insights.pattern_text import pattern_insight, recommendation
from insights.patterns import discover_patterns
from insights.piece_queries import creator_zone
from insights.scoring import score_rows, write_scores
from insights.themes import refresh_themes


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did."""

    pieces: int
    rescored: int
    themes: int
    patterns: int
    factors: int


def refresh_creator(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
    """Rescore the creator's pieces and refresh theme aggregates and insights (in ``session``)."""
    refresh_all(session, creator_id, now)


def refresh_all(session: Session, creator_id: uuid.UUID, now: datetime) -> RefreshResult:
    """Rescore, refresh themes, rediscover patterns and replace every stored insight."""
    tz_name, tz = creator_zone(session, creator_id)
    rows = load_rows(session, creator_id)
    results = score_rows(rows, now)
    rescored = write_scores(session, creator_id, rows, results, now)
    themes = refresh_themes(session, creator_id, now)
    facts = build_facts(rows, results, tz)
    findings = discover_patterns(facts, tz_name)
    creator_rows = _creator_rows(creator_id, findings, now)
    factor_rows = [
        insight_row(creator_id, content_id, factor, now)
        for content_id, factors in piece_factors(facts, findings).items()
        for factor in factors
    ]
    # Rows of one pattern share their supporting data: side by side, it is serialised once.
    factor_rows.sort(key=lambda row: row["pattern_key"] or "")
    replace_insights(session, creator_id, [*creator_rows, *factor_rows])
    return RefreshResult(len(rows), rescored, themes, len(findings), len(factor_rows))


def _creator_rows(
    creator_id: uuid.UUID, findings: Sequence[Finding], now: datetime
) -> list[dict[str, Any]]:
    rows = []
    for finding in findings:
        rows.append(insight_row(creator_id, None, pattern_insight(finding), now))
        advice = recommendation(finding)
        if advice is not None:
            rows.append(insight_row(creator_id, None, advice, now))
    return rows
