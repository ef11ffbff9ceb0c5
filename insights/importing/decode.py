"""From the bytes a creator sent to text: size, emptiness, binary and encoding checks."""

from __future__ import annotations

import codecs

from storage.errors import InvalidInput

# Refused from this size on (chat attachments stop at 10 MB); front-ends check an upload's
# announced size before fetching it. 20 MB holds 100,000 CSV rows; memory: docs/IMPORT.md.
MAX_IMPORT_BYTES = 20_000_000
_SNIFF_BYTES = 8192
_KNOWN_BINARIES = (
    (b"PK\x03\x04", "an Excel workbook or ZIP archive"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_SAVE_AS = "export or save it as CSV (UTF-8) and send it again"


def check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes when it is too large (call before reading it)."""
    if size >= MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"the file is too large to import ({size / 1_000_000:.0f} MB; the limit is "
            f"{MAX_IMPORT_BYTES // 1_000_000} MB): export a shorter date range"
        )


def decode_text(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with one."""
    check_size(len(data))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    else:
        _refuse_binary(data)
        text = _decode(data, "utf-8-sig")
    if not text.strip():
        raise InvalidInput("the file is empty: there is no header and no rows to import")
    if "\x00" in text:
        raise InvalidInput(f"the file contains binary data, not text: {_SAVE_AS}")
    return text


def _refuse_binary(data: bytes) -> None:
    if not data.strip():
        raise InvalidInput("the file is empty: there is no header and no rows to import")
    for magic, kind in _KNOWN_BINARIES:
        if data.startswith(magic):
            raise InvalidInput(f"the file is {kind}, not a CSV or JSON table: {_SAVE_AS}")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        odd_nuls = head[1::2].count(0)
        if odd_nuls > len(head) // 4:
            raise InvalidInput(
                f"the file looks like UTF-16 text without a byte-order mark: {_SAVE_AS}"
            )
        raise InvalidInput(f"the file is binary, not a CSV or JSON table: {_SAVE_AS}")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise InvalidInput(
            f"the file is not valid {name} text (byte {exc.start + 1} cannot be read); it may "
            f"use another encoding such as Windows-1252: {_SAVE_AS}"
        ) from None
