"""Text and number hygiene for charts: labels any font can draw, numbers that never break a plot.

Chart data may come from a hand-built spec, so nothing here trusts types or lengths.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

ELLIPSIS = "…"
# Fonts tried in order for each character; only those installed are used. Colour-bitmap emoji
# fonts are left out on purpose: the Agg backend cannot draw them.
FONT_FALLBACKS = (
    "DejaVu Sans",
    "Noto Sans",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Emoji",
    "Symbola",
    "Segoe UI Emoji",
    "Arial Unicode MS",
)


@functools.cache
def font_paths() -> tuple[str, ...]:
    """Paths of the installed fallback fonts, default font first."""
    from matplotlib import font_manager

    paths: list[str] = []
    for family in FONT_FALLBACKS:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        if path not in paths:
            paths.append(path)
    return tuple(paths) or (font_manager.findfont(font_manager.FontProperties()),)


@functools.cache
def font_families() -> list[str]:
    """Names of the installed fallback families, for matplotlib's ``font.family``."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [family for family in FONT_FALLBACKS if family in installed] or ["sans-serif"]


@functools.lru_cache(maxsize=8192)
def drawable(ch: str) -> bool:
    """True when ``ch`` is a visible character one of the installed fonts has a glyph for."""
    if ch == " ":
        return True
    if unicodedata.category(ch)[0] in ("C", "Z"):
        return False
    return any(_font(path).get_char_index(ord(ch)) != 0 for path in font_paths())


@functools.cache
def _font(path: str) -> Any:
    from matplotlib import ft2font

    return ft2font.FT2Font(path)


def clean_label(text: object, width: int) -> str:
    """One line of at most ``width`` drawable characters, with ``$`` escaped from mathtext."""
    words = " ".join(str(text).split())
    kept = " ".join("".join(ch for ch in words[: width * 4] if drawable(ch)).split())
    if len(kept) > width:
        kept = kept[: width - 1].rstrip() + ELLIPSIS
    return (kept or ELLIPSIS).replace("$", r"\$")


def as_float(value: object) -> float:
    """A float, or NaN for anything missing, non-numeric or infinite."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return math.nan
    try:
        number = float(value)
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def floats(data: dict[str, Any], key: str) -> list[float]:
    """``data[key]`` as a list of floats (NaN where unusable); [] when absent or not a list."""
    values = data.get(key)
    if not isinstance(values, Sequence) or isinstance(values, str):
        return []
    return [as_float(v) for v in values]


def strings(data: dict[str, Any], key: str) -> list[str]:
    """``data[key]`` as a list of strings; [] when absent or not a list."""
    values = data.get(key)
    if not isinstance(values, Sequence) or isinstance(values, str):
        return []
    return ["" if v is None else str(v) for v in values]


def rows(data: dict[str, Any], key: str) -> list[list[float]]:
    """``data[key]`` as a list of float rows (a matrix); [] when absent."""
    values = data.get(key)
    if not isinstance(values, Sequence) or isinstance(values, str):
        return []
    return [floats({"row": row}, "row") for row in values]


def pairs(labels: list[str], numbers: list[float]) -> list[tuple[str, float]]:
    """Labels zipped with numbers, padding short number lists with NaN."""
    padded = numbers + [math.nan] * (len(labels) - len(numbers))
    return list(zip(labels, padded, strict=False))
