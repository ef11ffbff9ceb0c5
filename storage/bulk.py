"""Fast executemany INSERTs and UPDATEs of plain rows, inside the caller's session and transaction.

SQLAlchemy's executemany spends most of its time building a parameter dict per row. Here each
column's own bind processor (the same conversion SQLAlchemy applies: UUID to text on SQLite,
aware datetimes to UTC, JSON to text, ...) runs once per distinct object of a column, and the
rows go straight to the driver's executemany (PostgreSQL: COPY) on the session's connection.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, Table
from sqlalchemy.orm import Session

from storage.row_ids import id_numbers, new_id_texts, uuid_of
from storage.types import UTCDateTime

Processor = Callable[[Any], Any]


def bulk_insert(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    repeating: Collection[str] = (),
    fresh_ids: str | None = None,
) -> None:
    """Insert ``rows`` (values in ``columns`` order) into ``table`` in one round of writes.

    SQLite gets one executemany; PostgreSQL (psycopg 3) gets one COPY, which is several times
    faster than row-by-row INSERTs there. ``repeating`` names columns whose (hashable) values
    recur: each distinct value is converted once; so is each object recurring in any column.
    ``fresh_ids`` names an id column left out of ``columns`` and the rows: each row gets a new
    id (``storage.row_ids.new_ids``), made straight in the driver's form. Column defaults are
    not applied: give every NOT NULL column.
    """
    if rows:
        values = list(zip(*rows, strict=True))
        bulk_insert_columns(
            session, table, columns, values, repeating=repeating, fresh_ids=fresh_ids
        )


def bulk_insert_columns(
    session: Session,
    table: Table,
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    *,
    repeating: Collection[str] = (),
    fresh_ids: str | None = None,
    ready: Collection[str] = (),
    shared: Collection[str] = (),
    constant: Mapping[str, Any] | None = None,
    numbers: Sequence[int] | None = None,
) -> None:
    """``bulk_insert`` of rows given a column at a time (``values[i]``: column ``columns[i]``).

    For callers that build each column in one pass: no row tuples to build and take apart.
    ``constant`` gives columns (not in ``columns``) that hold the same value in every row,
    converted once: on SQLite it is written into the statement as a literal where one stores
    exactly the bound value (text, integers, whole floats, NULL), so a row binds only its own
    values; elsewhere, and for other values, every row carries it.
    ``shared`` names columns of ``columns`` holding one value on every row: they are taken as
    ``constant``. ``ready`` names columns whose values are in the driver's form already
    (``driver_ids``).
    """
    if not values or not values[0]:
        return
    connection = session.connection()
    dialect = connection.dialect
    if shared:
        columns, values, constant = _shared(columns, values, shared, constant)
    processors = [
        None if name in ready else _bind_processor(table.c[name].type, dialect) for name in columns
    ]
    cached = {columns.index(name) for name in repeating if name in columns}
    count = len(values[0])
    ids = None
    if fresh_ids is not None:
        ids = _fresh_ids(count, table.c[fresh_ids].type, dialect, numbers)
    converted = _converted(values, processors, cached, ids)
    names = [fresh_ids, *columns] if fresh_ids is not None else list(columns)
    _write(connection, table, names, converted, constant or {})


def _shared(
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    shared: Collection[str],
    constant: Mapping[str, Any] | None,
) -> tuple[list[str], list[Sequence[Any]], dict[str, Any]]:
    """The columns and values without the ``shared`` ones, and those as constants."""
    moved = {name: values[columns.index(name)][0] for name in shared}
    kept = [i for i, name in enumerate(columns) if name not in moved]
    return [columns[i] for i in kept], [values[i] for i in kept], {**(constant or {}), **moved}


def _write(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    constant: Mapping[str, Any],
) -> None:
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    bound, written = _constants(table, constant, dialect)
    if bound:
        tail = tuple(bound.values())
        rows = [row + tail for row in rows]
    # Only identifiers of the Table itself (quoted), placeholders and plain literals
    # (_sql_literal) go into the text.
    names = ", ".join(quote(table.c[name].name) for name in [*columns, *bound, *written])
    if dialect.driver == "psycopg":
        _copy(connection, f"COPY {quote(table.name)} ({names}) FROM STDIN", rows)
        return
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    marks = ", ".join([placeholder] * (len(columns) + len(bound)) + list(written.values()))
    sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"  # noqa: S608
    connection.exec_driver_sql(sql, rows)


def _constants(
    table: Table, constant: Mapping[str, Any], dialect: Dialect
) -> tuple[dict[str, Any], dict[str, str]]:
    """The constant columns' driver values to bind in every row, and the literals to write into
    a qmark statement instead (SQLite's: a pyformat driver would read ``%`` in them)."""
    bound: dict[str, Any] = {}
    written: dict[str, str] = {}
    for name, value in constant.items():
        process = _bind_processor(table.c[name].type, dialect)
        driver = value if process is None else process(value)
        text = _sql_literal(driver) if dialect.paramstyle == "qmark" else None
        if text is None:
            bound[name] = driver
        else:
            written[name] = text
    return bound, written


def _sql_literal(value: Any) -> str | None:
    """A driver value as an SQLite literal that stores exactly what binding it would (None when
    there is none: a float that is not a whole number, bytes, ...)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):  # bool included: stored as 0 / 1 either way
        return str(int(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return repr(value)  # "0.0": a REAL, exactly
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _bind_processor(column_type: Any, dialect: Dialect) -> Processor | None:
    if dialect.name == "sqlite" and isinstance(column_type, UTCDateTime):
        return _sqlite_instant
    if dialect.driver == "psycopg" and isinstance(column_type, JSON):
        # COPY takes the text psycopg's Json wrapper would send: the dialect's serialiser (or
        # json.dumps, psycopg's default), with SQLAlchemy's own NULL rules.
        serialise = getattr(dialect, "_json_serializer", None) or json.dumps
        return column_type._make_bind_processor(None, serialise)  # type: ignore[no-any-return,no-untyped-call]
    return column_type.dialect_impl(dialect).bind_processor(dialect)  # type: ignore[no-any-return]


def _sqlite_instant(value: datetime | None) -> str | None:
    """UTCDateTime's then SQLite DATETIME's conversion in one step: the same text (ISO format,
    microseconds, UTC without offset), a third of the time."""
    if value is None:
        return None
    if value.tzinfo is UTC and type(value) is datetime:  # its own text less "+00:00": 30% faster
        return value.isoformat(" ", "microseconds")[:-6]
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column; attach a timezone first")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _copy(connection: Connection, statement: str, rows: list[tuple[Any, ...]]) -> None:
    # The driver connection is the session's own, so COPY joins the caller's transaction.
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)


def _converted(
    values: Sequence[Sequence[Any]],
    processors: Sequence[Processor | None],
    cached: set[int],
    first: list[Any] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of the columns, each value converted by its column's processor (``first``,
    already converted, put before the others)."""
    columns = [
        column if process is None else _column(column, process, index in cached)
        for index, (column, process) in enumerate(zip(values, processors, strict=True))
    ]
    if first is not None:
        columns.insert(0, first)
    return list(zip(*columns, strict=True))


def _column(values: Sequence[Any], process: Processor, cached: bool) -> Sequence[Any]:
    """Each distinct value converted once: equal ones for a ``repeating`` column, else the same
    object (owner ids, timestamps, a piece's id on its rows, JSON dicts shared by many rows)."""
    if cached:
        by_value = {value: process(value) for value in set(values)}
        return list(map(by_value.__getitem__, values))
    return each_object_once(values, process)


def each_object_once(values: Sequence[Any], process: Processor) -> list[Any]:
    """``[process(v) for v in values]``, calling ``process`` once per distinct object (it must
    depend on the value only): the lookups run in C, so a column of few objects costs little."""
    objects = dict(zip(map(id, values), values, strict=True))
    if len(objects) == 1:
        return [process(values[0])] * len(values)
    if len(objects) > len(values) // 2:  # mostly distinct: a lookup per value costs more
        return list(map(process, values))
    by_object = {key: process(value) for key, value in objects.items()}
    return list(map(by_object.__getitem__, map(id, values)))


def bulk_update(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE ``columns`` by primary key (each row: the values, then the id) in one executemany.

    Each value goes through its column's own bind processor (UTC datetimes, ...), as SQLAlchemy
    would, without building a parameter dict per row (a column at a time, each object once).
    The id is a UUID or already in the driver's form (as ``storage.driver_rows`` reads it; on
    PostgreSQL its 32 hex digits will do too).
    """
    connection = session.connection()
    dialect = connection.dialect
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in columns]
    process_id = table.c["id"].type.dialect_impl(dialect).bind_processor(dialect)
    if dialect.name == "postgresql":  # the ids sent as one array of one type: hex digits
        process_id = _hex
    processors.append(_id_processor(process_id))
    if not rows:
        return
    converted = _converted(list(zip(*rows, strict=True)), processors, set())
    # In key order the lookups walk the index (and, with time-ordered ids, the table) pages
    # in turn instead of jumping between them; a stable sort keeps repeated ids in order.
    converted.sort(key=itemgetter(-1))
    if dialect.name == "postgresql":
        _update_from_arrays(connection, table, columns, converted)
        return
    quote = dialect.identifier_preparer.quote
    assignments = ", ".join(f"{quote(n)} = ?" for n in columns)
    # Only the table's own (quoted) identifiers and placeholders go into the text.
    sql = f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote('id')} = ?"  # noqa: S608
    connection.exec_driver_sql(sql, converted)


def _update_from_arrays(
    connection: Connection, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """PostgreSQL: one UPDATE joined to the rows sent as one array per column. An executemany
    runs the statement once per row on the server (6,000 changed scores: ~150 ms of the
    refresh after a write); this plans and runs it once. A join takes one row per id, so
    only the last given per id is sent (an executemany applies them in turn: the last wins)."""
    last = list({row[-1]: row for row in rows}.values())
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = [*columns, "id"]
    types = [table.c[name].type.compile(dialect=dialect) for name in names]
    # Sent binary (%b): psycopg's text form of an array checks every element for quoting.
    arrays = ", ".join(f"%b::{kind}[]" for kind in types)
    fields = ", ".join(quote(name) for name in names)
    assignments = ", ".join(f"{quote(n)} = v.{quote(n)}" for n in columns)
    target = quote(table.name)
    # Only the table's own (quoted) identifiers, its column types and placeholders go in.
    sql = (
        f"UPDATE {target} SET {assignments} FROM unnest({arrays}) AS v({fields}) "  # noqa: S608
        f"WHERE {target}.{quote('id')} = v.{quote('id')}"
    )
    sent = [
        _of_one_type(table.c[name].type, column)
        for name, column in zip(names, zip(*last, strict=True), strict=True)
    ]
    connection.exec_driver_sql(sql, tuple(sent))


def _of_one_type(column_type: Any, values: Sequence[Any]) -> list[Any]:
    """A column's values as one Python type: psycopg dumps no list of mixed types, where an
    executemany took each value apart (a float column given whole numbers; ids given as UUIDs
    and as the hex digits ``storage.driver_rows`` may read)."""
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return list(values)
    if kind is float:
        return [v if v is None or type(v) is float else float(v) for v in values]
    if kind is uuid.UUID:
        return [v if v is None or type(v) is str else v.hex for v in values]
    return list(values)


def _hex(value: uuid.UUID) -> str:
    return value.hex


def _id_processor(process: Processor | None) -> Processor | None:
    if process is None:
        return None
    return lambda value: process(value) if isinstance(value, uuid.UUID) else value


def driver_ids(session: Session, column: Any, count: int) -> list[Any]:
    """``count`` fresh ids (as ``storage.row_ids.new_ids``) in the form the driver binds for
    ``column``: for ``bulk_insert_columns(ready=...)``, without a UUID object per id to build
    and convert."""
    return _fresh_ids(count, column.type, session.connection().dialect)


def _fresh_ids(
    count: int, column_type: Any, dialect: Dialect, numbers: Sequence[int] | None = None
) -> list[Any]:
    """``new_ids`` (or those of ``numbers``) as the id column binds them: SQLite's CHAR(32) holds
    the hex digits (what the Uuid type stores), and COPY reads a uuid from the same text; other
    drivers get UUIDs."""
    if takes_hex_ids(dialect):
        return new_id_texts(count) if numbers is None else list(map("{:032x}".format, numbers))
    process = _bind_processor(column_type, dialect)
    made = list(map(uuid_of, id_numbers(count) if numbers is None else numbers))
    return made if process is None else list(map(process, made))


def takes_hex_ids(dialect: Dialect) -> bool:
    """Whether the driver takes a Uuid column's values as their 32 hex digits: SQLite's
    CHAR(32) stores them, and COPY reads a uuid from the same text."""
    return dialect.name == "sqlite" or dialect.driver == "psycopg"


def refresh_statistics(session: Session, tables: Sequence[Table]) -> None:
    """Let PostgreSQL's planner see how big the tables have become (no-op on SQLite).

    Right after a large load, PostgreSQL still plans with the statistics of a small table and
    stops using indexes properly (a keyed lookup filters every row of the creator instead).
    ANALYZE in the same transaction samples the new rows too.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(table.name) for table in tables)
    connection.exec_driver_sql(f"ANALYZE {names}")
