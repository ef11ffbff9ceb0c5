"""A whole file to validated records: decode, detect, settle the dates, read every row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from insights.importing import generic
from insights.importing.accounts import account_position, accounts_in, check_accounts
from insights.importing.build import BuildContext
from insights.importing.columns import ColumnMap, RowView
from insights.importing.dates import DateReader, settle_order
from insights.importing.decode import decode_text
from insights.importing.detect import AUTO, check_platform, choose_format
from insights.importing.limits import MAX_ROWS
from insights.importing.mapping import ACCOUNT, check_mapped, mapped_columns
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
    # Rows left out by a stated rule, and figures imported as unknown, each naming its row.
    skipped: tuple[RowProblem, ...] = ()
    flagged: tuple[RowProblem, ...] = ()
    # The account of each record (same order) when the file has an account column.
    accounts: tuple[str, ...] = field(default=(), compare=False)

    def for_account(self, account: str) -> list[PieceRecord]:
        """The records of one account."""
        return [r for r, a in zip(self.records, self.accounts, strict=True) if a == account]


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file beyond its bytes (the CLI's and chat's options)."""

    fmt: str = AUTO
    platform: str | None = None
    date_format: str | None = None
    strict: bool = False
    mapping: Mapping[str, str] | None = None
    account: str | None = None
    split: bool = False


def parse_import(
    data: bytes,
    *,
    timezone: str,
    now: datetime,
    fmt: str = AUTO,
    platform: str | None = None,
    date_format: str | None = None,
    progress: ProgressCallback | None = None,
    options: ImportOptions | None = None,
) -> ParsedImport:
    """Read and validate the whole file; ImportRejected (naming every bad cell) or InvalidInput."""
    opts = options or ImportOptions(fmt=fmt, platform=platform, date_format=date_format)
    platform = check_platform(opts.platform)
    tz_name = validate_timezone(timezone)
    table = read_table(decode_text(data))
    spec, columns = _layout(table, opts, platform)
    samples = list(_date_cells(table, columns.positions[spec.date_field]))
    total = len(samples)
    order = settle_order(samples, opts.date_format)
    if total == 0:
        raise InvalidInput("the file has a header but no rows to import")
    dates = DateReader(ZoneInfo(tz_name), order, opts.date_format)
    ctx = BuildContext(dates, now, platform, strict=opts.strict)
    mapped_account = (opts.mapping or {}).get(ACCOUNT)
    where = account_position(table, mapped_account)
    pairs = _read_rows(table, spec, columns, ctx, total, progress, where)
    ctx.tally["naive_times"] = ctx.dates.local_reads
    records, accounts = _chosen(pairs, table, where, opts)
    if not records:
        raise InvalidInput(_nothing_left(ctx))
    unreported = frozenset(m for m in ZERO_DEFAULT_COUNTS if m not in columns.positions)
    used = set(columns.positions.values()) | ({where} if where is not None else set())
    return ParsedImport(
        spec,
        records,
        ctx.tally,
        _unused(table, used),
        tz_name,
        unreported,
        tuple(ctx.skipped),
        tuple(ctx.flagged),
        accounts,
    )


def _layout(
    table: Table, opts: ImportOptions, platform: str | None
) -> tuple[ImportFormat, ColumnMap]:
    if not opts.mapping:
        return choose_format(table, opts.fmt, platform)
    columns = mapped_columns(table, opts.mapping)
    check_mapped(generic.FORMAT, columns, platform)
    return generic.FORMAT, columns


def _chosen(
    pairs: list[tuple[str, PieceRecord]], table: Table, where: int | None, opts: ImportOptions
) -> tuple[list[PieceRecord], tuple[str, ...]]:
    """The records to import, and their accounts, after the several-accounts rule."""
    if where is None:
        return [r for _, r in pairs], ()
    counts = accounts_in([a for a, _ in pairs])
    check_accounts(counts, table.columns[where], opts.account, opts.split)
    if opts.account is not None:
        pairs = [(a, r) for a, r in pairs if a == opts.account]
    return [r for _, r in pairs], tuple(a for a, _ in pairs)


def _nothing_left(ctx: BuildContext) -> str:
    if ctx.skipped:
        reasons = "; ".join(str(p) for p in ctx.skipped[:3])
        return f"the file has no rows to import: every row was skipped ({reasons})"
    return "the file has no rows to import (only a header and a Total row)"


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
    account_at: int | None,
) -> list[tuple[str, PieceRecord]]:
    log = ProblemLog()
    pairs: list[tuple[str, PieceRecord]] = []
    for done, row in enumerate(table.rows(), start=1):
        record = spec.build(RowView(row, columns, log), ctx) if _fits(row, table, log) else None
        if record is not None:
            pairs.append((_cell(row, account_at), record))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress("checking", done, total)
    if log.total:
        raise log.rejection()
    return pairs


def _cell(row: Row, position: int | None) -> str:
    if position is None or position >= len(row.cells):
        return ""
    return row.cells[position].strip()


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


def _unused(table: Table, used: set[int]) -> tuple[str, ...]:
    return tuple(c for i, c in enumerate(table.columns) if i not in used and c)
