"""`whatsworking plans …`: every command, --json output, and one-line errors with exit code 2."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

import bot.cli.plans as plans_cli
from bot.bootstrap import App, bootstrap
from bot.cli import main
from bot.settings import load_settings
from plans import ItemEdit, ItemSpec, create_plan, edit_item, get_plan, list_plans
from storage import open_database
from storage.clock import FixedClock
from storage.creators import find_creator
from tests.plans.helpers import NOW, add_piece, new_creator, seed


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads the time from the app's clock; tests freeze it at NOW."""

    @contextmanager
    def open_app(db_url: str | None) -> Iterator[App]:
        app = bootstrap(load_settings(), database_url=db_url, clock=FixedClock(NOW))
        try:
            yield app
        finally:
            app.close()

    monkeypatch.setattr(plans_cli, "open_app", open_app)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def url(database_url: str) -> str:
    database = open_database(database_url)
    new_creator(database, "mia")
    database.dispose()
    return database_url


def test_create_show_list_update_delete(capsys: pytest.CaptureFixture[str], url: str) -> None:
    created = run_json(
        capsys,
        "plans",
        "create",
        "--name",
        "More tutorials",
        "--goal",
        "Grow",
        "--item",
        "Script|2026-11-26|2h",
        "--item",
        "Film|2026-11-27T14:00|90m",
        "--item",
        "Edit",
        "--db",
        url,
    )
    assert created["number"] == 1
    assert [i["ref"] for i in created["items"]] == ["1.1", "1.2", "1.3"]
    assert created["items"][1]["due_date"] == "2026-11-27T14:00:00+01:00"
    assert created["items"][0]["urgency"] == "due_soon"
    code, out, _ = run(capsys, "plans", "show", "1", "--db", url)
    assert code == 0 and "Plan 1: More tutorials" in out and "Fri 27 Nov 2026 14:00" in out
    # What the creator typed is printed as typed, never read as terminal markup.
    run(capsys, "plans", "update", "1", "--notes", "[bold]v2[/bold]", "--db", url)
    assert "Notes: [bold]v2[/bold]" in run(capsys, "plans", "show", "1", "--db", url)[1]
    listed = run_json(capsys, "plans", "list", "--db", url)
    assert [(p["number"], p["next_due_ref"]) for p in listed] == [(1, "1.1")]
    updated = run_json(capsys, "plans", "update", "1", "--status", "archived", "--db", url)
    assert updated["status"] == "archived"
    assert run_json(capsys, "plans", "list", "--db", url) == []
    assert len(run_json(capsys, "plans", "list", "--status", "all", "--db", url)) == 1
    code, out, _ = run(capsys, "plans", "delete", "1", "--db", url)
    assert code == 0 and "Deleted plan 1 (More tutorials) and its 3 items." in out
    assert run_json(capsys, "plans", "list", "--status", "all", "--db", url) == []


def test_items_done_undo_add_remove_link(capsys: pytest.CaptureFixture[str], url: str) -> None:
    run(
        capsys,
        "plans",
        "create",
        "--name",
        "P",
        "--goal",
        "G",
        "--item",
        "a",
        "--item",
        "b",
        "--db",
        url,
    )
    code, out, _ = run(capsys, "plans", "done", "1.1", "--db", url)
    assert code == 0 and out.strip() == "Done: 1.1 a. Plan 1: 1/2 done (50 %)."
    code, out, _ = run(capsys, "plans", "done", "1.1", "--db", url)
    assert code == 0 and "already done" in out and "Nothing changed." in out
    change = run_json(capsys, "plans", "done", "1.2", "--db", url)
    assert change["plan"]["ready_to_complete"] and change["changed"]
    code, out, _ = run(capsys, "plans", "show", "1", "--db", url)
    assert "Mark the plan complete?" in out and "--status completed" in out
    assert (
        run_json(capsys, "plans", "undo", "1.2", "--db", url)["plan"]["progress_percentage"] == 50
    )
    added = run_json(capsys, "plans", "add", "1", "c|tomorrow|1h", "--position", "1", "--db", url)
    assert added["item"]["ref"] == "1.3" and added["item"]["due_date"].startswith("2026-11-26")
    assert run_json(capsys, "plans", "remove", "1.3", "--db", url)["plan"]["total_items"] == 2


