"""docs/IMPORT.md stays true to the code: the template and every generic column are documented."""

from __future__ import annotations

from pathlib import Path

from insights.importing import FORMAT_KEYS, template_text
from insights.importing.generic import COLUMNS

DOC = (Path(__file__).parents[2] / "docs" / "IMPORT.md").read_text(encoding="utf-8")


def test_the_documented_template_is_what_the_command_prints() -> None:
    assert template_text() in DOC


def test_every_generic_column_has_a_row_in_the_table() -> None:
    for column in COLUMNS:
        assert f"| `{column.name}` |" in DOC


def test_every_format_is_documented() -> None:
    for key in FORMAT_KEYS:
        assert f"`{key}`" in DOC
