"""Files a stranger could send: each refused by name, fast, within a memory bound, writing nothing.

The memory figures come from a child process per file (``peak_child``), so one test's garbage
never hides another's peak. The bound, stated in docs/IMPORT.md: parsing any file of up to 20 MB
peaks below 400 MiB (the interpreter and its imports are about 120 MiB of that).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from insights.importing import ImportRejected, import_file
from insights.importing.cells import parse_tags
from insights.importing.limits import MAX_ROWS
from insights.importing.problems import CellError
from storage import Database
from storage.creators import create_creator
from storage.errors import InvalidInput
from storage.models import ContentPiece
from tests.hostile import files
from tests.hostile.peak_child import parse_in_child
from tests.importing.helpers import NOW, parse

PEAK_BOUND_MIB = 400
MAX_MESSAGE_CHARS = 600


def child_parse(data: bytes) -> dict[str, object]:
    """Parse ``data`` in a fresh interpreter; its outcome, message, seconds and peak memory."""
    return parse_in_child(data, timeout=120)


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "a megabyte tags literal": (files.tags_literal_bomb, "line 2: a cell is longer than"),
    "tags nested 4,000 deep": (files.nested_tags, "column 'tags'"),
    "a million-column JSON item": (files.million_column_json, "item 1: has 1,000,003 fields"),
    "a new JSON key on every item": (files.distinct_keys_json, "more than 200 different fields"),
    "a JSON document 200,000 deep": (files.deep_json, "nested too deeply"),
    "a megabyte column name": (files.huge_header, "line 1: a cell is longer than"),
    "a 100,000-character title": (
        lambda: files.generic_csv(files.row(title="x" * 100_000)),
        "line 2, column 'title'",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_by_name_within_the_memory_bound(
    name: str,
) -> None:
    make, named = HOSTILE[name]
    result = child_parse(make())
    assert result["outcome"] == "refused"
    assert named in str(result["message"])
    assert int(str(result["length"])) < MAX_MESSAGE_CHARS
    assert float(str(result["peak_mib"])) < PEAK_BOUND_MIB


def test_the_largest_accepted_file_stays_within_the_memory_bound() -> None:
    result = child_parse(files.many_rows(20_000))
    assert result["outcome"] == "imported"
    assert float(str(result["peak_mib"])) < PEAK_BOUND_MIB


def test_a_python_list_of_tags_is_read_without_evaluating_it() -> None:
    assert parse_tags("['shorts', \"it's\", 'a\\'b']") == ("shorts", "it's", "a'b")
    with pytest.raises(CellError):
        parse_tags("[__import__('os').system('true')]")


@pytest.mark.parametrize(
    "cell", ["[-----1]", "[1, [2]]", '[{"a": 1}]', "[" * 900 + "]" * 900, "['a' 'b']"]
)
def test_a_malformed_tags_literal_is_a_problem_of_its_cell(cell: str) -> None:
    with pytest.raises(ImportRejected) as refused:
        parse(files.generic_csv(files.row(tags=cell)))
    problem = refused.value.problems[0]
    assert (problem.where, problem.column) == ("line 2", "tags")


def test_more_than_a_hundred_tags_are_refused_with_the_limit() -> None:
    with pytest.raises(ImportRejected, match="has 101 tags; the limit is 100"):
        parse(files.generic_csv(files.row(tags="|".join(f"t{n}" for n in range(101)))))


def test_a_description_over_its_cap_is_refused_naming_its_column() -> None:
    with pytest.raises(ImportRejected) as refused:
        parse(files.generic_csv(files.row(description="d" * 10_001)))
    assert refused.value.problems[0].column == "description"
    assert "the limit is 10,000" in str(refused.value)


def test_a_file_with_more_rows_than_the_cap_is_refused_before_reading_them() -> None:
    with pytest.raises(InvalidInput, match=f"more than {MAX_ROWS:,} rows"):
        parse(files.many_rows(MAX_ROWS + 1))


def test_a_header_of_too_many_columns_is_refused() -> None:
    header = ",".join(f"c{n}" for n in range(201))
    with pytest.raises(InvalidInput, match="names 201 columns; the limit is 200"):
        parse(f"{header}\r\n1\r\n".encode())


def _pieces(db: Database, creator_id: uuid.UUID) -> int:
    with db.read() as session:
        query = select(func.count()).where(ContentPiece.creator_id == creator_id)
        return int(session.scalar(query) or 0)


def test_a_hostile_file_writes_nothing_and_leaves_other_creators_alone(
    sqlite_db: Database,
) -> None:
    with sqlite_db.unit_of_work() as session:
        eve = create_creator(session, "eve", now=NOW).id
        mia = create_creator(session, "mia", now=NOW).id
    with sqlite_db.unit_of_work() as session:
        import_file(session, mia, files.many_rows(3), "mine.csv", now=NOW)
    hostile = files.generic_csv(files.row(pid="ok"), files.row(pid="bad", tags="[" * 5000))
    with pytest.raises(ImportRejected), sqlite_db.unit_of_work() as session:
        import_file(session, eve, hostile, "evil.csv", now=NOW)
    assert (_pieces(sqlite_db, eve), _pieces(sqlite_db, mia)) == (0, 3)
