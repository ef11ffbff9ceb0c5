"""What the ingestion pipeline calls after every write: rescore, themes, insights.

PLACEHOLDER until the insights engine (issue 4) lands: it stores nothing, so no fake scores
ever reach a creator. The insights engine replaces the body of ``refresh_creator``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session


def refresh_creator(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
    """Rescore the creator's pieces and refresh theme aggregates and insights (in ``session``)."""
    del session, creator_id, now
