"""A creator's saved column mappings (``--save-mapping NAME`` / ``--mapping NAME``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.importing.mapping import FIELD_NAMES, check_name
from storage.errors import NotFound
from storage.models import ImportMapping


def save_mapping(
    session: Session, creator_id: uuid.UUID, name: str, mapping: Mapping[str, str], now: datetime
) -> None:
    """Keep ``mapping`` under ``name`` for the creator (replacing one of the same name)."""
    name = check_name(name)
    stored = _find(session, creator_id, name)
    fields = {f: c for f, c in mapping.items() if f in FIELD_NAMES}
    if stored is None:
        session.add(ImportMapping(creator_id=creator_id, name=name, fields=fields, created_at=now))
    else:
        stored.fields = fields
    session.flush()


def load_mapping(session: Session, creator_id: uuid.UUID, name: str) -> dict[str, str]:
    """The creator's mapping called ``name``; NotFound listing the saved ones."""
    stored = _find(session, creator_id, check_name(name))
    if stored is None:
        names = mapping_names(session, creator_id)
        known = f"saved: {', '.join(names)}" if names else "none is saved yet"
        raise NotFound(f"no saved mapping {name!r} ({known}); save one with --save-mapping")
    return {str(f): str(c) for f, c in stored.fields.items()}


def mapping_names(session: Session, creator_id: uuid.UUID) -> list[str]:
    """The names of the creator's saved mappings."""
    stmt = select(ImportMapping.name).where(ImportMapping.creator_id == creator_id)
    return sorted(session.scalars(stmt.order_by(ImportMapping.name)))


def _find(session: Session, creator_id: uuid.UUID, name: str) -> ImportMapping | None:
    stmt = select(ImportMapping).where(
        ImportMapping.creator_id == creator_id, ImportMapping.name == name
    )
    return session.scalar(stmt)
