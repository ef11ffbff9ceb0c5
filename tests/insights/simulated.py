"""A simulated creator stored through the real ingestion pipeline (shared by insights tests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from insights.column_facts import column_fact_arrays
from insights.fact_arrays import FactArrays
from insights.findings import Finding
from insights.ingest import ingest_records
from insights.patterns import discover_in_arrays
from insights.piece_columns import PieceColumns, load_columns
from insights.piece_queries import creator_zone
from insights.score_columns import ScoreColumns, score_columns
from insights.scoring import DEFAULT_SCORING
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.creators import create_creator
from tests.support.builders import NOW


def simulated_creator(
    db: Database,
    *,
    pieces: int = 200,
    seed: int = 1,
    handle: str = "sim",
    timezone: str = "Europe/Berlin",
    null: bool = False,
    date_only_every: int = 0,
) -> uuid.UUID:
    """Store a simulated creator; every ``date_only_every``-th piece loses its time of day."""
    make = SimulationConfig.null if null else SimulationConfig
    config = make(pieces=pieces, timezone=timezone)
    records = [p.record for p in generate_pieces(config, seed=seed, now=NOW)]
    if date_only_every:
        records = [
            replace(r, publish_time_known=False) if i % date_only_every == 0 else r
            for i, r in enumerate(records)
        ]
    with db.unit_of_work() as session:
        creator = create_creator(session, handle, timezone=timezone, now=NOW)
        ingest_records(session, creator.id, records, now=NOW, source="test")
        return creator.id


@dataclass(frozen=True)
class Refreshed:
    """What a refresh computes for a creator: columns, scores, fact arrays and findings."""

    columns: PieceColumns
    scores: ScoreColumns
    arrays: FactArrays
    findings: list[Finding]
    tz: ZoneInfo


def refreshed(db: Database, creator_id: uuid.UUID) -> Refreshed:
    """The creator's columns scored, in fact arrays, with the patterns found in them."""
    with db.read() as s:
        tz_name, tz = creator_zone(s, creator_id)
        columns = load_columns(s, creator_id)
    scores = score_columns(columns, NOW, DEFAULT_SCORING)
    arrays = column_fact_arrays(columns, scores, tz)
    return Refreshed(columns, scores, arrays, discover_in_arrays(arrays, tz_name), tz)
