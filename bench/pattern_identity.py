"""Identity check of pattern discovery: the same insights, bit for bit, from two versions of code.

Run (each step with the code tree to check on PYTHONPATH, e.g. an export of main and this tree):

    .venv/bin/python -m bench.pattern_identity build DIR   # demo creators into SQLite files
    .venv/bin/python -m bench.pattern_identity dump DIR    # refresh_all each copy, print hashes

``build`` writes one SQLite file per demo creator (seeds 1, 2, 3 at 2,000 and 10,000 pieces, and
seed 4 at 3,000 in New York time); files already there are kept.
``dump`` refreshes a copy of each in full and prints, per creator, the SHA-256 of every
content_insights row (without id and created_at, sorted) and of the findings discovery returned
(every field, floats by repr, members sorted); then the same for one grown truth scenario run in
memory. Two code versions agree when every printed line is the same.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
# (seed, size, timezone): a zoned creator too, whose timing factors keep a local time with DST.
CREATORS = [(seed, size, "UTC") for size in (2_000, 10_000) for seed in (1, 2, 3)]
CREATORS += [(4, 3_000, "America/New_York")]
SKIPPED_COLUMNS = {"id", "created_at"}


def _name(seed: int, size: int, timezone: str) -> str:
    zone = "" if timezone == "UTC" else "_" + timezone.replace("/", "_")
    return f"demo_{size}_{seed}{zone}.db"


def build(directory: Path) -> None:
    """One SQLite file per demo creator."""
    from simulator.demo import enable_demo
    from storage import open_database

    directory.mkdir(parents=True, exist_ok=True)
    for seed, size, timezone in CREATORS:
        path = directory / _name(seed, size, timezone)
        if path.exists():
            continue
        db = open_database(f"sqlite:///{path}")
        with db.unit_of_work() as s:
            enable_demo(
                s,
                handle="check",
                niche="fitness",
                profile="mid",
                pieces=size,
                seed=seed,
                now=NOW,
                timezone=timezone,
            )
        db.dispose()


def finding_text(findings: list[Any], labels: dict[Any, int] | None = None) -> str:
    """Every field of every finding, floats by repr (so any bit of difference shows).

    Members by ``labels`` (id -> piece number) when given: simulated pieces get new ids each run.
    """
    lines = []
    for f in findings:
        members = sorted(labels[m] if labels else str(m) for m in f.members)
        lines.append(
            repr(
                (
                    f.key,
                    f.family,
                    f.subject,
                    f.metric,
                    f.group_size,
                    f.rest_size,
                    f.group_median,
                    f.rest_median,
                    f.lift,
                    f.p_value,
                    f.adjusted_p_value,
                    f.test,
                    f.test_direction,
                    sorted(f.extra.items(), key=lambda kv: kv[0]),
                    members,
                )
            )
        )
    return "\n".join(lines)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _rows(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as c:
        result = c.execute(text("SELECT * FROM content_insights"))
        names = list(result.keys())
        rows = [
            repr([(n, v) for n, v in zip(names, row, strict=True) if n not in SKIPPED_COLUMNS])
            for row in result
        ]
    engine.dispose()
    return "\n".join(sorted(rows))


def dump(directory: Path) -> None:
    """Refresh a copy of every creator in full; print the hashes of its rows and findings."""
    from insights import refresh
    from storage import open_database
    from storage.creators import find_creator

    captured: list[Any] = []
    # Whichever discovery the refresh of the checked tree calls (facts, or their arrays).
    name = next(n for n in ("discover_in_arrays", "discover_patterns") if hasattr(refresh, n))
    original = getattr(refresh, name)

    def capture(*args: Any, **kwargs: Any) -> Any:
        # The refresh may leave the claims' id sets out (it reads their masks): compared here.
        found = original(*args, **{**kwargs, **({"members": True} if "members" in kwargs else {})})
        captured.append(found)
        return found

    setattr(refresh, name, capture)
    with tempfile.TemporaryDirectory() as scratch:
        for seed, size, timezone in CREATORS:
            copy = Path(scratch) / _name(seed, size, timezone)
            shutil.copy(directory / _name(seed, size, timezone), copy)
            db = open_database(f"sqlite:///{copy}")
            with db.unit_of_work() as s:
                creator = find_creator(s, "check")
                assert creator is not None
                refresh.refresh_all(s, creator.id, NOW)
            db.dispose()
            rows = _rows(f"sqlite:///{copy}")
            found = finding_text(captured.pop())
            zone = "" if timezone == "UTC" else f" {timezone}"
            print(
                f"demo seed {seed} size {size}{zone}: rows {_digest(rows)} "
                f"findings {_digest(found)}"
            )
    print(f"grown truth scenario: findings {_digest(grown())}")


def grown() -> str:
    """The findings of the grown truth scenario (2,000 pieces, seed 5), in memory."""
    from bench.truth import grown_config, run_engine

    run = run_engine(grown_config(2_000), 5)
    return finding_text(run.claims, {f.content_id: f.number for f in run.facts})


def main() -> None:
    """``build DIR`` or ``dump DIR``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=["build", "dump"])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    (build if args.step == "build" else dump)(args.directory)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
