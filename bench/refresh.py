"""Importing 100 new pieces into a large vs a small catalogue: end to end, and the refresh alone.

Run: .venv/bin/python -m bench.refresh --sizes 200 10000

For each backend and catalogue size: a demo creator of that many pieces (`demo enable`, seed 7),
then 100 new simulated pieces (another seed, so new platform ids) go through `ingest_records` in
one unit of work, which calls the incremental `refresh_creator`. Three kinds of new pieces:
"history", spread over the same history (an import of an older export: tested pieces change,
every pattern is computed again); "uploads", published over the last four days (what an hourly
sync brings: provisional, tested by no family, so the pattern computations are looked up,
insights.pattern_memo); "inferred", uploads without a theme into a catalogue whose themes were
all inferred from the words (a real export without a theme column: insights.theme_matching).
The demo's own refresh leaves what this process stored
(insights.factor_memo), as the previous sync would in a running bot. Timed: the whole import
(validation, upsert, refresh, commit), the rows it wrote (pieces, scores, cells, factors: as
the database counts them) and the refresh part alone; then, for reference, a full
`refresh_all` of the grown catalogue, and an incremental refresh with nothing changed: once as this
process remembers it (insights.refresh_memo: nothing computed) and once with the memo emptied, as
in another process (every insight computed and compared, none written). Each figure is the best of
``--repeat`` imports into fresh copies (a fresh database each), wall seconds, and the
whole import's CPU in this process (both threads; on PostgreSQL the server's is not in it: its
wall is the figure there). PostgreSQL runs when reachable (see bench.ingest). This process's
threads run on one CPU, as `whatsworking run` keeps the bot's (where chat uploads and syncs
import); ``--no-pin`` lets them spread, as in `whatsworking import`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from bench import alternating as turns
from bench.ingest import NOW, database_url

NEW_PIECES = 100
KINDS = ("history", "uploads", "inferred")


@contextmanager
def timed_refresh(seconds: list[float], cpu: list[float]) -> Iterator[None]:
    """Time every ``refresh_creator`` call made inside the block (wall and this process's CPU)."""
    from insights import refresh

    original = refresh.refresh_creator

    def timer(*args: Any, **kwargs: Any) -> Any:
        start, used = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)

    refresh.refresh_creator = timer
    try:
        yield
    finally:
        refresh.refresh_creator = original


@contextmanager
def counted_rows(engine: Any) -> Iterator[list[int]]:
    """The rows each transaction committed inside the block inserted, updated or deleted, as
    the database counts them (SQLite: the connection's ``total_changes``; PostgreSQL: the
    transaction's ``pg_stat_xact_user_tables``, COPY included): what the import changed.
    Both are read as the transaction begins too: PostgreSQL 15's view also holds what earlier
    transactions of the connection wrote until the server flushes its counts (41,716 rows were
    once counted for an import that wrote 854)."""
    from sqlalchemy import event

    counts: list[int] = []
    before: dict[int, int] = {}

    def begun(conn: Any) -> None:
        driver = conn.connection.driver_connection
        before[id(driver)] = _changes(conn.dialect.name, driver)

    def committing(conn: Any) -> None:
        driver = conn.connection.driver_connection
        now = _changes(conn.dialect.name, driver)
        counts.append(now - before.pop(id(driver), now))

    event.listen(engine, "begin", begun)
    event.listen(engine, "commit", committing)
    try:
        yield counts
    finally:
        event.remove(engine, "begin", begun)
        event.remove(engine, "commit", committing)


def _changes(dialect: str, driver: Any) -> int:
    """The rows the connection changed so far, as its database counts them."""
    if dialect == "sqlite":
        return int(driver.total_changes)
    sql = "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_xact_user_tables"
    return int(driver.execute(sql).fetchone()[0] or 0)


def new_records(kind: str) -> list[Any]:
    """100 new pieces: over the simulated history, or re-dated to the last four days (without
    a theme for "inferred": the words name it)."""
    from dataclasses import replace
    from datetime import timedelta

    from simulator import SimulationConfig, iter_piece_batches

    config = SimulationConfig(pieces=NEW_PIECES, profile="mid")
    batches = iter_piece_batches(config, seed=99, now=NOW, batch_size=NEW_PIECES)
    records = [piece.record for batch in batches for piece in batch]
    if kind == "history":
        return records
    recent = [replace(r, published_at=NOW - timedelta(hours=1 + i)) for i, r in enumerate(records)]
    return [replace(r, theme=None) for r in recent] if kind == "inferred" else recent


@contextmanager
def demo_catalogue(
    backend: str, size: int, inferred: bool = False
) -> Iterator[tuple[Any, uuid.UUID]]:
    """A fresh database holding a ``size``-piece demo creator (seed 7), and the creator's id.

    ``inferred``: the demo's themes dropped and inferred from the pieces' words instead (as in
    a real export without a theme column), by one refresh. The pattern memo holds only what
    this catalogue's own refreshes left there, as in a running bot; so does the factor memo."""
    from insights.pattern_memo import MEMO as PATTERNS
    from simulator.demo import enable_demo
    from storage import open_database
    from storage.wal_checkpoint import CHECKPOINTS

    PATTERNS.clear()
    with database_url(backend) as url:
        db = open_database(url)
        try:
            with db.unit_of_work() as s:
                demo = enable_demo(
                    s, handle="bench", niche="fitness", profile="mid", pieces=size, seed=7, now=NOW
                )
            if inferred:
                with db.unit_of_work() as s:
                    words_only(s, demo.creator_id)
            CHECKPOINTS.settle()  # the demo's log copied before the import is timed
            yield db, demo.creator_id
        finally:
            db.dispose()


