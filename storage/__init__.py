"""Storage layer: typed SQLAlchemy models, migrations, sessions and the unit of work."""

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

# Imported for its flush hook: ORM writes of pieces, scores and insights stamp their creator.
from storage import data_version as _data_version  # noqa: F401
from storage.db import Database, open_database
from storage.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable

__all__ = [
    "Conflict",
    "Database",
    "DomainError",
    "InvalidInput",
    "NotFound",
    "OperationalError",
    "Session",
    "Unavailable",
    "open_database",
]
