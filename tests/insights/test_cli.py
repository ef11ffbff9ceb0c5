"""The insights commands: JSON for machines, tables for people, exit 2 for bad input."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from simulator import enable_demo
from storage import open_database
from storage.clock import FixedClock
from storage.creators import create_creator
from tests.support.builders import NOW, Spec, add_pieces, make_creator

SEED_SUMMARY_KEYS = {
    "total_content",
    "overperforming_count",
    "normal_count",
    "underperforming_count",
    "avg_engagement_rate",
    "total_views",
    "total_reach",
    "engagement_trend",
}
SEED_PERFORMANCE_KEYS = {
    "performance_score",
    "percentile_rank",
    "performance_category",
    "views",
    "engagement_rate",
    "retention_rate",
}


@pytest.fixture(autouse=True)
def on_the_demos_date(app_clock: FixedClock) -> None:
    """The commands read the demo data on the day it was made, not on today's calendar."""
    app_clock.set(NOW)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and return (exit code, stdout, stderr)."""
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _demo(url: str, pieces: int = 80) -> None:
    db = open_database(url)
    with db.unit_of_work() as s:
        enable_demo(
            s,
            handle="mia",
            niche="fitness",
            profile="mid",
            pieces=pieces,
            seed=5,
            now=NOW,
            timezone="America/New_York",
        )
    db.dispose()


def test_dashboard_json_has_the_seeds_keys(
    capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    _demo(database_url)
    code, out, _ = run(capsys, "dashboard", "--period", "all", "--json", "--db", database_url)
    assert code == 0
    board = json.loads(out)
    assert board["summary"].keys() >= SEED_SUMMARY_KEYS
    assert {
        "summary",
        "top_performers",
        "needs_attention",
        "themes",
        "platform_comparison",
        "insights",
    } <= board.keys()
    top = board["top_performers"][0]
    assert {"id", "number", "title", "platform", "performance", "insights"} <= top.keys()
    assert top["performance"].keys() >= SEED_PERFORMANCE_KEYS
    assert {"title", "description", "impact_level", "is_positive"} <= top["insights"][0].keys()
    assert top["published_at"].endswith(("-04:00", "-05:00"))


def test_content_list_show_themes_insights_and_rescore(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _demo(sqlite_url)
    code, out, _ = run(capsys, "content", "list", "--page-size", "7", "--json", "--db", sqlite_url)
    page = json.loads(out)
    assert code == 0 and (page["page"], page["page_size"], page["total"], page["pages"]) == (
        1,
        7,
        80,
        12,
    )
    number = page["items"][0]["number"]
    code, out, _ = run(capsys, "content", "show", f"#{number}", "--json", "--db", sqlite_url)
    detail = json.loads(out)
    assert code == 0 and detail["number"] == number and detail["comparison"]["group_size"] >= 5
    assert {"success_factors", "failure_factors", "metrics"} <= detail.keys()
    code, out, _ = run(capsys, "content", "show", str(number), "--db", sqlite_url)
    assert code == 0 and f"#{number}" in out and "Against your typical" in out
    code, out, _ = run(capsys, "themes", "--json", "--db", sqlite_url)
    assert code == 0 and len(json.loads(out)) == 4
    code, out, _ = run(capsys, "insights", "--json", "--db", sqlite_url)
    assert code == 0 and json.loads(out)["posting_windows"]["timezone"] == "America/New_York"
    code, out, _ = run(capsys, "insights", "--db", sqlite_url)
    assert code == 0 and "Posting windows (times in America/New_York)" in out
    code, out, _ = run(capsys, "rescore", "--db", sqlite_url)
    assert code == 0 and out.startswith("Rescored 80 pieces")
    # Nothing changed since the import's refresh (the console may wrap the line).
    assert "(0 insight rows rewritten)" in " ".join(out.split())
    code, full, _ = run(capsys, "rescore", "--full", "--db", sqlite_url)
    assert code == 0 and full.startswith("Rescored 80 pieces") and "rewritten" not in full
    code, out, _ = run(capsys, "dashboard", "--db", sqlite_url)
    assert code == 0 and "Dashboard" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("dashboard", "--period", "14d"), "unknown period '14d'"),
        (("dashboard", "--platform", "myspace"), "unknown platform 'myspace'"),
        (("content", "list", "--page", "9"), "page 9 is past the end"),
        (("content", "list", "--sort", "likes"), "unknown sort 'likes'"),
        (("content", "show", "4"), "there is no piece #4"),
        (("content", "show", "four"), "piece ids are whole numbers"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, argv: tuple[str, ...], message: str
) -> None:
    db = open_database(sqlite_url)
    with db.unit_of_work() as s:
        add_pieces(s, make_creator(s, "mia"), [Spec() for _ in range(3)])
        add_pieces(s, create_creator(s, "bo", now=NOW), [Spec() for _ in range(5)])
    db.dispose()
    code, _, err = run(capsys, *argv, "--creator", "mia", "--db", sqlite_url)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [("dashboard",), ("content", "list"), ("themes",), ("insights",)])
def test_no_content_yet_is_friendly(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, argv: tuple[str, ...]
) -> None:
    db = open_database(sqlite_url)
    with db.unit_of_work() as s:
        make_creator(s, "mia")
    db.dispose()
    code, out, err = run(capsys, *argv, "--db", sqlite_url)
    text = " ".join(out.split())
    assert code == 0 and err == ""
    assert "Nothing to score yet" in text and "whatsworking demo enable" in text
