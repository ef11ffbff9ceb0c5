"""Writing the generic CSV: the template ``import --template`` prints, and an export of records.

Every text cell passes through ``escape_formula``, so a title like ``=cmd|' /C calc'!A0`` opens in
a spreadsheet as text, never as a formula; the generic import undoes the escape exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import tzinfo
from decimal import Decimal

from insights.importing.cells import escape_formula
from insights.importing.generic import COLUMNS
from insights.records import PieceRecord

HEADER = tuple(c.name for c in COLUMNS)


def template_text() -> str:
    """The generic CSV's header line and one example row."""
    return _csv([HEADER, tuple(escape_formula(c.example) for c in COLUMNS)])


def write_generic(records: Iterable[PieceRecord], tz: tzinfo) -> str:
    """Records as a generic CSV, times in ``tz``, every text cell formula-escaped."""
    return _csv([HEADER, *(_row(r, tz) for r in records)])


def _csv(rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _row(record: PieceRecord, tz: tzinfo) -> tuple[str, ...]:
    m = record.metrics
    local = record.published_at.astimezone(tz)
    published = local.isoformat() if record.publish_time_known else local.date().isoformat()
    percent = None if m.retention_rate is None else m.retention_rate * 100
    values = {
        "platform": record.platform,
        "platform_id": escape_formula(record.platform_id),
        "content_type": record.content_type,
        "title": escape_formula(record.title),
        "published_at": published,
        "duration": _number(record.duration_seconds),
        "views": _number(m.views),
        "likes": _number(m.likes),
        "comments": _number(m.comments),
        "shares": _number(m.shares),
        "saves": _number(m.saves),
        "impressions": _number(m.impressions),
        "reach": _number(m.reach),
        "watch_time_hours": _number(m.watch_time_hours),
        "avg_view_duration": _number(m.avg_view_duration_seconds),
        "avg_percent_viewed": _number(percent),
        "followers_gained": _number(m.followers_gained),
        "profile_visits": _number(m.profile_visits),
        "theme": escape_formula(record.theme or ""),
        "tags": "|".join(escape_formula(t) for t in record.tags),
        "url": escape_formula(record.url or ""),
        "thumbnail_url": escape_formula(record.thumbnail_url or ""),
        "description": escape_formula(record.description or ""),
    }
    return tuple(values[name] for name in HEADER)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    # The shortest exact decimal, never in exponent notation (which imports would refuse).
    return format(Decimal(repr(value)), "f")
