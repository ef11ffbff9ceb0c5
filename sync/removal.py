"""Pieces the platform no longer lists: removed from the catalogue after a complete listing.

Shared by every platform's sync (the writer calls it). Only a COMPLETE listing removes anything:
an adapter sets ``Fetched.listed`` only when it paged through the whole account without error,
so an hourly sync (first page only) or a failed sync (nothing is written) never removes a piece.
Only pieces a sync of that platform has written (source ``<platform>-sync``, not demo) are
candidates: a video imported from a file that a sync never matched is left alone. A removed
piece is deleted; its performance, insights and snapshots go with it (foreign keys cascade) and
plan items that named it keep their text (their link is set to NULL).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import ContentPiece

CHUNK = 500


def remove_unlisted(
    session: Session, creator_id: uuid.UUID, platform: str, listed: Collection[str], source: str
) -> int:
    """Delete the creator's synced pieces of ``platform`` missing from ``listed``; how many."""
    c = ContentPiece
    query = select(c.id, c.platform_id).where(
        c.creator_id == creator_id,
        c.platform == platform,
        c.source == source,
        c.is_demo.is_(False),
    )
    gone = [content_id for content_id, pid in session.execute(query) if pid not in listed]
    for start in range(0, len(gone), CHUNK):
        statement = delete(c).where(
            c.creator_id == creator_id, c.id.in_(gone[start : start + CHUNK])
        )
        session.execute(statement.execution_options(synchronize_session=False))
    return len(gone)
