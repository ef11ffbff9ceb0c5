"""Reading single cells the way exports write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.importing.cells import (
    clean_id,
    escape_formula,
    is_missing,
    parse_count,
    parse_duration,
    parse_number,
    parse_percent,
    parse_tags,
    unescape_formula,
)
from insights.importing.problems import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234", 1234),
        ("1,234,567", 1_234_567),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1.234", 1234),
        ("1'234", 1234),
        ("1.6M", 1_600_000),
        ("213.1K", 213_100),
        ("213,1K", 213_100),
        ("2b", 2_000_000_000),
        ("-6", -6),
        ("−6", -6),
        ("+12", 12),
        ("1200.0", 1200),
    ],
)
def test_counts(raw: str, expected: int) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", ["1.5", "lots", "12,5", "1,23,4", "1.6X", "1,234.5"])
def test_bad_counts_are_refused(raw: str) -> None:
    with pytest.raises(CellError, match="whole number"):
        parse_count(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.5", 12.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("1,234", 1234.0),
        ("70321.1234", 70321.1234),
    ],
)
def test_numbers(raw: str, expected: float) -> None:
    assert parse_number(raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "expected"), [("55.2", 55.2), ("55.2 %", 55.2), ("55,2%", 55.2), ("131.7", 131.7)]
)
def test_percentages_stay_in_percent(raw: str, expected: float) -> None:
    assert parse_percent(raw) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("253", 253),
        ("12.5s", 12.5),
        ("4:13", 253),
        ("00:34", 34),
        ("0:04:13", 253),
        ("1:02:03", 3723),
        ("PT4M13S", 253),
        ("PT1H", 3600),
        ("PT45S", 45),
        ("P0D", 0),
        ("P1DT2H", 93_600),
        ("pt1m30s", 90),
    ],
)
def test_durations(raw: str, seconds: float) -> None:
    assert parse_duration(raw) == pytest.approx(seconds)


@pytest.mark.parametrize("raw", ["PT", "P", "4m", "soon", "1:2:3:4"])
def test_bad_durations_are_refused(raw: str) -> None:
    with pytest.raises(CellError, match="duration"):
        parse_duration(raw)


@pytest.mark.parametrize("raw", ["", "  ", "-", "—", "N/A", "null"])
def test_missing_markers(raw: str) -> None:
    assert is_missing(raw)


def test_ids_lose_studio_padding_and_spreadsheet_quotes() -> None:
    assert clean_id(" -x7Qb3Lz0aE") == "-x7Qb3Lz0aE"
    assert clean_id("'-x7Qb3Lz0aE") == "-x7Qb3Lz0aE"
    assert clean_id("\u00a0abc ") == "abc"


def test_ids_that_only_look_numeric_are_kept() -> None:
    # Excel always writes "E+"; without it the cell is an id the platform issued.
    assert [clean_id(raw) for raw in ("0E0", "1e5", "3e10abc")] == ["0E0", "1e5", "3e10abc"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "empty"),
        ("7.23457E+18", "scientific notation"),
        ("1E+11", "scientific notation"),
        ("a b", "not a valid id"),
    ],
)
def test_bad_ids(raw: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        clean_id(raw)


@pytest.mark.parametrize(
    ("raw", "tags"),
    [
        ("a|b", ("a", "b")),
        ("a; b", ("a", "b")),
        ("#a, #b, a", ("a", "b")),
        ('["vlog", "editing"]', ("vlog", "editing")),
        ("['vlog', 'editing']", ("vlog", "editing")),
        ("", ()),
    ],
)
def test_tags(raw: str, tags: tuple[str, ...]) -> None:
    assert parse_tags(raw) == tags


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+SUM(1;2)", "'+SUM(1;2)"),
        ("-2+3", "'-2+3"),
        ("@import", "'@import"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("plain title", "plain title"),
        ("it's fine", "it's fine"),
    ],
)
def test_formula_escape_follows_owasp(text: str, escaped: str) -> None:
    assert escape_formula(text) == escaped
    assert unescape_formula(escaped) == text


@given(st.text())
def test_formula_escape_round_trips_any_text(text: str) -> None:
    escaped = escape_formula(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape_formula(escaped) == text
