"""Shared helpers for the import tests: fixture bytes and a parse with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from insights.importing.parse import ParsedImport, parse_import
from insights.records import PieceRecord

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def fixture(name: str) -> bytes:
    """The bytes of a fixture file."""
    return (FIXTURES / name).read_bytes()


def parse(data: bytes | str, **options: Any) -> ParsedImport:
    """Parse bytes (or a fixture name) with a fixed clock, UTC unless told otherwise."""
    raw = fixture(data) if isinstance(data, str) else data
    options.setdefault("timezone", "UTC")
    return parse_import(raw, now=NOW, **options)


def by_id(parsed: ParsedImport) -> dict[str, PieceRecord]:
    """The parsed records keyed by platform id."""
    return {r.platform_id: r for r in parsed.records}
