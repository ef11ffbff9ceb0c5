"""Insight rows written below SQLAlchemy are stored byte for byte as the ORM stores them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from insights import refresh
from insights.factors import NO_PIECE_DATA
from insights.insight_rows import (
    INSERT_COLUMNS,
    LinkColumns,
    Values,
    insert_insights,
    insert_link_columns,
    insight_values,
    insights_for,
    link_values,
    piece_insights,
)
from insights.view_models import Insight
from storage import Database
from storage.models import ContentInsight, ContentPiece
from tests.insights.simulated import simulated_creator
from tests.support.builders import NOW

CI = ContentInsight
ODD_TEXT = 'Tab\there, "quotes", back\\slash,\nnew line, \r, \\N, ünïcødé ✓ and 💡'


def odd_rows(creator_id: uuid.UUID, content_id: uuid.UUID) -> list[Values]:
    """Rows whose values a hand-made conversion could get wrong: escapes, unicode, floats,
    nested JSON, a title longer than its column, a shared empty dict, another time zone."""
    data = {"source": ODD_TEXT, "nested": [1, 2.5, None, True, {"ü": "\t"}], "big": 1e300}
    insight = Insight(ODD_TEXT * 20, ODD_TEXT, "high", False, "pattern", None, 0.1 + 0.2, data)
    local = NOW.astimezone(timezone(timedelta(hours=-9, minutes=-30)))
    figures = {"lift": 1 / 3, "median": 12345.678901234567, "tiny": 5e-324}
    return [
        insight_values(creator_id, None, insight, local, figures),
        insight_values(creator_id, content_id, insight, NOW, None),
        link_values(creator_id, content_id, "no:such-pattern", True, NO_PIECE_DATA, NOW),
        link_values(creator_id, content_id, "no:such-pattern", False, NO_PIECE_DATA, NOW),
        link_values(creator_id, content_id, "x", True, {"posted_local": local.isoformat()}, NOW),
    ]


def refresh_rows(db: Database, creator_id: uuid.UUID, monkeypatch: pytest.MonkeyPatch) -> list:
    """The rows a full refresh stores (recorded as they are handed to ``insert_insights``; its
    links, handed over as columns, as ``link_values`` makes each one's row)."""
    recorded: list[Values] = []

    def recording(session: Session, rows: list[Values]) -> None:
        recorded.extend(rows)
        insert_insights(session, rows)

    def recording_links(
        session: Session, owner: uuid.UUID, links: LinkColumns, now: datetime
    ) -> None:
        for digits, key, positive, data in zip(*links, strict=True):
            recorded.append(link_values(owner, uuid.UUID(digits), key, positive, data, now))
        insert_link_columns(session, owner, links, now)

    monkeypatch.setattr(refresh, "insert_insights", recording)
    monkeypatch.setattr(refresh, "insert_link_columns", recording_links)
    with db.unit_of_work() as session:
        refresh.refresh_all(session, creator_id, NOW)
    return recorded


def write_through_the_orm(session: Session, rows: list[Values]) -> None:
    session.add_all(
        CI(id=uuid.uuid4(), **dict(zip(INSERT_COLUMNS[1:], row, strict=True))) for row in rows
    )


def stored_bytes(session: Session, creator_id: uuid.UUID) -> list[tuple[Any, ...]]:
    """Every stored column but the id as the database holds it: SQLite's value and storage
    class, PostgreSQL's text form of each value (JSON as given)."""
    connection = session.connection()
    table: Any = CI.__table__
    columns = [c.name for c in table.columns if c.name != "id"]
    if connection.dialect.name == "sqlite":
        selected = ", ".join(f"{c}, typeof({c})" for c in columns)
        key = uuid.UUID(str(creator_id)).hex
    else:
        selected = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
        key = str(creator_id)
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"SELECT {selected} FROM content_insights WHERE creator_id = {mark}"
    return sorted((tuple(row) for row in connection.exec_driver_sql(sql, (key,)).all()), key=repr)


def read_back(session: Session, creator_id: uuid.UUID) -> dict[str, Any]:
    """What the ORM and the readers make of the creator's stored insights."""
    pieces = list(
        session.scalars(select(ContentPiece.id).where(ContentPiece.creator_id == creator_id))
    )
    entities = session.scalars(select(CI).where(CI.creator_id == creator_id)).all()
    columns = [c.key for c in CI.__table__.columns if c.key != "id"]  # type: ignore[attr-defined]
    orm = sorted(repr([getattr(e, c) for c in columns]) for e in entities)
    session.expunge_all()
    return {
        "orm": orm,
        "piece_insights": piece_insights(session, creator_id, pieces),
        "insights_for": insights_for(session, creator_id, pieces),
    }


def test_driver_written_insight_rows_equal_orm_written_ones(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    creator_id = simulated_creator(db, pieces=120)
    rows = refresh_rows(db, creator_id, monkeypatch)
    with db.unit_of_work() as session:
        content_id = session.scalars(select(ContentPiece.id).limit(1)).one()
        extra = odd_rows(creator_id, content_id)
        insert_insights(session, extra)
    rows += extra
    assert sum(row[9] for row in rows) > 100, "the refresh should store pattern factors as links"
    with db.read() as session:
        by_driver, driver_read = stored_bytes(session, creator_id), read_back(session, creator_id)
    with db.unit_of_work() as session:
        session.execute(delete(CI).where(CI.creator_id == creator_id))
        write_through_the_orm(session, rows)
    with db.read() as session:
        by_orm, orm_read = stored_bytes(session, creator_id), read_back(session, creator_id)
    assert len(by_driver) == len(rows)
    assert by_driver == by_orm
    assert driver_read == orm_read
