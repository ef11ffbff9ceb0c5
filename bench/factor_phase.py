"""CPU of a refresh's factor phase: choosing every piece's kept factors and building their rows.

Run: .venv/bin/python -m bench.factor_phase FILE.db [--now 2026-12-06T06:00:00+00:00]

FILE.db is a SQLite file holding one creator (e.g. from ``whatsworking demo enable --pieces N``
with WHATSWORKING_DATABASE_URL pointing at it). The scores, themes and patterns are computed once
as a refresh computes them (then rolled back); the factor rows of every piece are then built
chunk by chunk as ``refresh_all`` builds them, without writing them. Prints the best of three
(process CPU seconds) and the load average.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime

from sqlalchemy import select


def main() -> None:
    """Compute once, then time the factor rows three times."""
    from insights import refresh
    from insights.collector import collector_paused
    from storage import open_database
    from storage.models import Creator

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--now", type=datetime.fromisoformat, default=datetime.now(UTC))
    args = parser.parse_args()
    db = open_database(f"sqlite:///{args.file}")
    with db.read() as s:
        creator = s.scalars(select(Creator.id)).one()
        state = refresh._compute(s, creator, args.now)
        s.rollback()
    db.dispose()
    best, rows = float("inf"), 0
    for _ in range(3):
        start, rows = time.process_time(), 0
        choice = state.choice()
        with collector_paused():
            for first in range(0, state.pieces, refresh.FACTOR_CHUNK):
                stop = min(first + refresh.FACTOR_CHUNK, state.pieces)
                rows += len(choice.rows(creator, first, stop, args.now))
        best = min(best, time.process_time() - start)
    print(f"{state.pieces:,} pieces, {len(state.findings)} patterns: {rows:,} factor rows")
    print(f"factor phase, best of 3: {best:.3f} CPU s")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
