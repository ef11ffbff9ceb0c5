"""Bulk inserts convert values exactly as the ORM would, on both backends; ids are ordered v7."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

from sqlalchemy import Table, select, text

from storage import Database
from storage.bulk import (
    bulk_insert,
    bulk_insert_columns,
    bulk_update,
    refresh_statistics,
)
from storage.creators import create_creator
from storage.models import ContentPiece
from storage.row_ids import new_ids
from tests.support.builders import Spec, add_pieces

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_new_ids_are_unique_ascending_version_7() -> None:
    ids = new_ids(1000) + new_ids(1000)
    assert len(set(ids)) == 2000
    assert ids[:1000] == sorted(ids[:1000])
    assert {i.version for i in ids} == {7} and {i.variant for i in ids} == {uuid.RFC_4122}
    millis = ids[0].int >> 80
    now_millis = int(datetime.now(UTC).timestamp() * 1000)
    assert abs(now_millis - millis) < 60_000


def test_new_ids_behave_as_uuids_built_from_their_number() -> None:
    for made in new_ids(3):
        built = uuid.UUID(int=made.int)
        assert made == built and hash(made) == hash(built) and str(made) == str(built)
        assert made.is_safe == built.is_safe and {made: 1}[built] == 1


def test_bulk_instants_are_stored_as_the_orm_stores_them_on_sqlite() -> None:
    from sqlalchemy.dialects import sqlite

    from storage.bulk import _bind_processor

    dialect = sqlite.dialect()
    column = ContentPiece.__table__.c["published_at"]
    orm = column.type.dialect_impl(dialect).bind_processor(dialect)
    fast = _bind_processor(column.type, dialect)
    assert orm is not None and fast is not None
    for offset in (-14 * 60, -90, 0, 330, 14 * 60):
        for micro in (0, 1, 999_999):
            value = datetime(987, 2, 28, 23, 59, 59, micro, timezone(timedelta(minutes=offset)))
            assert fast(value) == orm(value)
    assert fast(None) is orm(None) is None


def test_bulk_insert_round_trips_through_the_orm(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=NOW).id
    local = datetime(2026, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=2)))
    tags = ("a", "b")
    columns: tuple[str, ...] = ("id", "creator_id", "number", "platform", "platform_id")
    columns += ("content_type", "title", "published_at", "publish_time_known", "tags", "is_demo")
    columns += ("source", "created_at", "updated_at")
    ids = new_ids(3)
    rows = [
        (
            ids[n],
            creator_id,
            n + 1,
            "youtube",
            f"v{n}",
            "video",
            f"T{n}",
            local,
            True,
            tags,
            True,
            "t",
            local,
            local,
        )
        for n in range(3)
    ]
    with db.unit_of_work() as session:
        table = cast(Table, ContentPiece.__table__)
        bulk_insert(session, table, columns, rows, repeating=("tags",))
    with db.read() as session:
        pieces = session.scalars(select(ContentPiece).order_by(ContentPiece.number)).all()
        session.expunge_all()
    assert [p.id for p in pieces] == ids
    assert {p.creator_id for p in pieces} == {creator_id}
    assert [p.tags for p in pieces] == [["a", "b"]] * 3
    assert {p.published_at for p in pieces} == {datetime(2026, 3, 1, 16, 30, tzinfo=UTC)}
    assert all(p.is_demo and p.description is None for p in pieces)


def test_constant_columns_store_what_bound_values_store(db: Database) -> None:
    table = cast(Table, ContentPiece.__table__)
    shared = {
        "title": 'It\'s "quoted" -- ; DROP TABLE x',
        "content_type": "video",
        "description": None,
        "duration_seconds": 42,
        "follower_count_at_post": 2**40,
        "published_at": datetime(2026, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=2))),
        "publish_time_known": False,
        "is_demo": True,
        "source": "t",
        "created_at": NOW,
        "updated_at": NOW,
        "tags": ("a",),
    }
    for handle, inline in (("bound", ()), ("inline", (*shared, "creator_id"))):
        with db.unit_of_work() as session:
            creator_id = create_creator(session, handle, now=NOW).id
            columns = ["creator_id", "number", "platform", "platform_id", *shared]
            values = [[creator_id] * 2, [1, 2], ["youtube"] * 2, ["a", "b"]]
            values += [[value] * 2 for value in shared.values()]
            bulk_insert_columns(session, table, columns, values, fresh_ids="id", shared=inline)
    with db.read() as session:
        rows = session.execute(
            text(
                "SELECT c.handle, p.* FROM content_pieces p JOIN creators c"
                " ON c.id = p.creator_id ORDER BY c.handle, p.number"
            )
        ).all()
    drop = {"handle", "id", "creator_id"}
    stored = [{k: v for k, v in r._mapping.items() if k not in drop} for r in rows]
    assert len(stored) == 4 and stored[:2] == stored[2:]
    assert stored[0]["title"] == shared["title"]


def test_bulk_update_stores_each_rows_values_and_an_instant_they_share(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=NOW).id
        table = cast(Table, ContentPiece.__table__)
        ids = new_ids(3)
        columns = ("id", "creator_id", "number", "platform", "platform_id", "content_type")
        columns += ("title", "published_at", "publish_time_known", "tags", "is_demo", "source")
        columns += ("created_at", "updated_at")
        rows = [
            (
                i,
                creator_id,
                n,
                "youtube",
                f"v{n}",
                "video",
                "T",
                NOW,
                True,
                (),
                False,
                "t",
                NOW,
                NOW,
            )
            for n, i in enumerate(ids)
        ]
        bulk_insert(session, table, columns, rows, repeating=("tags",))
        later = datetime(2026, 12, 1, 9, tzinfo=timezone(timedelta(hours=2)))
        changes = [(f"new {n}", n % 2 == 0, later, i) for n, i in enumerate(ids[:2])]
        bulk_update(session, table, ("title", "publish_time_known", "updated_at"), changes)
    with db.read() as session:
        pieces = session.scalars(select(ContentPiece).order_by(ContentPiece.number)).all()
        session.expunge_all()
    assert [p.title for p in pieces] == ["new 0", "new 1", "T"]
    assert [p.publish_time_known for p in pieces] == [True, False, True]
    assert [p.updated_at for p in pieces] == [datetime(2026, 12, 1, 7, tzinfo=UTC)] * 2 + [NOW]


def test_constant_columns_are_stored_as_if_every_row_held_them(db: Database) -> None:
    with db.unit_of_work() as session:
        creator_id = create_creator(session, "mia", now=NOW).id
        table = cast(Table, ContentPiece.__table__)
        ids = [str(n) for n in range(3)]
        columns = ("creator_id", "number", "platform_id", "title", "published_at")
        values = [[creator_id] * 3, [1, 2, 3], ids, ["a", "b", "c"], [NOW] * 3]
        constant = {"platform": "youtube", "content_type": "it's; --", "tags": ["x", None]}
        constant |= {"description": None, "publish_time_known": False, "is_demo": True}
        constant |= {"source": 'q"\\', "created_at": NOW, "updated_at": NOW}
        bulk_insert_columns(session, table, columns, values, fresh_ids="id", constant=constant)
    with db.read() as session:
        pieces = session.scalars(select(ContentPiece).order_by(ContentPiece.number)).all()
        session.expunge_all()
    assert [(p.platform_id, p.title) for p in pieces] == [("0", "a"), ("1", "b"), ("2", "c")]
    for piece in pieces:
        assert (piece.platform, piece.content_type, piece.tags) == (
            "youtube",
            "it's; --",
            ["x", None],
        )
        assert (piece.description, piece.publish_time_known, piece.is_demo) == (None, False, True)
        assert (piece.source, piece.created_at, piece.updated_at) == ('q"\\', NOW, NOW)


def test_refresh_statistics_runs_inside_a_transaction(db: Database) -> None:
    with db.unit_of_work() as session:
        create_creator(session, "mia", now=NOW)
        refresh_statistics(session, [cast(Table, ContentPiece.__table__)])
    with db.read() as session:
        assert session.scalars(select(ContentPiece)).all() == []


def test_fresh_ids_are_the_text_the_uuid_type_binds_on_sqlite() -> None:
    from sqlalchemy.dialects import sqlite

    from storage.bulk import _fresh_ids

    dialect = sqlite.dialect()
    column_type = ContentPiece.__table__.c["id"].type
    bind = column_type.dialect_impl(dialect).bind_processor(dialect)
    made = _fresh_ids(500, column_type, dialect)
    ids = [uuid.UUID(text) for text in made]
    assert bind is not None and [bind(i) for i in ids] == made
    assert ids == sorted(ids) and {i.version for i in ids} == {7}
    assert {i.variant for i in ids} == {uuid.RFC_4122}


def test_each_object_once_converts_every_value_and_each_object_once() -> None:
    from storage.bulk import each_object_once

    shared, own = {"a": 1}, [{"b": n} for n in range(3)]
    values = [shared, *own, *[shared] * 8, None]
    calls: list[object] = []

    def convert(value: object) -> str:
        calls.append(value)
        return repr(value)

    assert each_object_once(values, convert) == [repr(v) for v in values]
    assert len(calls) == 5


def test_bulk_update_in_any_row_order_stores_the_last_value_given_per_id(db: Database) -> None:
    from storage.bulk import bulk_update

    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        ids = add_pieces(session, creator, [Spec(), Spec(), Spec()])
    rows = [("c", ids[2]), ("b", ids[1]), ("first", ids[0]), ("a", ids[0])]
    with db.unit_of_work() as session:
        bulk_update(session, ContentPiece.__table__, ["title"], rows)
    with db.read() as session:
        titles = {
            piece: title
            for piece, title in session.execute(select(ContentPiece.id, ContentPiece.title))
        }
    assert titles == {ids[0]: "a", ids[1]: "b", ids[2]: "c"}


def test_bulk_update_stores_json_values_and_nulls_as_given(db: Database) -> None:
    from storage.bulk import bulk_update

    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        ids = add_pieces(session, creator, [Spec(), Spec()])
    rows = [(["gym", "cardio"], None, ids[0]), ([], "legs", ids[1])]
    with db.unit_of_work() as session:
        bulk_update(session, ContentPiece.__table__, ["tags", "theme"], rows)
    with db.read() as session:
        stored = session.execute(select(ContentPiece.id, ContentPiece.tags, ContentPiece.theme))
        found = {piece: (tags, theme) for piece, tags, theme in stored}
    assert found == {ids[0]: (["gym", "cardio"], None), ids[1]: ([], "legs")}


def test_bulk_update_stores_whole_numbers_given_to_a_float_column_among_fractions(
    db: Database,
) -> None:
    from storage.bulk import bulk_update
    from storage.models import ContentPerformance

    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        add_pieces(session, creator, [Spec(), Spec()])
    with db.read() as session:
        ids = session.scalars(select(ContentPerformance.id).order_by(ContentPerformance.id)).all()
    rows = [(50, 12.5, ids[0]), (62.25, None, ids[1])]
    with db.unit_of_work() as session:
        table = ContentPerformance.__table__
        bulk_update(session, table, ["performance_score", "percentile_rank"], rows)
    with db.read() as session:
        stored = session.execute(
            select(
                ContentPerformance.performance_score, ContentPerformance.percentile_rank
            ).order_by(ContentPerformance.id)
        ).all()
    assert [tuple(row) for row in stored] == [(50.0, 12.5), (62.25, None)]


def test_bulk_update_takes_ids_as_uuids_and_as_hex_digits_in_one_call(db: Database) -> None:
    from storage.bulk import bulk_update

    with db.unit_of_work() as session:
        creator = create_creator(session, "mia", now=NOW)
        ids = add_pieces(session, creator, [Spec(), Spec()])
    rows = [("by uuid", ids[0]), ("by hex", ids[1].hex), ("last", ids[0].hex)]
    with db.unit_of_work() as session:
        bulk_update(session, ContentPiece.__table__, ["title"], rows)
    with db.read() as session:
        titles = dict(session.execute(select(ContentPiece.id, ContentPiece.title)).all())
    assert titles == {ids[0]: "last", ids[1]: "by hex"}