def test_link_shows_actual_beside_projection(capsys: pytest.CaptureFixture[str], url: str) -> None:
    database = open_database(url)
    with database.unit_of_work() as session:
        mia = find_creator(session, "mia")
        assert mia is not None
        piece = add_piece(session, mia.id, views=26_000)
        number = piece.number
    run(capsys, "plans", "create", "--name", "P", "--goal", "G", "--item", "film", "--db", url)
    with database.unit_of_work() as session:
        edit_item(session, mia.id, "1.1", ItemEdit(projected_outcome={"views": 20_000}), now=NOW)
    database.dispose()
    code, out, _ = run(capsys, "plans", "link", "1.1", str(number), "--db", url)
    assert code == 0
    assert "projected 20k views · actual 26k, +30 %" in out


def test_from_content_asks_before_saving(
    capsys: pytest.CaptureFixture[str], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = open_database(database_url)
    seed(database)
    database.dispose()
    args = ("plans", "from-content", "1", "--creator", "mia", "--db", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Draft: More like piece 1" in out and "Not saved." in out
    assert "Perfect timing" in out  # the factor behind an item is shown
    code, out, err = run(capsys, *args, "--json")
    assert code == 0 and json.loads(out)["basis"][0] == "slot:thu:14-17"
    assert "not saved" in err
    assert run_json(capsys, "plans", "list", "--creator", "mia", "--db", database_url) == []
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run(capsys, *args)
    assert code == 0 and "Saved as plan 1." in out
    diagnose = ("plans", "from-content", "2", "--mode", "diagnose", "--yes", "--creator", "mia")
    saved = run_json(capsys, *diagnose, "--db", database_url)
    assert (saved["number"], saved["source_content_number"]) == (2, 2)
    assert saved["items"][0]["title"].startswith("Rewrite the first 3 seconds")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("plans", "show", "7"), "plan 7 not found"),
        (("plans", "show", "x"), "plan ids are whole numbers like 3; got 'x'"),
        (("plans", "done", "1.9"), "item 1.9 not found"),
        (("plans", "done", "banana"), "item ids look like 3.2"),
        (("plans", "create", "--name", " ", "--goal", "G"), "the plan name is empty"),
        (
            ("plans", "create", "--name", "N", "--goal", "G", "--item", "a|someday"),
            "cannot read the due date 'someday'",
        ),
        (
            ("plans", "create", "--name", "N", "--goal", "G", "--item", "a||0h"),
            "estimated hours must be a positive number",
        ),
        (("plans", "update", "1"), "nothing to change"),
        (("plans", "update", "1", "--status", "paused"), "unknown plan status 'paused'"),
        (("plans", "link", "1.1", "42"), "piece 42 not found"),
        (("plans", "from-content", "42", "--yes"), "piece 42 not found"),
        (("plans", "list", "--status", "old"), "unknown plan status 'old'"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_changed(
    capsys: pytest.CaptureFixture[str], url: str, argv: tuple[str, ...], message: str
) -> None:
    database = open_database(url)
    with database.unit_of_work() as session:
        mia = find_creator(session, "mia")
        assert mia is not None
        before = create_plan(session, mia.id, name="Keep", goal="G", items=[ItemSpec("a")], now=NOW)
    code, _, err = run(capsys, *argv, "--db", url)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    with database.read() as session:
        assert get_plan(session, mia.id, 1, now=NOW) == before
        assert len(list_plans(session, mia.id, status="all", now=NOW)) == 1
    database.dispose()


def test_another_creators_plan_is_not_found(capsys: pytest.CaptureFixture[str], url: str) -> None:
    database = open_database(url)
    new_creator(database, "bo")
    database.dispose()
    run(
        capsys,
        "plans",
        "create",
        "--name",
        "Mine",
        "--goal",
        "G",
        "--item",
        "a",
        "--creator",
        "mia",
        "--db",
        url,
    )
    for argv in (("plans", "show", "1"), ("plans", "done", "1.1"), ("plans", "delete", "1")):
        code, _, err = run(capsys, *argv, "--creator", "bo", "--db", url)
        assert code == 2 and "not found" in err
    mine = run_json(capsys, "plans", "show", "1", "--creator", "mia", "--db", url)
    assert mine["completed_items"] == 0
