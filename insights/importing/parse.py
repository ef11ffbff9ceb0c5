"""A whole file to validated records: decode, detect, settle the dates, read every row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from insights.importing.build import BuildContext
from insights.importing.columns import ColumnMap, RowView
from insights.importing.dates import DateReader, settle_order
from insights.importing.decode import decode_text
from insights.importing.detect import AUTO, check_platform, choose_format
from insights.importing.limits import MAX_ROWS
from insights.importing.merge import ZERO_DEFAULT_COUNTS
from insights.importing.problems import ProblemLog, RowProblem
from insights.importing.spec import ImportFormat
from insights.importing.table import Row, Table, read_table
from insights.records import PieceRecord
from storage.creators import validate_timezone
from storage.errors import InvalidInput

# (stage, done, total): stage is "checking" while rows are read, "saving" while they are written.
ProgressCallback = Callable[[str, int, int], None]
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ParsedImport:
    """Every row of a file read and checked, ready for the ingestion pipeline."""

    format: ImportFormat
    records: list[PieceRecord]
    tally: Counter[str]
    unused_columns: tuple[str, ...]
    timezone: str
    # Zero-default counts (likes, …) the file has no column for: a re-import keeps stored ones.
    unreported: frozenset[str]


def parse_import(
    data: bytes,
    *,
    timezone: str,
    now: datetime,
    fmt: str = AUTO,
    platform: str | None = None,
    date_format: str | None = None,
    progress: ProgressCallback | None = None,
) -> ParsedImport:
    """Read and validate the whole file; ImportRejected (naming every bad cell) or InvalidInput."""
    platform = check_platform(platform)
    tz_name = validate_timezone(timezone)
    table = read_table(decode_text(data))
    spec, columns = choose_format(table, fmt, platform)
    samples = list(_date_cells(table, columns.positions[spec.date_field]))
    total = len(samples)
    order = settle_order(samples, date_format)
    if total == 0:
        raise InvalidInput("the file has a header but no rows to import")
    ctx = BuildContext(DateReader(ZoneInfo(tz_name), order, date_format), now, platform)
    records = _read_rows(table, spec, columns, ctx, total, progress)
    ctx.tally["naive_times"] = ctx.dates.local_reads
    if not records:
        raise InvalidInput("the file has no rows to import (only a header and a Total row)")
    unreported = frozenset(m for m in ZERO_DEFAULT_COUNTS if m not in columns.positions)
    return ParsedImport(spec, records, ctx.tally, _unused(table, columns), tz_name, unreported)


def _date_cells(table: Table, position: int) -> Iterator[tuple[str, str]]:
    for number, row in enumerate(table.rows(), start=1):
        if number > MAX_ROWS:  # the first pass stops here, before any row is read in full
            raise InvalidInput(
                f"{row.where}: the file has more than {MAX_ROWS:,} rows; import it in parts "
                "(export shorter date ranges)"
            )
        yield row.where, row.cells[position] if position < len(row.cells) else ""


def _read_rows(
    table: Table,
    spec: ImportFormat,
    columns: ColumnMap,
    ctx: BuildContext,
    total: int,
    progress: ProgressCallback | None,
) -> list[PieceRecord]:
    log = ProblemLog()
    records: list[PieceRecord] = []
    for done, row in enumerate(table.rows(), start=1):
        record = spec.build(RowView(row, columns, log), ctx) if _fits(row, table, log) else None
        if record is not None:
            records.append(record)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress("checking", done, total)
    if log.total:
        raise log.rejection()
    return records


def _fits(row: Row, table: Table, log: ProblemLog) -> bool:
    """Whether the row has no more cells than the header; a shifted row is not read further."""
    extra = row.cells[len(table.columns) :]
    if not any(cell.strip() for cell in extra):
        return True
    log.add(
        RowProblem(
            row.where,
            f"has {len(row.cells)} cells but the header names {len(table.columns)} "
            "columns (is a value with a comma missing its quotes?)",
        )
    )
    return False


def _unused(table: Table, columns: ColumnMap) -> tuple[str, ...]:
    used = set(columns.positions.values())
    return tuple(c for i, c in enumerate(table.columns) if i not in used and c)
