"""Memory and time of the worst files the import accepts and refuses, each in a fresh process.

Run: .venv/bin/python -m bench.hostile [--rows 100000]
Prints a Markdown table for docs/PERFORMANCE.md ("Hostile input"): per file its size, outcome,
parse seconds and the child's peak resident memory (interpreter and imports included, ~120 MiB).
"""

from __future__ import annotations

import argparse

from tests.hostile import files
from tests.hostile.peak_child import parse_in_child


def main() -> None:
    """Measure every file and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    cases = {
        f"largest accepted: {rows:,} generic rows": files.many_rows(rows),
        "10,000-character descriptions, 900 rows": files.generic_csv(
            *(files.row(pid=f"p{n}", description="d" * 10_000) for n in range(900))
        ),
        "a megabyte tags literal": files.tags_literal_bomb(),
        "a million-column JSON item": files.million_column_json(),
        "a new JSON key on every item (30,000 items)": files.distinct_keys_json(),
        "a JSON document 200,000 deep": files.deep_json(),
    }
    print("| file | MB | outcome | seconds | peak MiB |")
    print("|---|---|---|---|---|")
    for name, data in cases.items():
        r = parse_in_child(data)
        size = f"{len(data) / 1e6:.1f}"
        print(f"| {name} | {size} | {r['outcome']} | {r['seconds']} | {r['peak_mib']} |")


if __name__ == "__main__":
    main()
