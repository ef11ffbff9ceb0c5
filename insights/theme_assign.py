"""Every piece gets a theme: the creator's choice, else the source's, else one inferred.

Runs at the start of every refresh, so pieces arriving from any source are themed, and the
creator's renames, merges and per-piece themes (theme_choices) are applied again after every
re-import and every re-inference.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.theme_inference import infer_model
from insights.theme_matching import Matcher, Model
from insights.theme_memo import choices_digest, written_since
from insights.validation import MAX_THEME
from storage.bulk import bulk_update
from storage.data_version import touch
from storage.driver_rows import as_uuid, driver_rows
from storage.models import ContentPiece, ThemeChoice
from storage.owner_test import owned_by

C = ContentPiece
NAME, PIECE = "name", "piece"
MAX_TEXT = 2000
# Up to this many pieces' words are read by id, more by reading the creator's (one scan).
FEW_TEXTS = 500
_COLUMNS = (C.id, C.platform, C.platform_id, C.theme, C.theme_inferred)


def piece_key(platform: str, platform_id: str) -> str:
    """How a piece is named in theme_choices: stable across re-imports."""
    return f"{platform}:{platform_id}"


def assign_themes(session: Session, creator_id: uuid.UUID, *, after_write: bool = False) -> int:
    """Theme every piece of the creator; returns how many pieces changed theme.

    Pieces are read below SQLAlchemy (``storage.driver_rows``): ids stay in the driver's form,
    only compared and written back. Inferred themes stand while the creator's stored theme
    model names the new pieces (insights.theme_matching); otherwise all are clustered anew.
    ``after_write``: only the pieces written are read when the others are known themed
    (insights.theme_memo).
    """
    chosen = choices(session, creator_id)
    since = written_since(session, creator_id, choices_digest(*chosen)) if after_write else None
    if since is not None:
        changed = _assign(session, creator_id, chosen, since)
        if changed is not None:
            return changed
    return _assign(session, creator_id, chosen, None) or 0  # every piece read: never None


def _assign(
    session: Session,
    creator_id: uuid.UUID,
    chosen: tuple[dict[str, str], dict[str, str]],
    only: list[uuid.UUID] | None,
) -> int | None:
    """Theme the pieces of ``only`` (None: every piece); None when that takes every piece (a
    clustering)."""
    names, pieces = chosen
    owner = owned_by(C.creator_id, creator_id, by_id=only is not None)
    statement = select(*_COLUMNS).where(owner).order_by(C.number)
    if only is not None:
        statement = statement.where(C.id.in_(only))
    rows = driver_rows(session, statement)
    wanted: dict[Any, tuple[str | None, bool]] = {}
    to_infer = []
    for row in rows:
        raw_id, platform, platform_id, theme, inferred = row
        choice = pieces.get(piece_key(platform, platform_id)) if pieces else None
        if choice is not None:
            wanted[raw_id] = (choice, False)
        elif theme is None or inferred:
            to_infer.append(row)
        else:
            wanted[raw_id] = (resolve(names, theme), False)
    found = _inferred(session, creator_id, to_infer, names, partial=only is not None)
    if found is None:
        return None
    return _write(session, creator_id, rows, wanted | found)


def _inferred(
    session: Session,
    creator_id: uuid.UUID,
    rows: list[tuple[Any, ...]],
    names: Mapping[str, str],
    partial: bool,
) -> dict[Any, tuple[str | None, bool]] | None:
    """The themes of the pieces without a given one: matched or clustered (None: clustered,
    and ``rows`` are not every piece)."""
    model = Model(session, creator_id)
    new = [row for row in rows if row[3] is None]
    if not model.matches(len(new)):
        if partial:
            return None
        found = infer_model(_texts(session, creator_id, rows), [r[3] for r in rows])
        model.clustered(len(rows), found)
        return _named(rows, found.themes, names)
    kept = [row for row in rows if row[3] is not None]
    matcher = Matcher(model.profiles)
    matched = [matcher.theme(text) for text in _texts(session, creator_id, new)]
    model.matched(len(new))
    return _named(kept, [row[3] for row in kept], names) | _named(new, matched, names)


def _named(
    rows: Sequence[tuple[Any, ...]], themes: Sequence[str], names: Mapping[str, str]
) -> dict[Any, tuple[str | None, bool]]:
    return {row[0]: (resolve(names, theme), True) for row, theme in zip(rows, themes, strict=True)}


def _texts(session: Session, creator_id: uuid.UUID, rows: Sequence[tuple[Any, ...]]) -> list[str]:
    """The words of the pieces to name, read only for them (a demo's themed pieces need none)."""
    if not rows:
        return []
    few = len(rows) <= FEW_TEXTS
    owner = owned_by(C.creator_id, creator_id, by_id=few)
    statement = select(C.id, C.title, C.tags, C.description).where(owner)
    if few:  # a sync's new pieces: not every piece's words
        statement = statement.where(C.id.in_([as_uuid(row[0]) for row in rows]))
    wanted = {row[0] for row in rows}
    texts = {r[0]: _text(*r[1:]) for r in driver_rows(session, statement) if r[0] in wanted}
    return [texts[row[0]] for row in rows]


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
    if not names:
        return theme[:MAX_THEME]
    seen = {theme}
    while theme in names and names[theme] not in seen:
        theme = names[theme]
        seen.add(theme)
    return theme[:MAX_THEME]


def _text(title: str, tags: Any, description: str | None) -> str:
    # The JSON column as the driver gives it: text on SQLite, already a list on PostgreSQL.
    words = json.loads(tags) if isinstance(tags, str) else tags
    return f"{title}\n{' '.join(words or ())}\n{(description or '')[:MAX_TEXT]}"


def _write(
    session: Session,
    creator_id: uuid.UUID,
    rows: Sequence[tuple[Any, ...]],
    wanted: dict[Any, tuple[str | None, bool]],
) -> int:
    changes = []
    for raw_id, _platform, _platform_id, theme_was, inferred_was in rows:
        theme, inferred = wanted[raw_id]
        if (theme, inferred) != (theme_was, bool(inferred_was)):
            changes.append((theme, inferred, raw_id))
    if changes:
        bulk_update(session, ContentPiece.__table__, ("theme", "theme_inferred"), changes)
        touch(session, [creator_id], pieces=[raw_id for *_, raw_id in changes])
    return len(changes)
