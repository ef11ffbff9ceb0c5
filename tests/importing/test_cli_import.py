"""`whatsworking import`: the template, imports, dry runs, and bad input (exit 2, no writes)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from bot.cli import main
from bot.cli.imports import ImportProgress
from insights.importing.generic import COLUMNS

from .helpers import FIXTURES

# The CLI runs on the system clock; these files are dated around the fixtures' instant, so the
# CLI reads the test's clock (app_clock) rather than the pinned wall clock.
pytestmark = pytest.mark.usefixtures("app_clock")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(capsys: pytest.CaptureFixture[str], database_url: str) -> str:
    """A database with one creator, mia, in Berlin."""
    run(capsys, "creators", "add", "mia", "--timezone", "Europe/Berlin", "--db", database_url)
    return database_url


def test_template_prints_the_header_and_one_example_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "import", "--template")
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [c.name for c in COLUMNS]
    assert len(rows) == 2 and rows[1][1] == "dQw4w9WgXcQ"


def test_import_then_reimport(capsys: pytest.CaptureFixture[str], url: str) -> None:
    path = str(FIXTURES / "youtube_studio_content.csv")
    code, out, err = run(capsys, "import", path, "--db", url)
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Imported 4 rows from youtube_studio_content.csv (YouTube Studio export, youtube): "
        "4 new, 0 updated, 0 unchanged."
    )
    assert "Skipped the Total row." in out
    code, out, _ = run(capsys, "import", path, "--db", url, "--json")
    summary = json.loads(out)
    assert (summary["created"], summary["unchanged"], summary["format"]) == (
        0,
        4,
        "youtube-studio",
    )


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], url: str) -> None:
    path = str(FIXTURES / "tiktok_export.csv")
    code, out, _ = run(capsys, "import", path, "--dry-run", "--db", url, "--creator", "mia")
    assert code == 0 and out.startswith("Dry run, nothing saved — would import 3 rows")
    _, out, _ = run(capsys, "import", path, "--db", url, "--json")
    assert json.loads(out)["created"] == 3


def test_bad_rows_exit_2_listing_every_problem(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, out, err = run(capsys, "import", str(FIXTURES / "bad_rows.csv"), "--db", sqlite_url)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "error: nothing was imported: 3 rows have problems"
    assert lines[1] == "  line 3, column 'views': '-5' is negative; this value cannot be below zero"
    assert len(lines) == 4
    _, out, _ = run(capsys, "import", str(FIXTURES / "generic.csv"), "--db", sqlite_url, "--json")
    assert json.loads(out)["created"] == 3  # nothing from the rejected file was kept


def test_ambiguous_dates_need_date_format(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    path = str(FIXTURES / "ambiguous_dates.csv")
    code, _, err = run(capsys, "import", path, "--db", sqlite_url)
    assert code == 2 and "--date-format" in err and "'03/05/2024'" in err
    code, out, _ = run(capsys, "import", path, "--date-format", "DMY", "--db", sqlite_url)
    assert code == 0 and "3 new" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import",), "name the file to import"),
        (("import", "/nonexistent/Table data.csv"), "there is no file at"),
        (("import", str(FIXTURES)), "is a folder"),
        (("import", str(FIXTURES / "generic.csv"), "--format", "excel"), "unknown format"),
        (("import", str(FIXTURES / "generic.csv"), "--timezone", "Mars/Base"), "unknown timezone"),
    ],
)
def test_bad_requests_are_one_line(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: tuple[str, ...], message: str
) -> None:
    run(capsys, "creators", "add", "mia", "--db", sqlite_url)
    code, _, err = run(capsys, *args, "--db", sqlite_url)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1


def test_a_200_mb_file_is_refused_before_it_is_read(
    capsys: pytest.CaptureFixture[str],
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(20_000_000)  # sparse: no disk space used

    def never(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    code, _, err = run(capsys, "import", str(huge), "--db", sqlite_url)
    assert code == 2 and "too large to import (20 MB; the limit is 20 MB)" in err


def test_help_lists_import(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0
    for option in ("--format", "--platform", "--timezone", "--date-format", "--dry-run"):
        assert option in out
    assert "--template" in out


def test_the_progress_bar_appears_only_for_large_files() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    small = ImportProgress(console)
    small("checking", 3, 3)
    small.stop()
    assert screen.getvalue() == ""
    large = ImportProgress(console)
    for done in range(500, 5001, 500):
        large("checking", done, 5000)
    large("saving", 5000, 5000)
    large.stop()
    drawn = screen.getvalue()
    assert "checking rows" in drawn and "saving pieces" in drawn and "5000/5000" in drawn
