"""Where an import's writes go, table by table: the driver's time per table and SQLite's log pages.

Used by ``bench.refresh_split --tables``. The driver's calls are timed by the table each statement
writes (its ``INSERT INTO``, ``UPDATE`` or ``DELETE FROM``; reads and the rest as "(other)"), and
the commit on its own. On SQLite the write-ahead log is then read frame by frame and each page
is named by the table or index that owns it (the ``dbstat`` table): a commit's cost is its pages,
so this says which rows made them.
"""

from __future__ import annotations

import re
import sqlite3
import struct
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from typing import Any

Figures = dict[str, list[float]]  # label -> [seconds, calls, rows]
_WRITTEN = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.IGNORECASE)
_STATEMENTS = ("do_execute", "do_execute_no_params", "do_executemany")
_WAL_HEADER, _FRAME_HEADER = 32, 24


def table_of(statement: str) -> str:
    """The table a statement writes, or "(other)"."""
    found = _WRITTEN.match(statement)
    return found.group(1) if found else "(other)"


@contextmanager
def timed_by_table(dialect: type, figures: Figures) -> Iterator[None]:
    """Time every statement the dialect sends (and the commit) into ``figures`` by table."""
    with ExitStack() as stack:
        for name in (*_STATEMENTS, "do_commit"):
            stack.enter_context(_patched(dialect, name, figures))
        yield


@contextmanager
def _patched(dialect: type, name: str, figures: Figures) -> Iterator[None]:
    original = getattr(dialect, name)

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            label = "(commit)" if name == "do_commit" else table_of(str(args[1]))
            rows = len(args[2]) if name == "do_executemany" else 1
            entry = figures.setdefault(label, [0.0, 0, 0])
            entry[0] += time.perf_counter() - start
            entry[1] += 1
            entry[2] += rows if name != "do_commit" else 0

    setattr(dialect, name, timed)
    try:
        yield
    finally:
        setattr(dialect, name, original)


def log_pages_by_table(path: str) -> Counter[str]:
    """The pages in the SQLite database's write-ahead log, counted by the table or index owning
    each (a page written twice counts once)."""
    with open(f"{path}-wal", "rb") as log:
        data = log.read()
    pages = set(_frames(data))
    with closing(sqlite3.connect(path)) as connection:
        owners = dict(connection.execute("SELECT pageno, name FROM dbstat").fetchall())
    return Counter(owners.get(page, "(free)") for page in pages)


def _frames(data: bytes) -> Iterator[int]:
    """The page numbers of the log's frames written since its last restart (the salts match)."""
    if len(data) < _WAL_HEADER:
        return
    page_size, salts = struct.unpack(">I", data[8:12])[0], data[16:24]
    offset = _WAL_HEADER
    while offset + _FRAME_HEADER + page_size <= len(data):
        if data[offset + 8 : offset + 16] != salts:
            return
        yield struct.unpack(">I", data[offset : offset + 4])[0]
        offset += _FRAME_HEADER + page_size


def table(runs: list[Figures], pages: list[Counter[str]]) -> str:
    """The least driver ms per table over the runs (largest first), and the log pages by owner."""
    labels = sorted({label for run in runs for label in run})
    least = {label: min(run.get(label, [0.0, 0, 0]) for run in runs) for label in labels}
    lines = ["| table | driver ms | calls | parameter sets |", "|---|---:|---:|---:|"]
    for label, (seconds, calls, rows) in sorted(least.items(), key=lambda item: -item[1][0]):
        lines.append(f"| {label} | {seconds * 1000:.2f} | {calls} | {rows:,} |")
    if pages and pages[0]:
        lines += ["", "| owner of the log's pages (first run) | pages |", "|---|---:|"]
        lines += [f"| {name} | {count:,} |" for name, count in pages[0].most_common()]
    return "\n".join(lines)
