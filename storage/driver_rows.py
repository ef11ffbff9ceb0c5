"""Reading a SELECT's rows as the database driver returns them, in the caller's transaction.

SQLAlchemy turns every value of every row into its Python type (text to UUID, text to datetime
with a regular expression, JSON text to lists, ...) and builds a Row per row. A refresh reading a
creator's whole catalogue only needs a few of those conversions, done column-wise: here the
statement is still built and compiled by SQLAlchemy, but its rows come straight from the
driver's cursor (SQLite: ids as 32-digit hex text, instants as ISO text, flags as 0/1;
PostgreSQL: UUIDs, aware datetimes, booleans). ``as_uuid`` and ``as_utc`` convert such values
to what SQLAlchemy would have given. ``driver_select`` writes out a keyed lookup instead.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Dialect, Select, Table
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

DEFAULT_BATCH = 5000
AnySelect = Select[*tuple[Any, ...]]
_CURSOR_NUMBERS = itertools.count()


def driver_batches(
    session: Session, statement: AnySelect, size: int = DEFAULT_BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """The statement's rows, ``size`` at a time, unconverted (PostgreSQL streams them).

    Bound values are converted by their types as SQLAlchemy would, ``IN`` lists included (each
    item by the list's type).
    """
    if session.autoflush:
        session.flush()  # as session.execute would: pending ORM changes are read too
    connection = session.connection()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    cursor = _cursor(connection)
    try:
        cursor.execute(compiled.string, _params(compiled, connection.dialect))
        while batch := cursor.fetchmany(size):
            yield batch
    finally:
        cursor.close()


def _params(compiled: SQLCompiler, dialect: Dialect) -> Any:
    """The statement's bound values in the driver's form and its parameter style."""
    values = compiled.construct_params() or {}

    def bound(name: str) -> Any:
        # An IN list's items are named after the list ("ids_1_1", "ids_1_2", ... of "ids_1").
        bind = compiled.binds[name if name in compiled.binds else name.rsplit("_", 1)[0]]
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        return values[name] if process is None else process(values[name])

    if compiled.positional:
        return [bound(name) for name in compiled.positiontup or ()]
    return {name: bound(name) for name in values}


def _cursor(connection: Connection) -> Any:
    driver: Any = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        # A server-side cursor, so a million rows are not all held at once; binary, as ids,
        # numbers and instants are read faster so than parsed from text (the same values).
        return driver.cursor(name=f"driver_rows_{next(_CURSOR_NUMBERS)}", binary=True)
    return driver.cursor()


def driver_rows(session: Session, statement: AnySelect) -> list[tuple[Any, ...]]:
    """All the statement's rows, unconverted (see ``driver_batches``)."""
    return [row for batch in driver_batches(session, statement) for row in batch]


def driver_select(
    session: Session,
    table: Table,
    columns: Sequence[str],
    equal: Mapping[str, Any],
    within: tuple[str, Sequence[Any]],
) -> list[tuple[Any, ...]]:
    """``SELECT columns FROM table WHERE c = v ... AND column IN (values)``, as the driver gives it.

    Written out, not compiled: a lookup per chunk of 1,000 keys would compile a new statement
    each time. Every value must already be in the driver's form (``driver_value``).
    """
    if session.autoflush:
        session.flush()
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    conditions = [f"{quote(table.c[name].name)} = {mark}" for name in equal]
    name, values = within
    conditions.append(f"{quote(table.c[name].name)} IN ({', '.join([mark] * len(values))})")
    selected = ", ".join(quote(table.c[name].name) for name in columns)
    # Only the table's own (quoted) identifiers and placeholders go into the text.
    sql = f"SELECT {selected} FROM {quote(table.name)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    params = (*equal.values(), *values)
    return [tuple(row) for row in connection.exec_driver_sql(sql, params).fetchall()]


def driver_value(session: Session, column: Any, value: Any) -> Any:
    """``value`` as ``column``'s type binds it (SQLite: a UUID as its hex text)."""
    dialect = session.connection().dialect
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def as_uuid(raw: Any) -> uuid.UUID:
    """An id as the driver returned it (SQLite: hex text) as a UUID."""
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(raw)


def as_utc_all(raws: Sequence[Any]) -> list[datetime]:
    """``as_utc`` of every value: SQLite's naive texts parsed with the UTC offset appended (one
    object each, not a naive one and its aware copy); anything else value by value."""
    try:
        return [datetime.fromisoformat(raw + "+00:00") for raw in raws]
    except (TypeError, ValueError):  # not text, or text with an offset of its own
        return list(map(as_utc, raws))


def as_utc(raw: Any) -> datetime:
    """A UTCDateTime value as the driver returned it (SQLite: naive ISO text) as aware UTC."""
    if isinstance(raw, str):
        return datetime.fromisoformat(raw).replace(tzinfo=UTC)
    if raw.tzinfo is None:
        return raw.replace(tzinfo=UTC)  # type: ignore[no-any-return]
    return raw.astimezone(UTC)  # type: ignore[no-any-return]
