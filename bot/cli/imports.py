"""`whatsworking import FILE`: bring a creator's exported analytics in (or print the template)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from bot.cli.common import CreatorOption, DbOption, JsonOption, err_console, open_app, print_json
from insights.importing import (
    FORMAT_KEYS,
    ImportRejected,
    ImportSummary,
    check_size,
    import_file,
    template_text,
)
from insights.importing.mapping import parse_pairs
from insights.importing.parse import ImportOptions
from storage.creators import resolve_creator
from storage.errors import InvalidInput

EXIT_BAD_INPUT = 2
# Files with fewer rows finish before a bar would be worth drawing.
LARGE_FILE_ROWS = 2000
MAX_PROBLEMS_PRINTED = 20
STAGE_LABELS = {"checking": "checking rows", "saving": "saving pieces"}


class ImportProgress:
    """A rich progress bar on stderr, one task per stage, shown only for large files."""

    def __init__(self, console: Console) -> None:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        self.progress = Progress(*columns, console=console, transient=True)
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Move the bar of ``stage`` to ``done`` of ``total`` rows."""
        if total < LARGE_FILE_ROWS:
            return
        if not self._tasks:
            self.progress.start()  # only now: a small file never draws (or prints) a bar
        if stage not in self._tasks:
            self._tasks[stage] = self.progress.add_task(STAGE_LABELS.get(stage, stage), total=total)
        self.progress.update(self._tasks[stage], completed=done)

    def stop(self) -> None:
        """Remove the bar, if one was drawn."""
        if self._tasks:
            self.progress.stop()


@contextmanager
def progress_bar() -> Iterator[ImportProgress]:
    """An ImportProgress that is always stopped."""
    bar = ImportProgress(err_console)
    try:
        yield bar
    finally:
        bar.stop()


def read_upload(path: Path) -> bytes:
    """The file's bytes, its size checked before it is read; InvalidInput when unreadable."""
    try:
        check_size(path.stat().st_size)
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"there is no file at {path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise InvalidInput(f"{path} cannot be read (permission denied)") from None


def import_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="The exported CSV or JSON file.", show_default=False),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=f"One of: {', '.join(FORMAT_KEYS)}.")
    ] = "auto",
    platform: Annotated[
        str | None,
        typer.Option(
            help="youtube, instagram or tiktok (for generic files without a platform).",
            show_default=False,
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="Timezone of times without an offset (default: the creator's).", show_default=False
        ),
    ] = None,
    date_format: Annotated[
        str | None,
        typer.Option(
            help="DMY, MDY, or a pattern like '%d/%m/%Y %H:%M', for ambiguous dates.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Refuse the file when a row is incomplete or doubtful, too."),
    ] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="FIELD=COLUMN: which column holds a field (e.g. views=vid_nview); repeatable.",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        str | None, typer.Option(help="Use the mapping saved under this name.", show_default=False)
    ] = None,
    save_mapping: Annotated[
        str | None,
        typer.Option(help="Keep this import's --map options under a name.", show_default=False),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(
            help="Import only this account of a file holding several.", show_default=False
        ),
    ] = None,
    split: Annotated[
        bool,
        typer.Option("--split", help="Import each account of the file into its own creator."),
    ] = False,
    template: Annotated[
        bool, typer.Option("--template", help="Print the generic CSV header and an example row.")
    ] = False,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Import analytics exported from YouTube, Instagram or TikTok, or the generic CSV."""
    if template:
        typer.echo(template_text(), nl=False)
        return
    if file is None:
        raise InvalidInput("name the file to import, or use --template to see the generic CSV")
    data = read_upload(file)
    read = ImportOptions(
        fmt=fmt,
        platform=platform,
        date_format=date_format,
        strict=strict,
        mapping=parse_pairs(map_ or []) or None,
        account=account,
        split=split,
    )
    options = {
        "options": read,
        "timezone": timezone,
        "dry_run": dry_run,
        "mapping_name": mapping,
        "save_mapping_as": save_mapping,
    }
    try:
        summary = _run(data, file.name, creator, db, options)
    except ImportRejected as exc:
        _print_problems(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if json_:
        print_json(summary)
        return
    for line in summary.lines():
        typer.echo(line)


def _run(
    data: bytes, filename: str, creator: str | None, db: str | None, options: dict[str, Any]
) -> ImportSummary:
    with open_app(db) as wired, wired.db.unit_of_work() as session, progress_bar() as bar:
        split = options["options"].split and creator is None
        owner = None if split else resolve_creator(session, creator).id
        return import_file(
            session, owner, data, filename, now=wired.clock.now(), progress=bar, **options
        )


def _print_problems(exc: ImportRejected) -> None:
    typer.echo(f"error: {exc.headline}", err=True)
    for problem in exc.problems[:MAX_PROBLEMS_PRINTED]:
        typer.echo(f"  {problem}", err=True)
    more = exc.total - min(len(exc.problems), MAX_PROBLEMS_PRINTED)
    if more > 0:
        typer.echo(f"  … and {more:,} more", err=True)
