"""Turn what a creator typed or shared (a zone name, a city, a location) into an IANA timezone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import available_timezones

# Offered as buttons; the label is what people recognise, the value what is stored.
COMMON_ZONES: tuple[tuple[str, str], ...] = (
    ("London", "Europe/London"),
    ("Berlin / Paris", "Europe/Berlin"),
    ("New York", "America/New_York"),
    ("Chicago", "America/Chicago"),
    ("Los Angeles", "America/Los_Angeles"),
    ("São Paulo", "America/Sao_Paulo"),
    ("India", "Asia/Kolkata"),
    ("Tokyo", "Asia/Tokyo"),
    ("Sydney", "Australia/Sydney"),
    ("UTC", "UTC"),
)
_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
# Big cities people name that are not themselves zone names.
_CITY_ALIASES = {
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "washington": "America/New_York",
    "boston": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "dallas": "America/Chicago",
    "houston": "America/Chicago",
    "austin": "America/Chicago",
    "munich": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "geneva": "Europe/Zurich",
    "manchester": "Europe/London",
    "edinburgh": "Europe/London",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "osaka": "Asia/Tokyo",
    "melbourne": "Australia/Melbourne",
    "vancouver": "America/Vancouver",
    "montreal": "America/Toronto",
    "rio de janeiro": "America/Sao_Paulo",
    "kyiv": "Europe/Kyiv",
}
# "my timezone is Berlin", "tz: Europe/Berlin", "I'm in Tokyo", "timezone Berlin"
_PREFIX = re.compile(
    r"^(?:(?:my\s+)?(?:time\s*zone|tz)(?:\s+is)?\s*[:=]?|i'?m\s+in|i\s+am\s+in|i\s+live\s+in)\s+",
    re.IGNORECASE,
)
MAX_TYPED = 48


@dataclass(frozen=True)
class LocatedZone:
    """A timezone found from coordinates, and whether it is only an offset approximation."""

    zone: str
    approximate: bool


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _zone_index() -> dict[str, str]:
    """Every spelling we accept (full name, or its city part) → the zone name."""
    zones = sorted(_known_zones(), key=lambda name: (name.count("/"), name))
    index: dict[str, str] = {}
    for name in zones:
        index.setdefault(_key(name), name)
        if name.split("/")[0] in _REGIONS:
            index.setdefault(_key(name.rsplit("/", 1)[-1]), name)
    for alias, zone in _CITY_ALIASES.items():
        index.setdefault(alias, zone)
    return index


def zone_from_text(text: str) -> str | None:
    """The timezone a short message names ("Berlin", "europe/berlin", "tz Tokyo"), or None."""
    cleaned = text.strip().rstrip(".!")
    if not cleaned or len(cleaned) > MAX_TYPED or "?" in cleaned:
        return None
    cleaned = _PREFIX.sub("", cleaned)
    return _zone_index().get(_key(cleaned))


def offset_zone(longitude: float) -> str:
    """The Etc/GMT zone of a longitude's nominal offset (Etc signs are inverted: GMT-1 is UTC+1)."""
    hours = max(-12, min(14, round(longitude / 15)))
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"


@cache
def _finder() -> Any:
    """The offline polygon lookup, loaded once (it reads its data files on first use)."""
    try:
        from timezonefinder import TimezoneFinder
    except ImportError:
        return None
    return TimezoneFinder()


def zone_from_location(latitude: float, longitude: float) -> LocatedZone:
    """The timezone at a point: exact from timezonefinder, else approximated by longitude."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"not a location on Earth: {latitude}, {longitude}")
    finder = _finder()
    zone = finder.timezone_at(lat=latitude, lng=longitude) if finder is not None else None
    if isinstance(zone, str) and zone in _known_zones():
        return LocatedZone(zone=zone, approximate=False)
    return LocatedZone(zone=offset_zone(longitude), approximate=True)
