"""Every piece gets a theme: the creator's choice, else the source's, else one inferred.

Runs at the start of every refresh, so pieces arriving from any source are themed, and the
creator's renames, merges and per-piece themes (theme_choices) are applied again after every
re-import and every re-inference.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from insights.theme_inference import infer_themes
from insights.validation import MAX_THEME
from storage.models import ContentPiece, ThemeChoice

C = ContentPiece
NAME, PIECE = "name", "piece"
MAX_TEXT = 2000
_COLUMNS = (C.id, C.platform, C.platform_id, C.theme)


def piece_key(platform: str, platform_id: str) -> str:
    """How a piece is named in theme_choices: stable across re-imports."""
    return f"{platform}:{platform_id}"


def assign_themes(session: Session, creator_id: uuid.UUID) -> int:
    """Theme every piece of the creator; returns how many pieces changed theme."""
    names, pieces = choices(session, creator_id)
    rows = session.execute(
        select(*_COLUMNS, C.theme_inferred).where(C.creator_id == creator_id).order_by(C.number)
    ).all()
    wanted: dict[uuid.UUID, tuple[str | None, bool]] = {}
    to_infer = []
    for row in rows:
        chosen = pieces.get(piece_key(row.platform, row.platform_id))
        if chosen is not None:
            wanted[row.id] = (chosen, False)
        elif row.theme is None or row.theme_inferred:
            to_infer.append(row)
        else:
            wanted[row.id] = (resolve(names, row.theme), False)
    inferred = infer_themes(_texts(session, creator_id, to_infer), [r.theme for r in to_infer])
    for row, theme in zip(to_infer, inferred, strict=True):
        wanted[row.id] = (resolve(names, theme), True)
    return _write(session, rows, wanted)


def _texts(session: Session, creator_id: uuid.UUID, rows: Sequence[Any]) -> list[str]:
    """The words of the pieces to infer, read only for them (a demo's themed pieces need none)."""
    if not rows:
        return []
    found = session.execute(
        select(C.id, C.title, C.tags, C.description).where(C.creator_id == creator_id)
    )
    wanted = {row.id for row in rows}
    texts = {r.id: _text(r) for r in found if r.id in wanted}
    return [texts[row.id] for row in rows]


def choices(session: Session, creator_id: uuid.UUID) -> tuple[dict[str, str], dict[str, str]]:
    """The creator's renames/merges (old → new name) and per-piece themes (key → theme)."""
    found = session.execute(
        select(ThemeChoice.kind, ThemeChoice.subject, ThemeChoice.theme).where(
            ThemeChoice.creator_id == creator_id
        )
    ).all()
    names = {s: t for k, s, t in found if k == NAME}
    pieces = {s: t for k, s, t in found if k == PIECE}
    return names, pieces


def resolve(names: Mapping[str, str], theme: str) -> str:
    """A theme after the creator's renames and merges (followed through, cycles cut)."""
    seen = {theme}
    while theme in names and names[theme] not in seen:
        theme = names[theme]
        seen.add(theme)
    return theme[:MAX_THEME]


def _text(row: Any) -> str:
    tags = " ".join(row.tags or ())
    return f"{row.title}\n{tags}\n{(row.description or '')[:MAX_TEXT]}"


def _write(
    session: Session, rows: Sequence[Any], wanted: dict[uuid.UUID, tuple[str | None, bool]]
) -> int:
    changes = []
    for row in rows:
        theme, inferred = wanted[row.id]
        if (theme, inferred) != (row.theme, row.theme_inferred):
            changes.append({"b_id": row.id, "b_theme": theme, "b_inferred": inferred})
    if changes:
        table = ContentPiece.__table__
        statement = (
            update(table)  # type: ignore[arg-type]
            .where(table.c.id == bindparam("b_id"))
            .values(theme=bindparam("b_theme"), theme_inferred=bindparam("b_inferred"))
        )
        session.execute(statement, changes)
    return len(changes)
