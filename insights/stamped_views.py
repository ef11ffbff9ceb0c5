"""Views kept per creator, request and data stamp, and the one way to ask for one.

Read the creator's stamp (storage/data_version.py), return the kept view while it holds (the same
stamp, and not past the instant its build said it changes), else build it and keep it. Any write
to the creator's data moves the stamp, so a kept view is always what a rebuild would give.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from insights.view_cache import Entry, ViewCache
from storage.data_version import read_state
from storage.errors import NotFound

View = TypeVar("View")
# The view and the instant it stops holding without a write (None: only a write ends it).
Built = tuple[View, datetime | None]


def stamped_view(
    cache: ViewCache,
    session: Session,
    creator_id: uuid.UUID,
    request: Hashable,
    now: datetime,
    build: Callable[[], Built[View]],
) -> View:
    """The creator's view for ``request`` as of ``now``: kept, or built by ``build`` and kept."""
    state = read_state(session, creator_id)
    if state is None:
        raise NotFound("creator not found")
    key = (creator_id, request)
    kept = cache.get(key, state, now)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    view, valid_until = build()
    cache.put(key, Entry(state, now, valid_until, view))
    return view
