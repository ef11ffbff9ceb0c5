"""Reading one cell: counts, numbers, percentages, durations, ids and tags as exports write them."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable

from insights.importing.problems import CellError

MISSING = frozenset({"", "-", "—", "–", "n/a", "na", "null", "none", "nan", "--"})
# Words exports write in a numeric column for a figure they do not show: unknown, not an error.
MISSING |= {"hidden", "private", "unavailable", "not available", "disabled"}
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_MINUS = ("-", "−")
_ABBREVIATED = re.compile(r"^(\d+(?:[.,]\d+)?)([kmb])$")
_SCALE = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_GROUPED = re.compile(r"^\d{1,3}(?:([,.'])\d{3})(?:\1\d{3})*$")
_DIGITS = re.compile(r"^\d+$")
_PLAIN_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$|^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d{1,3}(?:\.\d{3})+,\d+$")
_ISO_DURATION = re.compile(
    r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$")
_SECONDS = re.compile(r"^(\d+(?:\.\d+)?)\s*s(?:ec(?:onds?)?)?$")
# Spreadsheets write long numbers as "7.23457E+18"; "1e5" or "0E0" are ids a platform may issue.
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?e\+\d+$", re.IGNORECASE)
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def is_missing(raw: str) -> bool:
    """Whether a cell means 'no value' (blank, a dash, n/a)."""
    if raw[:1].isdigit():
        return False  # the common case, decided without stripping and casefolding
    return raw.strip().casefold() in MISSING


def _split_sign(raw: str) -> tuple[bool, str]:
    text = raw.strip().translate(_SPACES)
    if text.startswith(_MINUS):
        return True, text[1:]
    return False, text.removeprefix("+")


def parse_count(raw: str) -> int:
    """A whole count: ``1234``, ``1,234``, ``1 234``, ``1.6M``, ``213.1K``, ``-3``."""
    if raw.isascii() and raw.isdigit():
        return int(raw)
    negative, text = _split_sign(raw)
    value = _unsigned_count(text.casefold())
    return -value if negative else value


def _unsigned_count(text: str) -> int:
    if _DIGITS.match(text):
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    abbreviated = _ABBREVIATED.match(text)
    if abbreviated:
        number = float(abbreviated.group(1).replace(",", "."))
        return round(number * _SCALE[abbreviated.group(2)])
    if re.match(r"^\d+\.0+$", text):
        return int(text.split(".")[0])
    raise CellError("is not a whole number")


def parse_number(raw: str) -> float:
    """A decimal number: ``12.5``, ``1,234.5``, ``1.234,5``, ``12,5``, ``-3``."""
    if _PLAIN_DECIMAL.match(raw):
        return float(raw)
    negative, text = _split_sign(raw)
    if not _NUMBER.match(text):
        raise CellError("is not a number")
    if "," in text and "." in text:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        text = text.replace(grouping, "").replace(decimal, ".")
    elif "," in text:
        text = text.replace(",", "") if _GROUPED.match(text) else text.replace(",", ".")
    value = float(text)
    return -value if negative else value


def parse_percent(raw: str) -> float:
    """A percentage as its number of percent: ``55.2``, ``55.2 %`` and ``55,2%`` give 55.2."""
    text = raw.strip().removesuffix("%").strip()
    try:
        return parse_number(text)
    except CellError:
        raise CellError("is not a percentage") from None


def parse_duration(raw: str) -> float:
    """Seconds from ``253``, ``12.5s``, ``4:13``, ``1:02:03`` or ISO-8601 ``PT4M13S``/``P0D``."""
    text = raw.strip()
    iso = _ISO_DURATION.match(text.upper())
    if iso and text.upper() not in ("P", "PT") and not text.upper().endswith("T"):
        weeks, days, hours, minutes, seconds = (float(g) if g else 0.0 for g in iso.groups())
        return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds
    clock = _CLOCK.match(text)
    if clock:
        first, second, third = clock.groups()
        if third is None:
            return int(first) * 60 + float(second)
        return int(first) * 3600 + int(second) * 60 + float(third)
    plain = _SECONDS.match(text.casefold())
    if plain:
        return float(plain.group(1))
    try:
        return parse_number(text)
    except CellError:
        raise CellError("is not a duration (use seconds, m:ss, h:mm:ss or PT4M13S)") from None


def clean_id(raw: str) -> str:
    """A platform id with the padding spreadsheets and Studio add (spaces, a quote) removed."""
    text = raw.strip().strip("\u00a0\u202f\ufeff")
    text = unescape_formula(text)
    if not text:
        raise CellError("is empty; every row needs an id")
    if _SCIENTIFIC.match(text):
        raise CellError(
            "was rounded by a spreadsheet into scientific notation; export the file again "
            "without opening and saving it in Excel"
        )
    if not text.isprintable() or " " in text or len(text) > 255:
        raise CellError("is not a valid id")
    return text


def parse_tags(raw: str) -> tuple[str, ...]:
    """Tags from ``a|b``, ``a; b``, ``a, b``, a JSON list or a Python list literal."""
    text = raw.strip()
    if not text:
        return ()
    values: list[object]
    if text.startswith("["):
        values = _list_literal(text)
    else:
        separator = next((s for s in ("|", ";", ",") if s in text), None)
        values = list(text.split(separator) if separator else [text])
    tags = (str(v).strip().lstrip("#") for v in values)
    return tuple(dict.fromkeys(t for t in tags if t))


def _list_literal(text: str) -> list[object]:
    parsers: tuple[Callable[[str], object], ...] = (json.loads, ast.literal_eval)
    for parse in parsers:
        try:
            value = parse(text)
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, list):
            return value
    raise CellError("is not a list of tags")


def escape_formula(text: str) -> str:
    """A text cell made safe for spreadsheets (OWASP): a leading = + - @ tab or CR gets a quote.

    Text that already starts with quotes before such a character gets one more, so
    ``unescape_formula`` restores every value exactly.
    """
    if text.lstrip("'").startswith(_DANGEROUS_START):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """The inverse of ``escape_formula``."""
    if text.startswith("'") and text.lstrip("'").startswith(_DANGEROUS_START):
        return text[1:]
    return text
