"""The CLI on real layouts: --map, saved mappings, --strict, --account and --split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import real_layouts as files
from tests.support.cli import run

# The CLI runs on the system clock; these files are dated around the fixtures' instant, so the
# CLI reads the test's clock (app_clock) rather than the pinned wall clock.
pytestmark = pytest.mark.usefixtures("app_clock")

UNKNOWN = files.crlf(
    "clip,words,when,plays,hearts\n"
    "c1,Packing hack,2024-04-02 17:30:00,1.6M,213.1K\n"
    "c2,Day in Lisbon,2024-04-05 09:15:00,88.4K,6.1K\n"
)
MAP = ["--map", "platform_id=clip", "--map", "title=words", "--map", "published_at=when"]
MAP += ["--map", "views=plays", "--map", "likes=hearts", "--platform", "tiktok"]


@pytest.fixture
def url(capsys: pytest.CaptureFixture[str], database_url: str) -> str:
    run(capsys, "creators", "add", "mia", "--db", database_url)
    return database_url


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_an_unknown_layout_is_refused_with_a_proposed_mapping(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "import", write(tmp_path, "x.csv", UNKNOWN), "--db", url)
    assert code == 2
    assert "--map FIELD=COLUMN" in err and "--map views='plays'" in err


def test_map_imports_any_table_and_a_saved_mapping_is_reused(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.csv", UNKNOWN)
    args = ["import", path, *MAP, "--save-mapping", "scraper", "--db", url, "--json"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert json.loads(out)["created"] == 2
    code, out, _ = run(
        capsys,
        "import",
        path,
        "--mapping",
        "scraper",
        "--platform",
        "tiktok",
        "--db",
        url,
        "--json",
    )
    assert code == 0 and json.loads(out)["unchanged"] == 2
    code, _, err = run(capsys, "import", path, "--mapping", "nope", "--db", url)
    assert code != 0 and "saved: scraper" in err


def test_a_map_naming_a_missing_column_says_which_columns_exist(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.csv", UNKNOWN)
    code, _, err = run(capsys, "import", path, "--map", "views=vid_nview", "--db", url)
    assert code == 2 and "no column 'vid_nview'" in err and "'plays'" in err


def test_strict_refuses_what_a_normal_import_skips(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "Table data.csv", files.STUDIO)
    code, _, err = run(capsys, "import", path, "--strict", "--db", url)
    assert code == 2 and "line 5" in err and "no publish date" in err
    code, out, _ = run(capsys, "import", path, "--db", url)
    assert code == 0 and "Skipped 1 row without a publish date" in out


def test_split_makes_one_creator_per_account(
    capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "agency.csv", files.several_accounts({"Mia Cooks": 3, "Leo": 2}))
    code, _, err = run(capsys, "import", path, "--db", url)
    assert code == 2 and "Mia Cooks (3 rows), Leo (2 rows)" in err
    code, out, err = run(capsys, "import", path, "--split", "--db", url)
    assert code == 0, err
    assert "Mia Cooks → @mia-cooks: 3 rows, 3 new" in out and "Leo → @leo: 2 rows, 2 new" in out
    _, out, _ = run(capsys, "creators", "list", "--db", url, "--json")
    assert {c["handle"] for c in json.loads(out)} == {"mia", "mia-cooks", "leo"}
    code, out, _ = run(capsys, "import", path, "--split", "--db", url)
    assert "Leo → @leo: 2 rows, 0 new, 0 updated, 2 unchanged" in out
    args = ["import", path, "--account", "Leo", "--creator", "mia", "--db", url, "--json"]
    code, out, _ = run(capsys, *args)
    assert code == 0 and json.loads(out)["created"] == 2  # into mia, the chosen creator
