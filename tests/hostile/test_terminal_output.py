"""Markup and escape sequences in every displayed field reach the terminal as plain text."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.cli.safe_text import shown
from storage import open_database
from storage.creators import create_creator
from storage.models import Creator
from tests.support.chat import NOW
from tests.support.cli import run

HOSTILE_NAME = "[/]Eve\x1b[2J\x1b]0;pwned\x07[bold]"


def test_markup_and_escape_sequences_are_shown_as_text() -> None:
    assert shown("[/bold]Eve") == "\\[/bold]Eve"
    assert "\x1b" not in shown("a\x1b[31mred") and "\x07" not in shown("bell\x07")


def test_creators_list_prints_a_hostile_display_name_without_crashing(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    with db.unit_of_work() as session:
        create_creator(session, "eve", display_name="Eve", now=NOW)
        session.execute(update(Creator).values(display_name=HOSTILE_NAME))
    db.dispose()
    code, out, err = run(capsys, "creators", "list", "--db", sqlite_url)
    assert code == 0, err
    assert "[/]Eve" in out and "\x1b" not in out and "\x07" not in out
