"""Many creators fast, for the digest benchmark: a few real ones, cloned row for row.

A handful of template creators go through the real pipeline (simulator → ingest → refresh, so
scores, themes and insights are real) and get a plan with items due around NOW. Each benchmark
creator is then a copy of one template's rows with fresh ids, inserted by driver-level
executemany — refreshing 10,000 creators one by one would take hours and measure the wrong thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, select

from insights.ingest import ingest_records
from plans import create_plan, parse_item_spec
from simulator import SimulationConfig, generate_pieces
from storage import Database
from storage.bulk import bulk_insert
from storage.creators import create_creator
from storage.models import (
    ActionItem,
    ActionPlan,
    ChatIdentity,
    ContentInsight,
    ContentPerformance,
    ContentPiece,
    ContentTheme,
    Creator,
)
from storage.row_ids import new_ids

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # the digest time of every benchmark creator
CHUNK = 250  # creators per insert batch
FIRST_CHAT = 100_000
OWNED: tuple[type[Any], ...] = (
    ContentPiece,
    ContentPerformance,
    ContentInsight,
    ContentTheme,
    ActionPlan,
    ActionItem,
)
UTC_ZONE = ZoneInfo("UTC")
# Overdue since yesterday (a nudge at NOW), due right at NOW (a due-time reminder), and later.
PLAN_LINES = ("Reply to comments|2026-11-24", "Go live|2026-11-25T09:00", "Edit|+2d")
# Columns that point at another cloned row (or must not be copied at all).
MAPPED = ("id", "content_id", "plan_id", "linked_content_id", "source_content_id")


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def make_templates(db: Database, count: int, pieces: int) -> list[uuid.UUID]:
    """``count`` real creators of ``pieces`` simulated pieces each, refreshed, with a plan."""
    ids = []
    for n in range(count):
        config = SimulationConfig(pieces=pieces, timezone="UTC")
        records = [p.record for p in generate_pieces(config, seed=100 + n, now=NOW)]
        with db.unit_of_work() as session:
            creator = create_creator(session, f"template{n}", timezone="UTC", now=NOW)
            ingest_records(session, creator.id, records, now=NOW, source="bench")
            specs = [parse_item_spec(line, UTC_ZONE, now=NOW) for line in PLAN_LINES]
            create_plan(session, creator.id, name="This week", goal="g", items=specs, now=NOW)
            ids.append(creator.id)
    return ids


def _template_rows(db: Database, template: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    with db.read() as session:
        for model in OWNED:
            table = _table(model)
            found = session.execute(select(table).where(table.c.creator_id == template))
            rows[table.name] = [dict(r._mapping) for r in found]
    return rows


def _clone(
    rows: dict[str, list[dict[str, Any]]], creator_id: uuid.UUID
) -> dict[str, list[dict[str, Any]]]:
    """One copy of a template's rows for ``creator_id``, every id fresh and every link kept."""
    every = [r for table_rows in rows.values() for r in table_rows]
    fresh = dict(zip([r["id"] for r in every], new_ids(len(every)), strict=True))
    out: dict[str, list[dict[str, Any]]] = {}
    for name, table_rows in rows.items():
        copies = []
        for row in table_rows:
            copy = dict(row, creator_id=creator_id)
            for column in MAPPED:
                if copy.get(column) is not None:
                    copy[column] = fresh.get(copy[column], copy[column])
            if "source_conversation_id" in copy:
                copy["source_conversation_id"] = None
            copies.append(copy)
        out[name] = copies
    return out


def _creator_row(n: int, creator_id: uuid.UUID, template: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": creator_id,
        "handle": f"bench{n}",
        "display_name": f"Bench {n}",
        "timezone": "UTC",
        "digest_time": time(NOW.hour, NOW.minute),
        "digest_enabled": True,
        "reminders_enabled": True,
        "quiet_hours_start": time(22, 0),
        "quiet_hours_end": time(8, 0),
        "demo_mode": False,
        "content_seq": template["content_seq"],
        "plan_seq": template["plan_seq"],
        "last_digest_at": None,
        "created_at": NOW - timedelta(days=120),
    }


def _insert(db: Database, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    table = _table(model)
    columns = list(rows[0])
    with db.unit_of_work() as session:
        bulk_insert(session, table, columns, [[r[c] for c in columns] for r in rows])


def clone_creators(db: Database, templates: Sequence[uuid.UUID], count: int) -> list[uuid.UUID]:
    """``count`` creators, each a copy of a template, linked to a Telegram chat of its own."""
    shapes = [_template_rows(db, t) for t in templates]
    with db.read() as session:
        seqs = {
            c.id: {"content_seq": c.content_seq, "plan_seq": c.plan_seq}
            for c in session.scalars(select(Creator).where(Creator.id.in_(list(templates))))
        }
    created: list[uuid.UUID] = []
    for begin in range(0, count, CHUNK):
        batch = range(begin, min(count, begin + CHUNK))
        ids = new_ids(len(batch))
        owned: dict[str, list[dict[str, Any]]] = {_table(m).name: [] for m in OWNED}
        creators, chats = [], []
        for n, creator_id in zip(batch, ids, strict=True):
            index = n % len(templates)
            creators.append(_creator_row(n, creator_id, seqs[templates[index]]))
            chats.append(_chat_row(n, creator_id))
            for name, rows in _clone(shapes[index], creator_id).items():
                owned[name].extend(rows)
        _insert(db, Creator, creators)
        _insert(db, ChatIdentity, chats)
        for model in OWNED:
            _insert(db, model, owned[_table(model).name])
        created.extend(ids)
    return created


def _chat_row(n: int, creator_id: uuid.UUID) -> dict[str, Any]:
    chat = str(FIRST_CHAT + n)
    return {
        "id": uuid.uuid4(),
        "creator_id": creator_id,
        "kind": "telegram",
        "external_id": chat,
        "chat_id": chat,
        "created_at": NOW - timedelta(days=120),
    }
