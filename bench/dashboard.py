"""Dashboard latency beside a hand-written SQL floor, and rescoring / refresh time.

Run: .venv/bin/python -m bench.dashboard [--sizes 50 1000 10000] [--repeat 200]
Prints Markdown tables for docs/PERFORMANCE.md ("Dashboard and rescoring").

For each backend and size a simulated creator is stored through the ingestion pipeline. Then:
- dashboard: `build_dashboard` in a fresh read session per call (as a request would), for the
  30-day period and for all time; p50 / p95 over ``--repeat`` calls after a warm-up. The day
  cells (insights/day_cells.py) are built after the refresh, as a refresh's last write does;
  "cold" empties the in-process dashboard cache before every call (every call builds: four
  reads, whole days summed from the cells, the days a window boundary cuts from the rows);
  "cold, rows" is the same with the cells out of date (a write no refresh followed): the
  build groups the rows themselves, as before the cells existed;
  "warm" repeats the same request (the cache answers after one read of the data stamp);
  "moving" advances the clock a minute per call, as a creator chatting would, and reports the
  share of calls the cache answered (a piece crossing a window boundary forces a rebuild);
- floor: one hand-written SQL aggregate over the same rows (count per category, average
  engagement, total views and reach), on a raw DBAPI connection checked out per call. The
  30-day dashboard reads 60 days (its trend compares with the 30 days before), so its
  like-for-like floor is the 60-day one; the 30-day floor is shown too. The floor reads the
  rows; a cold build with current cells reads far fewer (a few cells per day): its ratio says
  what the cells buy over the cheapest read of the rows, not that it reads the same rows;
- rescoring: `rescore_creator` with every score cleared first (all rows rewritten), and again
  with nothing changed; refresh: the whole `refresh_all` (scores, themes, patterns, factors).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update

from bench.ingest import database_url, postgres_reachable
from bench.truth import NOW
from insights.dashboard import DASHBOARD_CACHE, build_dashboard
from insights.day_cells import refresh_day_cells
from insights.ingest import ingest_records
from insights.refresh import refresh_all
from insights.scoring import rescore_creator
from simulator import SimulationConfig, generate_pieces
from storage import Database, open_database
from storage.creators import create_creator
from storage.models import ContentPerformance, DayCellVersion

FLOOR_SQL = """
SELECT count(*),
       sum(CASE WHEN p.performance_category = 'overperforming' THEN 1 ELSE 0 END),
       sum(CASE WHEN p.performance_category = 'normal' THEN 1 ELSE 0 END),
       sum(CASE WHEN p.performance_category = 'underperforming' THEN 1 ELSE 0 END),
       avg(p.engagement_rate), sum(p.views), sum(p.reach)
FROM content_performance p JOIN content_pieces c ON c.id = p.content_id
WHERE c.creator_id = {mark} AND c.published_at >= {mark}
"""


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(1000 * (time.perf_counter() - started))
    return _percentiles(samples)


def _seed(db: Database, size: int) -> Any:
    records = [p.record for p in generate_pieces(SimulationConfig(pieces=size), seed=1, now=NOW)]
    with db.unit_of_work() as s:
        creator = create_creator(s, "bench", timezone="Europe/Berlin", now=NOW)
        ingest_records(s, creator.id, records, now=NOW, source="bench", refresh=False)
        return creator.id


def _floor(db: Database, creator_id: Any, since: Any) -> Callable[[], object]:
    sqlite = db.dialect == "sqlite"
    sql = FLOOR_SQL.format(mark="?" if sqlite else "%s")
    # SQLite stores naive UTC text and a hex UUID, exactly as storage binds them.
    params = (
        (creator_id.hex, since.replace(tzinfo=None).isoformat(" "))
        if sqlite
        else (
            creator_id,
            since,
        )
    )

    def run() -> object:
        conn = db.engine.raw_connection()
        try:
            cursor = conn.cursor()
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            conn.close()

    return run


def _rescoring(db: Database, creator_id: Any) -> dict[str, float]:
    times: dict[str, float] = {}
    with db.unit_of_work() as s:
        s.execute(
            update(ContentPerformance)
            .where(ContentPerformance.creator_id == creator_id)
            .values(performance_score=None, percentile_rank=None, performance_category=None)
        )
    for label in ("rescore_all_rows", "rescore_unchanged"):
        started = time.perf_counter()
        with db.unit_of_work() as s:
            rescore_creator(s, creator_id, NOW)
        times[label] = time.perf_counter() - started
    started = time.perf_counter()
    with db.unit_of_work() as s:
        result = refresh_all(s, creator_id, NOW)
    times["refresh"] = time.perf_counter() - started
    times["factors"] = result.factors
    started = time.perf_counter()
    with db.unit_of_work() as s:
        refresh_day_cells(s, creator_id)
    times["cells"] = time.perf_counter() - started
    return times


def _dashboards(db: Database, creator_id: Any, period: str, repeat: int) -> dict[str, Any]:
    def board(now: Any = NOW) -> object:
        with db.read() as s:
            return build_dashboard(s, creator_id, period=period, now=now)

    def cold() -> object:
        DASHBOARD_CACHE.clear()
        return board()

    minute = iter(range(10**9))

    def moving() -> object:
        return board(NOW + timedelta(minutes=next(minute)))

    figures: dict[str, Any] = {"cold": _timed(cold, repeat), "warm": _timed(board, repeat)}
    DASHBOARD_CACHE.clear()
    hits = DASHBOARD_CACHE.hits
    figures["moving"] = _timed(moving, repeat)
    figures["hit_rate"] = (DASHBOARD_CACHE.hits - hits) / (repeat + 1)
    return figures


def _stale_cells(db: Database, creator_id: Any, cells: bool) -> None:
    """Mark the creator's cells out of date (or rebuild them): builds then group the rows."""
    with db.unit_of_work() as s:
        if cells:
            refresh_day_cells(s, creator_id)
        else:
            s.execute(delete(DayCellVersion).where(DayCellVersion.creator_id == creator_id))