def words_only(session: Any, creator_id: uuid.UUID) -> None:
    """Drop the creator's given themes and refresh: every theme is inferred from the words."""
    from sqlalchemy import update

    from insights.refresh import refresh_creator
    from storage.models import ContentPiece

    pieces = update(ContentPiece).where(ContentPiece.creator_id == creator_id)
    session.execute(pieces.values(theme=None, theme_inferred=False))
    refresh_creator(session, creator_id, NOW)


def one_import(backend: str, size: int, kind: str) -> dict[str, float]:
    """Build a ``size``-piece creator, then import 100 new pieces into it; seconds taken."""
    from insights import column_cache, factor_memo
    from insights.ingest import ingest_records
    from insights.pattern_memo import MEMO as PATTERNS
    from insights.refresh import refresh_all, refresh_creator
    from insights.refresh_memo import MEMO

    records = new_records(kind)
    with demo_catalogue(backend, size, kind == "inferred") as (db, creator_id):
        refreshes: list[float] = []
        cpu: list[float] = []
        start, used = time.perf_counter(), time.process_time()
        counting = counted_rows(db.engine)  # exited after the unit of work, its commit counted
        with timed_refresh(refreshes, cpu), counting as written, db.unit_of_work() as s:
            ingest_records(s, creator_id, records, now=NOW, source="bench")
        end_to_end, end_to_end_cpu = time.perf_counter() - start, time.process_time() - used
        start = time.perf_counter()
        with db.unit_of_work() as s:
            refresh_all(s, creator_id, NOW)
        full = time.perf_counter() - start
        start = time.perf_counter()
        with db.unit_of_work() as s:
            refresh_creator(s, creator_id, NOW)
        remembered = time.perf_counter() - start
        MEMO.clear()  # as in another process: every insight computed and compared
        PATTERNS.clear()
        factor_memo.clear()
        column_cache.clear()
        start = time.perf_counter()
        with db.unit_of_work() as s:
            refresh_creator(s, creator_id, NOW)
        unchanged = time.perf_counter() - start
    return {
        "end_to_end": end_to_end,
        "end_to_end_cpu": end_to_end_cpu,
        "refresh": sum(refreshes),
        "refresh_cpu": sum(cpu),
        "full_refresh": full,
        "remembered": remembered,
        "unchanged": unchanged,
        "rows_written": float(sum(written)),
    }


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as the table in docs/PERFORMANCE.md (ratio against the smallest size)."""
    lines = [
        "| backend | new pieces | catalogue | import 100, end to end | × smallest | "
        "CPU (this process) | × | refresh part (CPU) | full refresh after | "
        "nothing changed: remembered / computed | rows written | ms per 1,000 rows |",
        "|---|---|---|---|---|---|---|---|---|---|---:|---:|",
    ]
    base_of = turns.smallest_alike(rows, "backend", "kind")
    for r in rows:
        ratio = r["end_to_end"] / base_of(r)["end_to_end"]
        cpu_ratio = r["end_to_end_cpu"] / base_of(r)["end_to_end_cpu"]
        lines.append(
            f"| {r['backend']} | {r['kind']} | {r['size']:,} | {r['end_to_end']:.3f} s | "
            f"{ratio:.2f}× | {r['end_to_end_cpu']:.3f} s | {cpu_ratio:.2f}× | "
            f"{r['refresh']:.3f} s ({r['refresh_cpu']:.3f} s) | {r['full_refresh']:.2f} s | "
            f"{r['remembered'] * 1000:.1f} ms / {r['unchanged']:.2f} s | "
            f"{r['rows_written']:,.0f} | {per_thousand_rows(r):.1f} |"
        )
    return "\n".join(lines)


def per_thousand_rows(row: dict[str, Any]) -> float:
    """The import's wall milliseconds per 1,000 rows it wrote."""
    return float(row["end_to_end"] * 1000 / max(row["rows_written"], 1.0) * 1000)


def main() -> None:
    """Run every (backend, size) and print the table with the load average."""
    parser = turns.size_arguments(__doc__)
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    parser.add_argument("--no-pin", action="store_true", help="threads spread over the CPUs")
    args = parser.parse_args()
    if not args.no_pin:
        from bot.cpu_affinity import pin_threads_to_one_cpu

        pin_threads_to_one_cpu()  # what `whatsworking run` does by default
    rows = []
    for backend in turns.reachable(args.backends):
        for kind in args.kinds:
            run = partial(one_import, backend, kind=kind)
            rows += turns.least_in_turns(args.sizes, args.repeat, run, backend=backend, kind=kind)
    print(markdown(rows))
    print(turns.load_line())


if __name__ == "__main__":
    main()
