"""Whether a creator's data can have changed since a stamp only by the current transaction.

A process that remembers what it stored for a creator (insights.factor_memo) may rely on that
in a later transaction only if nobody else wrote the creator's data in between. Stamps are
random (storage/data_version.py), so the proof is a compare-and-set: the transaction's first
stamp write for the creator replaces the stamp only where it still is the one this process
left (``left``), which both databases decide under the creator row's write lock. From then on
the transaction holds that lock, so no other writer can commit a change to the creator's data
until it ends. A rolled-back savepoint (whose locks may be gone), a statement that stamps
every creator, or any doubt, and nothing is trusted: the caller compares with the database.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction

from storage.models import Creator
from storage.process_keys import process_key

_LINKS = "stamp_chain_links"
_ALL_BROKEN = "stamp_chain_all_broken"
MAX_REMEMBERED = 4096
_TABLE: Any = Creator.__table__
_STAMP = select(_TABLE.c.data_version).where(_TABLE.c.id == bindparam("creator"))
_LEFT: OrderedDict[tuple[str, uuid.UUID], uuid.UUID] = OrderedDict()
_LOCK = threading.Lock()


@dataclass
class _Link:
    """One creator in one transaction: its row locked by it, and the stamp it still stands on."""

    locked: bool
    trusted: uuid.UUID | None


def first_stamp(session: Session, connection: Connection, creator_id: uuid.UUID) -> bool:
    """Stamp the creator if this transaction has not yet, by compare-and-set against the stamp
    this process left; False when the caller must stamp it plainly (also when already linked)."""
    links = _links(session)
    if creator_id in links:
        return False
    expected = _left(connection, creator_id)
    done = expected is not None and _swap(connection, creator_id, expected, uuid.uuid4())
    links[creator_id] = _Link(locked=True, trusted=expected if done else None)
    return done


def trusted_since(session: Session, creator_id: uuid.UUID, stamp: uuid.UUID) -> bool:
    """True when only this transaction can have written the creator's data since ``stamp``."""
    if session.info.get(_ALL_BROKEN):
        return False
    links = _links(session)
    link = links.get(creator_id)
    if link is None:  # nothing written yet: lock the row where it still holds the stamp
        held = _swap(session.connection(), creator_id, stamp, stamp)
        links[creator_id] = link = _Link(locked=held, trusted=stamp if held else None)
    return link.trusted == stamp


def hold(session: Session, creator_id: uuid.UUID) -> bool:
    """True when this transaction holds the creator's row, taking it (standing on the current
    stamp) if it has not stamped it yet: until it ends, nobody else commits the creator's data."""
    if session.info.get(_ALL_BROKEN):
        return False
    link = _links(session).get(creator_id)
    if link is None:
        stamp = session.connection().execute(_STAMP, {"creator": creator_id}).scalar()
        if stamp is None:
            return False
        trusted_since(session, creator_id, stamp)
        link = _links(session)[creator_id]
    return link.locked


def left(session: Session, creator_id: uuid.UUID, stamp: uuid.UUID) -> None:
    """Note the stamp this transaction leaves after storing what the process remembers."""
    key = process_key(session, creator_id)
    with _LOCK:
        _LEFT[key] = stamp
        _LEFT.move_to_end(key)
        while len(_LEFT) > MAX_REMEMBERED:
            _LEFT.popitem(last=False)
    link = _links(session).get(creator_id)
    if link is not None and link.locked and not session.info.get(_ALL_BROKEN):
        link.trusted = stamp


def forget(session: Session, creator_id: uuid.UUID) -> None:
    """Trust nothing the process remembers of the creator (a writer replaced it all)."""
    with _LOCK:
        _LEFT.pop(process_key(session, creator_id), None)
    link = _links(session).get(creator_id)
    if link is not None:
        link.trusted = None


def break_all(session: Session) -> None:
    """A statement stamped every creator: trust none for the rest of the transaction."""
    session.info[_ALL_BROKEN] = True


def _links(session: Session) -> dict[uuid.UUID, _Link]:
    links: dict[uuid.UUID, _Link] = session.info.setdefault(_LINKS, {})
    return links


def _left(connection: Connection, creator_id: uuid.UUID) -> uuid.UUID | None:
    with _LOCK:
        return _LEFT.get((str(connection.engine.url), creator_id))


def _swap(connection: Connection, creator_id: uuid.UUID, old: uuid.UUID, new: uuid.UUID) -> bool:
    """Set the stamp to ``new`` where it is ``old``: True when it was."""
    where = (_TABLE.c.id == creator_id) & (_TABLE.c.data_version == old)
    return connection.execute(update(_TABLE).where(where).values(data_version=new)).rowcount == 1


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: SessionTransaction) -> None:
    for link in _links(session).values():
        link.locked, link.trusted = False, None


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_LINKS, None)
        session.info.pop(_ALL_BROKEN, None)
