"""A refresh with nothing to do is skipped: the stored insights are already what it would store.

What a refresh stores depends on the creator's data (pieces, scores, insights, theme choices:
every write to them gives the creator a fresh data stamp, storage/data_version.py), the
creator's timezone, and the time only through which pieces are still provisional (published
less than ``provisional_age`` ago). So after a refresh this process remembers the stamp and
timezone it left and the first instant a provisional piece comes of age; a later refresh that
finds the same stamp and timezone before that instant would compute and store exactly the same
rows, and returns at once. An hourly sync that found nothing new costs one read.

The memo is per process, like the view caches: another process's write changes the stamp, and
a rolled-back refresh leaves a stamp that was never committed (stamps are random), so neither
can make a stale hit. The nightly full refresh never reads it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.view_cache import Entry, ViewCache
from storage.data_version import read_state
from storage.process_keys import process_key

# One entry per creator refreshed by this process, the least recently refreshed dropped first.
MEMO = ViewCache(size=4096)


def remembered(session: Session, creator_id: uuid.UUID, now: datetime) -> object | None:
    """What the last refresh of the creator returned, if a refresh now would change nothing."""
    return MEMO.get(process_key(session, creator_id), read_state(session, creator_id), now)


def remember(
    session: Session, creator_id: uuid.UUID, now: datetime, until: datetime | None, result: object
) -> None:
    """Note a refresh just computed and stored (its writes included in the stamp read here)."""
    state = read_state(session, creator_id)
    # No stamp: nothing was ever written for the creator (and a stamp of None could match
    # another database's creator of the same id in this process).
    if state is not None and state[1] is not None:
        MEMO.put(process_key(session, creator_id), Entry(state, now, until, result))


def coming_of_age(
    published_at: Sequence[datetime], provisional: NDArray[np.bool_], age: timedelta
) -> datetime | None:
    """When the first provisional piece stops being provisional (None: none is)."""
    young = [t for t, p in zip(published_at, provisional.tolist(), strict=True) if p]
    return min(young) + age if young else None
