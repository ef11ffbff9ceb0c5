"""Platform sync: API units, wall time and peak RSS of a big channel; the size of metric history.

Run: .venv/bin/python -m bench.sync --videos 5000 --pieces 10000 --days 365
     .venv/bin/python -m bench.sync --only instagram --videos 5000   (one platform per process,
     .venv/bin/python -m bench.sync --only tiktok --videos 5000       so peak RSS is its own)

1. A channel of ``--videos`` uploads on the fake Google (tests/fakes/google_server.py, real
   HTTP on 127.0.0.1) synced once in full and once more as the next day's catalogue sync, on
   SQLite: Data API units used against the documented minimum (1 channel + ceil(N/50) playlist
   pages + ceil(N/50) videos.list batches; the catalogue sync skips the channel), wall time,
   peak RSS of the process.
   The same for Instagram and TikTok on their fakes (tests/fakes/instagram_server.py,
   tiktok_server.py): HTTP calls against the documented minimum (Instagram: 1 /me +
   ceil(N/100) media pages + N insights calls; TikTok: 1 user info + ceil(N/20) list pages),
   a first full sync and the next day's catalogue sync.
2. A simulated year of syncs of ``--pieces`` pieces, published evenly over the year, straight
   into storage.snapshots (no HTTP): hourly while a piece is younger than 48 h, daily after,
   views growing every time. Snapshot rows (against the stated bound) and database file size.
"""

from __future__ import annotations

import argparse
import bisect
import math
import resource
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import open_database
from storage.clock import FixedClock
from storage.creators import create_creator
from storage.models import MetricSnapshot
from storage.snapshots import Figures, max_rows, record_snapshots
from tests.support.fakes.google_server import FakeGoogle
from tests.sync.helpers import START, cipher, connect, runner


