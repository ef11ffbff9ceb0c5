"""A simulated creator stored through the real ingestion pipeline (shared by insights tests)."""

from __future__ import annotations

import uuid
from dataclasses import replace

from insights.ingest import ingest_records
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
