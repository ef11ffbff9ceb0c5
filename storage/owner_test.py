"""The test that rows belong to a creator, written for how the rows are found.

Every query is scoped by its creator. When the rows are also picked by id (a refresh reading the
pieces a write touched), SQLite, planning without statistics, walked the creator's index over
every one of its rows and tested each id (10,000 pieces: 10-15 ms, not 1) instead of looking the
ids up and testing their owner. Written as ``coalesce(owner, owner)`` the test is the same, but no
index serves it, so the ids' is used. PostgreSQL, with statistics, plans either form alike.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, func


def owned_by(column: Any, creator_id: uuid.UUID, *, by_id: bool) -> ColumnElement[bool]:
    """``column == creator_id``; ``by_id``: the query also picks its rows by a list of ids."""
    owner = func.coalesce(column, column) if by_id else column
    test: ColumnElement[bool] = owner == creator_id
    return test
