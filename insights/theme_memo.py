"""Theming after a write reads only the pieces the transaction wrote, not every piece again.

Every refresh themes every piece first (insights.theme_assign), reading each piece's theme: at
10,000 pieces ~15 ms for an import of a hundred. A piece's theme can change only when it is
written, when the creator's theme choices change, or when the words are clustered anew. So after
``refresh_creator`` this process keeps, per creator, the data stamp it leaves and a digest of the
choices the themes were given under. The next assignment reads only the pieces its transaction
wrote (storage/piece_delta.py) when nobody else can have written since (storage/stamp_chain.py,
as insights.column_cache) and the choices digest is the same; a clustering, or any doubt, and
every piece is read, as before.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping

from sqlalchemy.orm import Session

from insights.uuid_array import distinct_bytes
from storage.data_version import held_stamp
from storage.kept_per_process import KeptPerProcess, keep_stamped
from storage.piece_delta import written
from storage.process_keys import process_key
from storage.stamp_chain import hold, trusted_since

MAX_CREATORS = 4096
_DIGESTS = "theme_memo_digests"  # session.info: creator -> the choices its themes were given under
_KEPT: KeptPerProcess[tuple[uuid.UUID, bytes]] = KeptPerProcess(most=MAX_CREATORS)


def choices_digest(names: Mapping[str, str], pieces: Mapping[str, str]) -> bytes:
    """A digest of the creator's renames, merges and per-piece themes."""
    text = json.dumps([sorted(names.items()), sorted(pieces.items())])
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def written_since(session: Session, creator_id: uuid.UUID, digest: bytes) -> list[uuid.UUID] | None:
    """The pieces to theme again when every other one is themed as this process's last refresh
    left it under the same choices (None: theme every piece)."""
    session.info.setdefault(_DIGESTS, {})[creator_id] = digest
    entry = _KEPT.get(process_key(session, creator_id))
    record = written(session, creator_id)
    if entry is None or entry[1] != digest or record is None or record.pieces is None:
        return None
    # The row held first (as column_cache does): a stale stamp then only fails the check.
    if not hold(session, creator_id) or not trusted_since(session, creator_id, entry[0]):
        return None
    return [uuid.UUID(bytes=raw) for raw in distinct_bytes(list(record.pieces))]


def remember_themes(session: Session, creator_id: uuid.UUID) -> None:
    """After ``refresh_creator`` stored everything: every piece is themed under the choices its
    assignment read, as of the stamp left now."""
    digest = session.info.get(_DIGESTS, {}).pop(creator_id, None)
    stamp = None if digest is None else held_stamp(session, creator_id)
    keep_stamped(_KEPT, session, creator_id, stamp, digest)


def clear() -> None:
    """Forget every creator (tests)."""
    _KEPT.clear()
