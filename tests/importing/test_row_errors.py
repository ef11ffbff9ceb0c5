"""Bad rows: every problem names its line, column and value, and nothing is accepted."""

from __future__ import annotations

import pytest

from insights.importing.problems import ImportRejected

from .helpers import parse

HEADER = "platform,platform_id,title,published_at,views,likes,avg_percent_viewed,duration\n"


def rejected(data: bytes | str, **options: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        parse(data, **options)
    return caught.value


def test_bad_rows_fixture_names_line_column_and_value() -> None:
    error = rejected("bad_rows.csv")
    found = [(p.where, p.column, p.value) for p in error.problems]
    assert found == [
        ("line 3", "views", "-5"),
        ("line 5", "published_at", "2024-13-45"),
        ("line 6", "views", "lots"),
    ]
    message = str(error)
    assert message.startswith("nothing was imported: 3 rows have problems")
    assert "line 6, column 'views': 'lots' is not a whole number" in message


def test_line_numbers_count_physical_lines_across_multiline_cells() -> None:
    data = (
        HEADER + 'youtube,a1,"two\nline title",2024-05-01T10:00:00Z,10,1,,\n'
        "youtube,a2,Next,2024-05-01T10:00:00Z,-1,0,,\n"
    )
    (problem,) = rejected(data.encode()).problems
    assert problem.where == "line 4"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("youtube,a1,T,2030-05-01T10:00:00Z,10,1,,", "published_at", "in the future"),
        ("youtube,,T,2024-05-01T10:00:00Z,10,1,,", "platform_id", "empty"),
        ("youtube,a1,,2024-05-01T10:00:00Z,10,1,,", "title", "empty"),
        ("myspace,a1,T,2024-05-01T10:00:00Z,10,1,,", "platform", "not one of"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,99999999999999999999,1,,", "views", "too large"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,10,1,,-5", "duration", "negative"),
    ],
)
def test_impossible_values_are_rejected_per_row(row: str, column: str, message: str) -> None:
    (problem, *_) = rejected((HEADER + row + "\n").encode()).problems
    assert (problem.where, problem.column) == ("line 2", column)
    assert message in problem.message


def test_a_repeated_id_points_at_its_first_line() -> None:
    data = HEADER + "youtube,a1,T,2024-05-01,10,1,,\nyoutube,a1,T,2024-05-02,10,1,,\n"
    (problem,) = rejected(data.encode()).problems
    assert (problem.where, problem.column) == ("line 3", "platform_id")
    assert "first on line 2" in problem.message


def test_too_many_cells_hint_at_a_missing_quote() -> None:
    data = HEADER + "youtube,a1,Hello, world,2024-05-01,10,1,50,600\n"
    problems = rejected(data.encode()).problems
    assert "missing its quotes" in problems[0].message


def test_a_spreadsheet_rounded_id_is_explained() -> None:
    data = b"Video ID,Create time,Plays\n7.23457E+18,2024-05-01 10:00,5\n"
    (problem,) = rejected(data).problems
    assert problem.column == "Video ID" and "scientific notation" in problem.message


def test_many_problems_are_counted_but_the_message_stays_short() -> None:
    rows = "".join(f"youtube,id{n},T,2024-05-01,-{n + 1},0,,\n" for n in range(300))
    error = rejected((HEADER + rows).encode())
    assert error.total == 300
    assert len(error.problems) == 200
    assert str(error).endswith("and 295 more")
    assert str(error).count("line ") == 5


def test_ambiguous_dates_are_refused_until_date_format_settles_them() -> None:
    error = rejected("ambiguous_dates.csv")
    assert "--date-format" in str(error)
    assert [p.value for p in error.problems] == ["03/05/2024", "04/06/2024 14:30"]
    day_first = parse("ambiguous_dates.csv", date_format="DMY").records
    month_first = parse("ambiguous_dates.csv", date_format="MDY").records
    assert day_first[0].published_at.month == 5 and month_first[0].published_at.month == 3
    assert day_first[1].publish_time_known and not day_first[0].publish_time_known