def measure(backend: str, size: int, repeat: int) -> dict[str, Any]:
    """Every figure for one backend and size."""
    with database_url(backend) as url:
        db = open_database(url)
        try:
            creator_id = _seed(db, size)
            row: dict[str, Any] = {"backend": backend, "size": size, **_rescoring(db, creator_id)}
            floors = {"30d": 30, "60d": 60, "all": 3650}
            for name, days in floors.items():
                since = NOW - timedelta(days=days)
                row[f"floor_{name}"] = _timed(_floor(db, creator_id, since), repeat)
            for period in ("30d", "all"):
                row[period] = _dashboards(db, creator_id, period, repeat)
            _stale_cells(db, creator_id, cells=False)
            for period in ("30d", "all"):
                row[period]["rows"] = _dashboards(db, creator_id, period, repeat)["cold"]
            _stale_cells(db, creator_id, cells=True)
            return row
        finally:
            db.dispose()


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.1f} / {pair[1]:.1f}"


def _ratio(dash: tuple[float, float], floor: tuple[float, float]) -> str:
    return f"{dash[1] / floor[1]:.2f}×"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The result tables (milliseconds, p50 / p95; ratios of p95 to the same-rows floor)."""
    lines = [
        "| backend | pieces | period | cold | cold, rows | warm | moving clock (hits) | "
        "floor, same rows | cold / floor | cold, rows / floor | warm / floor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        for period, floor in (("30d", r["floor_60d"]), ("all", r["floor_all"])):
            d = r[period]
            lines.append(
                f"| {r['backend']} | {r['size']:,} | {period} | {_ms(d['cold'])} | "
                f"{_ms(d['rows'])} | {_ms(d['warm'])} | {_ms(d['moving'])} "
                f"({d['hit_rate']:.0%}) | {_ms(floor)} | {_ratio(d['cold'], floor)} | "
                f"{_ratio(d['rows'], floor)} | {_ratio(d['warm'], floor)} |"
            )
    lines += ["", "| backend | pieces | floor 30d (period only) | cold 30d / floor 30d |"]
    lines.append("|---|---|---|---|")
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {_ms(r['floor_30d'])} | "
            f"{_ratio(r['30d']['cold'], r['floor_30d'])} |"
        )
    lines += [
        "",
        "| backend | pieces | rescore, every row rewritten | rescore, nothing changed | "
        "full refresh (scores, themes, patterns, factors) | factor rows | day cells rebuilt |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['backend']} | {r['size']:,} | {r['rescore_all_rows']:.2f} s | "
            f"{r['rescore_unchanged']:.2f} s | {r['refresh']:.2f} s | {r['factors']:,} | "
            f"{1000 * r['cells']:.0f} ms |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 1000, 10_000])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    backends = [b for b in args.backends if b != "postgresql" or postgres_reachable()]
    rows = [measure(b, n, args.repeat) for b in backends for n in args.sizes]
    print(markdown(rows))


if __name__ == "__main__":
    main()
