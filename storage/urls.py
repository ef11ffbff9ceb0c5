"""Database URLs as settings see them: whether one parses, and the password it carries."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


def check_database_url(value: str) -> str:
    """``value`` unchanged, or ValueError when it is not a database URL."""
    try:
        make_url(value)
    except ArgumentError:
        raise ValueError(
            "not a database URL (e.g. sqlite:///path or postgresql+psycopg://…)"
        ) from None
    return value


def database_password(value: str) -> str | None:
    """The password in a database URL (for log redaction), if it has one."""
    password = make_url(value).password
    return str(password) if password else None
