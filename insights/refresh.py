"""What the ingestion pipeline calls after every write: rescore, themes, patterns and factors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from insights.availability import gap_insights
from insights.column_facts import build_column_facts
from insights.factors import piece_factors
from insights.facts import PieceFacts
from insights.findings import Finding
from insights.insight_rows import delete_insights, insert_insights, insight_row, most_relevant
from insights.pattern_text import pattern_insight, recommendation
from insights.patterns import discover_patterns
from insights.piece_columns import load_columns
from insights.piece_queries import creator_zone
from insights.score_columns import score_columns
from insights.scoring import DEFAULT_SCORING, write_column_scores
from insights.theme_assign import assign_themes
from insights.themes import refresh_themes

# A piece keeps its three most relevant success and three failure factors: what a person reads
# (and a plan quotes); further ones repeat the story and cost storage and refresh time.
MAX_FACTORS_PER_SIDE = 3
FACTOR_CHUNK = 5000


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
    assign_themes(session, creator_id)  # every piece themed before it is scored and grouped
    # Column arrays, not a row object per piece: memory stays flat in the catalogue's size.
    columns = load_columns(session, creator_id)
    scores = score_columns(columns, now, DEFAULT_SCORING)
    rescored = write_column_scores(session, creator_id, columns, scores, now)
    themes = refresh_themes(session, creator_id, now)
    facts = build_column_facts(columns, scores, tz)
    pieces = len(columns)
    del columns, scores  # freed before the pattern scans, the refresh's memory peak
    findings = discover_patterns(facts, tz_name)
    delete_insights(session, creator_id)
    # What the scores could not use (TikTok's saves, …): said once per platform, as an insight.
    notes = [insight_row(creator_id, None, g, now) for g in gap_insights(session, creator_id)]
    insert_insights(session, _creator_rows(creator_id, findings, now) + notes)
    factors = _store_factors(session, creator_id, facts, findings, now)
    return RefreshResult(pieces, rescored, themes, len(findings), factors)


def _store_factors(
    session: Session,
    creator_id: uuid.UUID,
    facts: Sequence[PieceFacts],
    findings: Sequence[Finding],
    now: datetime,
) -> int:
    """Store each piece's most relevant factors; returns how many rows were written."""
    written = 0
    # Built, stored and dropped a chunk of pieces at a time, so memory does not grow with the
    # creator's size (a million pieces carry millions of factors).
    for start in range(0, len(facts), FACTOR_CHUNK):
        found = piece_factors(facts[start : start + FACTOR_CHUNK], findings)
        rows = [
            insight_row(creator_id, content_id, factor, now)
            for content_id, factors in found.items()
            for factor in most_relevant(factors, MAX_FACTORS_PER_SIDE)
        ]
        # Rows of one pattern share their supporting data: side by side, it is serialised once.
        rows.sort(key=lambda row: row["pattern_key"] or "")
        insert_insights(session, rows)
        written += len(rows)
    return written


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
