"""Real layouts end to end: import + refresh + theme inference, each case in a fresh process.

Run: .venv/bin/python -m bench.import --real [--backend sqlite postgresql]
(or one case: .venv/bin/python -m bench.import_real tiktok|accounts sqlite|postgresql [ROWS])
Cases: a 10,000-row third-party TikTok table (vid_id, vid_nview as 1.6M, mm:ss, hashtags, no
themes: every piece's theme is inferred) and a 5,000-row file of 13 accounts imported with
--split (one creator each, each refreshed and themed). Peak memory is the process's own.
"""

from __future__ import annotations

import csv
import importlib
import io
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from insights.importing import import_file
from insights.importing.parse import ImportOptions
from storage.creators import create_creator

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
CASES = {"tiktok": 10_000, "accounts": 5_000}
ACCOUNTS = 13
TOPICS = (
    ("sourdough", "bread", "starter", "crumb", "bake"),
    ("packing", "travel", "carry-on", "airport", "hack"),
    ("skincare", "routine", "serum", "spf", "glow"),
    ("budget", "savings", "money", "invest", "debt"),
    ("workout", "gym", "squat", "protein", "reps"),
    ("study", "exam", "notes", "focus", "productivity"),
    ("coffee", "espresso", "latte", "grinder", "beans"),
    ("garden", "tomatoes", "compost", "seeds", "harvest"),
)
FRAMES = (
    "{a} {b} you need to try",
    "my {a} {b} in {n} seconds",
    "{n} {a} mistakes",
    "pov: your {a} {b}",
    "the {a} trick nobody tells you",
    "{a} vs {b}: which one?",
)


def _count(value: int, rng: random.Random) -> str:
    if value >= 1_000_000 and rng.random() < 0.8:
        return f"{value / 1_000_000:.1f}M"
    if value >= 1_000 and rng.random() < 0.8:
        return f"{value / 1_000:.1f}K"
    return str(value)


def _caption(rng: random.Random) -> tuple[str, str]:
    words = rng.choice(TOPICS)
    a, b = rng.sample(words, 2)
    text = rng.choice(FRAMES).format(a=a, b=b, n=rng.choice((3, 5, 10, 30)))
    tags = " ".join(f"#{w.replace('-', '')}" for w in rng.sample(words, 2))
    return f"{text} {tags}", tags


def tiktok_table(rows: int, seed: int = 3) -> bytes:
    """The scrapers' layout: abbreviated counts, mm:ss durations, hashtags, CRLF and a BOM."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "vid_id",
            "vid_caption",
            "vid_postTime",
            "vid_duration",
            "vid_nview",
            "vid_nlike",
            "vid_ncomment",
            "vid_nshare",
            "vid_nsave",
            "vid_hashtags",
        ]
    )
    start = datetime(2021, 1, 1, tzinfo=UTC)
    for n in range(rows):
        caption, tags = _caption(rng)
        views = int(rng.lognormvariate(10, 1.5)) + 10
        posted = start + timedelta(minutes=rng.randrange(60 * 24 * 365 * 5))
        writer.writerow(
            [
                str(7_200_000_000_000_000_000 + n),
                caption,
                posted.strftime("%Y-%m-%d %H:%M:%S"),
                f"{rng.randrange(0, 3):02d}:{rng.randrange(5, 60):02d}",
                _count(views, rng),
                _count(views // rng.randrange(8, 30), rng),
                str(rng.randrange(0, 500)),
                str(rng.randrange(0, 300)),
                str(rng.randrange(0, 300)),
                tags,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def accounts_table(rows: int, seed: int = 5) -> bytes:
    """A generic table whose channel column names 13 accounts (an agency's export)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["platform", "channel", "platform_id", "title", "published_at", "views"])
    start = datetime(2021, 1, 1, tzinfo=UTC)
    for n in range(rows):
        caption, _ = _caption(rng)
        posted = start + timedelta(minutes=rng.randrange(60 * 24 * 365 * 5))
        writer.writerow(
            [
                "youtube",
                f"Channel {n % ACCOUNTS + 1:02d}",
                f"yt{n:09d}",
                caption,
                posted.isoformat(),
                int(rng.lognormvariate(9, 1.4)) + 1,
            ]
        )
    return out.getvalue().encode()


def run_case(case: str, backend: str, rows: int) -> None:
    """Import one case end to end and print its table row."""
    # The same fresh databases as the main benchmark ("import" is a keyword: no plain import).
    database = importlib.import_module("bench.import").database

    data = tiktok_table(rows) if case == "tiktok" else accounts_table(rows)
    options = ImportOptions(split=case == "accounts")
    with database(backend) as db:
        with db.unit_of_work() as session:
            owner = None if options.split else create_creator(session, "bench", now=NOW).id
        began, cpu = time.perf_counter(), time.process_time()
        with db.unit_of_work() as session:
            summary = import_file(session, owner, data, "bench.csv", now=NOW, options=options)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    assert summary.rows == rows, summary.rows
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = f"| {backend}: {case} | {rows:,} | {seconds:.1f} ({cpu:.1f}) | {peak:.0f} MiB |"
    print(row, flush=True)


def run_all(backends: list[str]) -> None:
    """Every case on every backend, each in its own process (so peak memory is its own)."""
    print("| case | rows | import + refresh + themes s (CPU s) | peak memory |")
    print("|---|---|---|---|", flush=True)
    for backend in backends:
        for case, rows in CASES.items():
            command = [sys.executable, "-m", "bench.import_real", case, backend, str(rows)]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    name, where = sys.argv[1], sys.argv[2]
    run_case(name, where, int(sys.argv[3]) if len(sys.argv) > 3 else CASES[name])