def peak_rss_mib() -> float:
    """This process's peak resident set size so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def channel(videos: int) -> None:
    """Sync a channel of ``videos`` uploads against the fake; print units, time and memory."""
    with tempfile.TemporaryDirectory() as folder, FakeGoogle() as google:
        google.state.add_videos(
            videos, start=START - timedelta(days=videos), every=timedelta(days=1)
        )
        db = open_database(f"sqlite:///{folder}/bench.db")
        clock, key = FixedClock(START), cipher()
        connect(db, google, key, clock)
        sync = runner(db, google, key, clock, daily_budget=1_000_000)
        pages = math.ceil(videos / 50)
        for label, minimum in (
            ("full (first)", 1 + 2 * pages),
            ("catalogue (next day)", 2 * pages),
        ):
            began = time.perf_counter()
            [outcome] = sync.run_due()
            wall = time.perf_counter() - began
            over = 100 * (outcome.units - minimum) / minimum
            print(
                f"| {label} | {videos} | {outcome.units} | {minimum} | {over:+.1f} % | "
                f"{wall:.1f} s | {peak_rss_mib():.0f} MiB |"
            )
            clock.advance(timedelta(days=1))
        db.dispose()


def platform(name: str, posts: int) -> None:
    """Sync an Instagram or TikTok account of ``posts`` pieces; print calls, time and memory."""
    from sync.instagram.fetch import minimum_calls as ig_minimum
    from sync.tiktok.fetch import minimum_calls as tt_minimum
    from tests.sync import platforms as p

    clock = FixedClock(START)
    fake_of = p.fake_instagram if name == "instagram" else p.fake_tiktok
    with tempfile.TemporaryDirectory() as folder, fake_of(clock) as fake:
        start, every = START - timedelta(days=posts), timedelta(days=1)
        if name == "instagram":
            fake.state.add_media(posts, start, every)  # type: ignore[union-attr]
        else:
            fake.state.add_videos(posts, start, every)  # type: ignore[union-attr]
        db = open_database(f"sqlite:///{folder}/bench.db")
        key = cipher()
        if name == "instagram":
            p.connect_instagram(db, fake, key, clock, age=timedelta(days=2))  # type: ignore[arg-type]
            sync = p.runner(db, key, clock, instagram=fake)  # type: ignore[arg-type]
        else:
            p.connect_tiktok(db, fake, key, clock, access_left=86_400 * 30)  # type: ignore[arg-type]
            sync = p.runner(db, key, clock, tiktok=fake)  # type: ignore[arg-type]
        full = ig_minimum(posts) if name == "instagram" else tt_minimum(posts)
        # The next day's catalogue sync: Instagram fetches the insights of the last 30 days
        # only: a day later, with one piece a day, that is 29 of them.
        daily = full - posts + min(posts, 29) if name == "instagram" else full
        for label, minimum in (("full (first)", full), ("catalogue (next day)", daily)):
            fake.requests.clear()
            began = time.perf_counter()
            [outcome] = sync.run_due(force=True)
            wall = time.perf_counter() - began
            calls = len(fake.requests)
            over = 100 * (calls - minimum) / minimum
            print(
                f"| {name} {label} | {posts} | {calls} calls | {minimum} | {over:+.1f} % | "
                f"{wall:.1f} s | {peak_rss_mib():.0f} MiB | {outcome.status} |"
            )
            clock.advance(timedelta(days=1))
        db.dispose()


def history(pieces: int, days: int) -> None:
    """A simulated year of syncs for ``pieces`` pieces; print rows, the bound and the file size."""
    year_start = datetime(2030, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        db = open_database(f"sqlite:///{path}")
        with db.unit_of_work() as session:
            creator_id = create_creator(session, "bench", now=year_start).id
            records = [
                _piece(i, year_start + timedelta(days=days) * i / pieces) for i in range(pieces)
            ]
            ingest_records(
                session, creator_id, records, now=year_start, source="bench", refresh=False
            )
        ids = _ids(db, creator_id)
        published = {pid: r.published_at for pid, r in zip(ids, records, strict=True)}
        order = sorted(published, key=published.__getitem__)
        times = [published[pid] for pid in order]
        began = time.perf_counter()
        for hour in range(days * 24):
            now = year_start + timedelta(hours=hour)
            newest = bisect.bisect_right(times, now)
            young = bisect.bisect_left(times, now - timedelta(hours=48))
            due = order[0 if hour % 24 == 0 else young : newest]
            figures = [
                Figures(pid, published[pid], views=_views(now - published[pid])) for pid in due
            ]
            with db.unit_of_work() as session:
                record_snapshots(session, creator_id, figures, now=now)
        wall = time.perf_counter() - began
        end = year_start + timedelta(days=days)
        with db.read() as session:
            rows = session.scalar(select(func.count()).select_from(MetricSnapshot)) or 0
        bound = sum(max_rows(end - at) for at in published.values())
        db.dispose()
        size = path.stat().st_size / 2**20
        per_piece = rows / pieces
        print(
            f"| {pieces} | {days} | {rows:,} | {bound:,} | {per_piece:.0f} | {size:.0f} MiB |",
            end="",
        )
        print(f" {wall:.0f} s |")


def _piece(index: int, published: datetime) -> PieceRecord:
    return PieceRecord(
        platform="youtube",
        platform_id=f"b{index:07d}",
        content_type="video",
        title=f"Bench video {index}",
        published_at=published,
        metrics=MetricsRecord(views=0),
    )


def _views(age: timedelta) -> int:
    hours = age / timedelta(hours=1)
    return int(5000 * (1 - math.exp(-hours / 72)) + hours)


def _ids(db, creator_id: uuid.UUID) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    from storage.models import ContentPiece

    with db.read() as session:
        query = (
            select(ContentPiece.id)
            .where(ContentPiece.creator_id == creator_id)
            .order_by(ContentPiece.number)
        )
        return list(session.scalars(query))


def main() -> None:
    """Parse the sizes and print both tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--videos", type=int, default=5000)
    parser.add_argument("--pieces", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--only", choices=("youtube", "instagram", "tiktok", "history"))
    args = parser.parse_args()
    if args.only in ("instagram", "tiktok"):
        print("| sync | pieces | calls | documented minimum | over | wall | peak RSS | status |")
        print("|---|---|---|---|---|---|---|---|")
        platform(args.only, args.videos)
        return
    if args.only != "history":
        print("| sync | videos | units used | documented minimum | over | wall | peak RSS |")
        print("|---|---|---|---|---|---|---|")
        channel(args.videos)
    if args.only == "youtube":
        return
    print()
    print("| pieces | days | snapshot rows | bound | rows per piece | DB file | wall |")
    print("|---|---|---|---|---|---|---|")
    history(args.pieces, args.days)


if __name__ == "__main__":
    main()
