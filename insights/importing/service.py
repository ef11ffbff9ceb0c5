"""The one import service the CLI and the chat front-ends call: bytes in, a summary out."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from insights.importing.detect import AUTO
from insights.importing.merge import keep_known
from insights.importing.parse import ImportOptions, ParsedImport, ProgressCallback, parse_import
from insights.importing.saved import load_mapping, save_mapping
from insights.importing.split import creator_for_account
from insights.importing.summary import ImportSummary, notes_for
from insights.ingest import IngestResult, ingest_records
from insights.metrics import SHORT_FORM, format_class
from insights.records import PieceRecord
from storage.creators import get_creator
from storage.errors import InvalidInput

logger = logging.getLogger(__name__)
# Records per pipeline call: the progress bar moves between calls; one transaction holds them all.
SAVE_BATCH = 5000


def import_file(
    session: Session,
    creator_id: uuid.UUID | None,
    data: bytes,
    filename: str,
    *,
    now: datetime,
    options: ImportOptions | None = None,
    fmt: str = AUTO,
    platform: str | None = None,
    date_format: str | None = None,
    timezone: str | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    mapping_name: str | None = None,
    save_mapping_as: str | None = None,
) -> ImportSummary:
    """Import one exported file for one creator, inside the caller's transaction.

    The whole file is read and checked first; a malformed value raises ImportRejected (an
    InvalidInput listing line, column and value) before anything is written. Real but incomplete
    rows are skipped or imported with the doubtful figure unknown, and listed in the summary
    (``options.strict`` refuses them instead). Then every row goes through the ingestion
    pipeline, which rescores the creator. A dry run does the same inside a savepoint that is
    rolled back. ``timezone`` (default: the creator's) is how times without an offset are read.
    ``options.split`` imports each account of the file into its own creator (made when missing);
    only then may ``creator_id`` be None (times without an offset are then read in UTC unless
    ``timezone`` says otherwise).
    """
    opts = options or ImportOptions(fmt=fmt, platform=platform, date_format=date_format)
    if creator_id is None and not opts.split:
        raise InvalidInput("choose the creator to import into (only --split imports without one)")
    if mapping_name is not None:
        saved = load_mapping(session, creator_id, mapping_name) if creator_id else {}
        opts = replace(opts, mapping={**saved, **(opts.mapping or {})})
    tz_name = timezone or (get_creator(session, creator_id).timezone if creator_id else "UTC")
    parsed = parse_import(data, timezone=tz_name, now=now, progress=progress, options=opts)
    if save_mapping_as is not None and not opts.mapping:
        raise InvalidInput("--save-mapping keeps --map options: name the columns with --map")
    if save_mapping_as is not None and opts.mapping and creator_id and not dry_run:
        save_mapping(session, creator_id, save_mapping_as, opts.mapping, now)
    if opts.split and parsed.accounts:
        return _import_split(session, parsed, filename, now, dry_run, progress)
    if creator_id is None:
        raise InvalidInput("--split needs an account or channel column, and this file has none")
    return _import_records(
        session, creator_id, parsed, parsed.records, filename, now, dry_run, progress
    )


def _import_split(
    session: Session,
    parsed: ParsedImport,
    filename: str,
    now: datetime,
    dry_run: bool,
    progress: ProgressCallback | None,
) -> ImportSummary:
    parts: list[ImportSummary] = []
    for account in sorted(set(parsed.accounts)):
        owner = creator_for_account(session, account, parsed.timezone, now)
        records = parsed.for_account(account)
        part = _import_records(session, owner.id, parsed, records, filename, now, dry_run, progress)
        parts.append(replace(part, account=f"{account} → @{owner.handle}"))
    first = parts[0]
    return replace(
        first,
        rows=sum(p.rows for p in parts),
        created=sum(p.created for p in parts),
        updated=sum(p.updated for p in parts),
        unchanged=sum(p.unchanged for p in parts),
        short_form=sum(p.short_form for p in parts),
        time_unknown=sum(p.time_unknown for p in parts),
        no_duration=sum(p.no_duration for p in parts),
        account=None,
        per_account=tuple(p.account_line() for p in parts),
    )


def _import_records(
    session: Session,
    creator_id: uuid.UUID,
    parsed: ParsedImport,
    records: Sequence[PieceRecord],
    filename: str,
    now: datetime,
    dry_run: bool,
    progress: ProgressCallback | None,
) -> ImportSummary:
    records = keep_known(
        session,
        creator_id,
        records,
        unreported=parsed.unreported,
        tz=ZoneInfo(parsed.timezone),
    )
    source = f"import:{parsed.format.key}"
    if dry_run:
        with session.begin_nested() as savepoint:
            result = _save(session, creator_id, records, source, now, None, refresh=False)
            savepoint.rollback()
    else:
        result = _save(session, creator_id, records, source, now, progress, refresh=True)
    summary = _summary(parsed, records, result, filename, dry_run)
    # Counts only: titles, ids and figures from a creator's file are personal data.
    logger.info(
        "import %s: %d rows, %d created, %d updated, %d unchanged, %d skipped, %d flagged%s",
        parsed.format.key,
        summary.rows,
        result.created,
        result.updated,
        result.unchanged,
        len(parsed.skipped),
        len(parsed.flagged),
        " (dry run)" if dry_run else "",
    )
    return summary


def _save(
    session: Session,
    creator_id: uuid.UUID,
    records: Sequence[PieceRecord],
    source: str,
    now: datetime,
    progress: ProgressCallback | None,
    *,
    refresh: bool,
) -> IngestResult:
    created = updated = unchanged = 0
    for start in range(0, len(records), SAVE_BATCH):
        batch = records[start : start + SAVE_BATCH]
        last = start + SAVE_BATCH >= len(records)
        result = ingest_records(
            session,
            creator_id,
            batch,
            now=now,
            source=source,
            refresh=refresh and last,
            first_position=start + 1,
        )
        created += result.created
        updated += result.updated
        unchanged += result.unchanged
        if progress is not None:
            progress("saving", start + len(batch), len(records))
    return IngestResult(created=created, updated=updated, unchanged=unchanged)


def _is_short(record: PieceRecord) -> bool:
    return format_class(record.content_type, record.duration_seconds) == SHORT_FORM


def _summary(
    parsed: ParsedImport,
    records: Sequence[PieceRecord],
    result: IngestResult,
    filename: str,
    dry_run: bool,
) -> ImportSummary:
    tally = parsed.tally
    return ImportSummary(
        filename=filename,
        format=parsed.format.key,
        format_label=parsed.format.label,
        platforms=tuple(sorted({r.platform for r in records})),
        rows=len(records),
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        skipped_total_rows=tally["total_rows"],
        short_form=sum(_is_short(r) for r in records),
        time_unknown=sum(not r.publish_time_known for r in records),
        no_duration=sum(r.duration_seconds is None and r.content_type == "video" for r in records),
        timezone=parsed.timezone,
        dry_run=dry_run,
        notes=tuple(notes_for(tally, parsed.unused_columns, parsed.timezone)),
        skipped=parsed.skipped,
        flagged=parsed.flagged,
    )
