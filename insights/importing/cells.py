"""Reading one cell: counts, numbers, percentages, durations, ids and tags as exports write them."""

from __future__ import annotations

import json
import re

from insights.importing.limits import MAX_TAG_CHARS, MAX_TAGS, MAX_TAGS_CELL_CHARS, too_long
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
_NOT_TAGS = "is not a list of tags (use a JSON list of strings, or a|b|c)"
# One quoted item of a Python list and what follows it; the alternatives never overlap.
_QUOTED_ITEM = re.compile(r"""\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*(,|\])""")
_ESCAPE = re.compile(r"\\(.)")
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
    """Tags from ``a|b``, ``a; b``, ``a, b`` or a JSON list of strings (never evaluated as code)."""
    text = raw.strip()
    if len(text) > MAX_TAGS_CELL_CHARS:
        raise CellError(too_long(len(text), MAX_TAGS_CELL_CHARS))
    if not text:
        return ()
    if text.startswith("["):
        values = _json_list(text)
    else:
        separator = next((s for s in ("|", ";", ",") if s in text), None)
        values = text.split(separator) if separator else [text]
    tags = tuple(dict.fromkeys(t for t in (v.strip().lstrip("#") for v in values) if t))
    return _bounded(tags)


def _json_list(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return _quoted_strings(text)
    if not isinstance(value, list):
        raise CellError(_NOT_TAGS)
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
        raise CellError("holds a list or object among its tags; each tag must be text")
    return [str(v) for v in value]


def _quoted_strings(text: str) -> list[str]:
    """A flat list of quoted strings as Python writes it (``['a', "b's"]``), read by a scanner."""
    values: list[str] = []
    position = 1
    while True:
        match = _QUOTED_ITEM.match(text, position)
        if match is None:
            raise CellError(_NOT_TAGS)
        quoted = match.group(1)
        values.append(_ESCAPE.sub(lambda m: m.group(1), quoted[1:-1]))
        position = match.end()
        if match.group(2) == "]":
            if text[position:].strip():
                raise CellError(_NOT_TAGS)
            return values


def _bounded(tags: tuple[str, ...]) -> tuple[str, ...]:
    if len(tags) > MAX_TAGS:
        raise CellError(f"has {len(tags):,} tags; the limit is {MAX_TAGS}")
    longest = max(tags, key=len, default="")
    if len(longest) > MAX_TAG_CHARS:
        raise CellError(f"has a tag that {too_long(len(longest), MAX_TAG_CHARS)}")
    return tags


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
