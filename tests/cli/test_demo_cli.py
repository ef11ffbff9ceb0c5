"""`whatsworking demo`: a repeatable seeded run, demo-only removal, bad input writes nothing."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage import open_database
from storage.clock import FixedClock
from storage.models import ContentPiece
from tests.support.cli import run
from tests.support.fakes.openai_server import FakeOpenAIServer, say

NOW = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)


def piece_count(capsys: pytest.CaptureFixture[str], url: str) -> list[tuple[str, bool]]:
    code, out, _ = run(capsys, "creators", "list", "--json", "--db", url)
    assert code == 0
    return [(c["handle"], c["demo_mode"]) for c in json.loads(out)]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's clock stands still, so a repeated run sees the same 'now'."""
    monkeypatch.setattr("bot.bootstrap.SystemClock", lambda: FixedClock(NOW))


def test_enable_prints_a_seed_that_repeats_the_run(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    code, out, err = run(capsys, "demo", "enable", "--niche", "cooking", "--db", database_url)
    assert code == 0, err
    seed = re.search(r"--seed (\d+)", out)
    count = re.search(r"(\d+) pieces \((\d+) new", out)
    assert seed and count and 30 <= int(count.group(1)) <= 50
    assert count.group(1) == count.group(2)
    again = ["--niche", "cooking", "--seed", seed.group(1), "--json", "--db", database_url]
    code, out, _ = run(capsys, "demo", "enable", *again)
    assert code == 0
    result = json.loads(out)
    assert (result["created"], result["updated"]) == (0, 0)
    assert result["unchanged"] == int(count.group(1))
    assert piece_count(capsys, database_url) == [("demo", True)]


def test_enable_json_and_disable(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, _ = run(
        capsys,
        "demo",
        "enable",
        "--pieces",
        "12",
        "--seed",
        "3",
        "--profile",
        "small",
        "--creator",
        "mia",
        "--timezone",
        "Asia/Tokyo",
        "--json",
        "--db",
        sqlite_url,
    )
    assert code == 0
    result = json.loads(out)
    assert (result["handle"], result["pieces"], result["created"], result["seed"]) == (
        "mia",
        12,
        12,
        3,
    )
    assert result["profile"] == "small"
    code, out, _ = run(capsys, "demo", "disable", "--db", sqlite_url)
    assert code == 0 and "Removed 12 demo pieces from mia" in out
    assert piece_count(capsys, sqlite_url) == [("mia", False)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--niche", "knitting"], "unknown niche 'knitting' (use tech_reviews, fitness"),
        (["--profile", "huge"], "unknown profile 'huge' (use auto, small, mid, large)"),
        (["--pieces", "-5"], "--pieces must be between 0 and 10,000,000, not -5"),
        (["--pieces", "20000000"], "--pieces must be between 0 and 10,000,000, not 20,000,000"),
        (["--pieces", "many"], "--pieces must be a whole number, not 'many'"),
        (["--seed", "abc"], "--seed must be a whole number, not 'abc'"),
        (["--seed", "1.5"], "--seed must be a whole number, not '1.5'"),
        (["--seed", "-2"], "--seed must be between 0 and"),
        (["--timezone", "Mars/Base"], "unknown timezone 'Mars/Base'"),
        (["--creator", "!bad!"], "invalid handle '!bad!'"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "demo", "enable", *args, "--db", sqlite_url)
    assert code == 2
    assert err.strip() == f"error: {message}" or message in err
    assert len(err.strip().splitlines()) == 1
    assert piece_count(capsys, sqlite_url) == []


def test_disable_without_creators_exits_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, _, err = run(capsys, "demo", "disable", "--db", sqlite_url)
    assert code == 2 and "there is no creator yet" in err


def test_llm_titles_come_from_the_configured_endpoint(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = [f"Kitchen story {n}" for n in range(5)]
    with FakeOpenAIServer() as server:
        server.add(say(json.dumps(titles)))
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        args = ["--pieces", "5", "--seed", "1", "--niche", "cooking", "--llm-titles"]
        code, _, err = run(capsys, "demo", "enable", *args, "--db", sqlite_url)
    assert code == 0, err
    database = open_database(sqlite_url)
    with database.read() as session:
        stored = sorted(session.scalars(select(ContentPiece.title)))
    database.dispose()
    assert stored == titles


def test_llm_titles_need_a_configured_llm(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code, _, err = run(capsys, "demo", "enable", "--llm-titles", "--db", sqlite_url)
    assert code == 2 and "--llm-titles needs OPENAI_API_KEY or OPENAI_BASE_URL" in err
    code, _, err = run(capsys, "demo", "enable", "--llm-titles", "--pieces", "501")
    assert code == 2 and "at most 500 titles" in err
    assert piece_count(capsys, sqlite_url) == []


def test_large_runs_stream_with_a_progress_bar(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.cli.demo.STREAM_BATCH", 10)
    code, out, err = run(
        capsys, "demo", "enable", "--pieces", "25", "--seed", "4", "--db", sqlite_url
    )
    assert code == 0, err
    assert "25/25" in out and "rescoring and refreshing insights" in out
    assert "25 pieces (25 new" in out
