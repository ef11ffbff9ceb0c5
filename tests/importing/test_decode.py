"""Files that are not readable tables get one clear sentence each."""

from __future__ import annotations

import codecs

import pytest

from insights.importing.decode import MAX_IMPORT_BYTES, check_size, decode_text
from storage.errors import InvalidInput

from .helpers import fixture, parse


def test_utf8_bom_and_crlf_are_handled() -> None:
    data = fixture("youtube_studio_content.csv")
    assert data.startswith(codecs.BOM_UTF8) and b"\r\n" in data
    text = decode_text(data)
    assert text.startswith("Content,")
    assert len(parse(data).records) == 4


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_read_tab_separated_too(encoding: str) -> None:
    text = fixture("tiktok_export.csv").decode().replace(",", "\t").replace('"12\t904"', "12904")
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    parsed = parse(bom + text.encode(encoding))
    assert parsed.format.key == "tiktok"
    assert [r.metrics.views for r in parsed.records] == [1_600_000, 88_400, 12_904]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (codecs.BOM_UTF8, "the file is empty"),
        (b"PK\x03\x04\x14\x00\x06\x00rest", "Excel workbook"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x00\x01\x02\x03binary\x00junk", "binary"),
        ("Title,views\n".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
        ("título,views\nCafé,3\n".encode("cp1252"), "not valid UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_text(data)


def test_the_size_limit_is_checked_before_reading() -> None:
    check_size(MAX_IMPORT_BYTES - 1)
    with pytest.raises(InvalidInput, match=r"too large to import .*limit is 20 MB"):
        check_size(MAX_IMPORT_BYTES)


def test_json_that_does_not_parse_names_line_and_column() -> None:
    with pytest.raises(InvalidInput, match="JSON cannot be read at line 2, column"):
        parse(b'{"items": [\n  {"id": }\n]}')


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[]", "holds no videos or posts"),
        (b'{"kind": "x"}', "no list of videos or posts"),
        (b'{"items": [1, 2]}', "item 1: expected an object"),
    ],
)
def test_json_without_items_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse(data)


def test_a_header_without_rows_is_refused() -> None:
    with pytest.raises(InvalidInput, match="header but no rows"):
        parse(b"platform,platform_id,title,published_at,views\r\n")
    studio = fixture("youtube_studio_content.csv").split(b"\r\n")[:2]
    with pytest.raises(InvalidInput, match="only a header and a Total row"):
        parse(b"\r\n".join(studio))


def test_an_unterminated_quote_names_its_line() -> None:
    data = b'platform,platform_id,title,published_at,views\nyoutube,a1,"open,2024-05-01,3\n'
    with pytest.raises(InvalidInput, match="line 2: the CSV cannot be read"):
        parse(data)
