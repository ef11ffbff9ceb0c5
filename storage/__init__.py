"""Storage layer: typed SQLAlchemy models, migrations, sessions and the unit of work."""

from storage.db import Database, open_database
from storage.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable

__all__ = [
    "Conflict",
    "Database",
    "DomainError",
    "InvalidInput",
    "NotFound",
    "Unavailable",
    "open_database",
]
