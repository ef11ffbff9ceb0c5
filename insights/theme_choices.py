"""The creator's say over themes: rename, merge, and set one piece's theme.

Each choice is stored (theme_choices) and applied at once; every later refresh — after a
re-import or a re-inference — applies it again, so it survives both.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from insights.theme_assign import NAME, PIECE, piece_key
from insights.theme_inference import OTHER
from insights.validation import MAX_THEME
from storage.data_version import touch
from storage.errors import InvalidInput, NotFound
from storage.models import ContentPiece, ThemeChoice


def rename_theme(session: Session, creator_id: uuid.UUID, old: str, new: str, now: datetime) -> str:
    """Call theme ``old`` ``new`` from now on; returns the new name."""
    old, new = _existing(session, creator_id, old), check_theme(new)
    _choose(session, creator_id, NAME, old, new, now)
    _refresh(session, creator_id, now)
    return new


def merge_themes(
    session: Session, creator_id: uuid.UUID, themes: list[str], into: str, now: datetime
) -> str:
    """Fold every theme of ``themes`` into ``into`` (an existing theme or a new name)."""
    target = check_theme(into)
    for theme in themes:
        old = _existing(session, creator_id, theme)
        if old != target:
            _choose(session, creator_id, NAME, old, target, now)
    _refresh(session, creator_id, now)
    return target


def set_piece_theme(
    session: Session, creator_id: uuid.UUID, number: int, theme: str, now: datetime
) -> str:
    """Give piece ``number`` the theme ``theme``, whatever files or the inference say."""
    piece = session.scalar(
        select(ContentPiece).where(
            ContentPiece.creator_id == creator_id, ContentPiece.number == number
        )
    )
    if piece is None:
        raise NotFound(f"there is no piece {number}")
    name = check_theme(theme)
    key = piece_key(piece.platform, piece.platform_id)
    _choose(session, creator_id, PIECE, key, name, now)
    _refresh(session, creator_id, now)
    return name


def check_theme(name: str) -> str:
    """A theme name, trimmed; InvalidInput when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("a theme needs a name")
    if len(cleaned) > MAX_THEME:
        raise InvalidInput(f"a theme name has at most {MAX_THEME} characters")
    return cleaned


def _existing(session: Session, creator_id: uuid.UUID, name: str) -> str:
    """The creator's theme called ``name`` (case-insensitively); NotFound listing them."""
    themes = session.scalars(
        select(ContentPiece.theme)
        .where(ContentPiece.creator_id == creator_id, ContentPiece.theme.is_not(None))
        .distinct()
    ).all()
    wanted = " ".join(name.split()).casefold()
    match = next((t for t in themes if t and t.casefold() == wanted), None)
    if match is None:
        known = ", ".join(sorted(t for t in themes if t)) or "none yet"
        raise NotFound(f"you have no theme {name!r} (your themes: {known})")
    return match


def _choose(
    session: Session, creator_id: uuid.UUID, kind: str, subject: str, theme: str, now: datetime
) -> None:
    if kind == NAME and subject == OTHER and theme == OTHER:
        return
    stored = session.scalar(
        select(ThemeChoice).where(
            ThemeChoice.creator_id == creator_id,
            ThemeChoice.kind == kind,
            ThemeChoice.subject == subject,
        )
    )
    if stored is None:
        session.add(
            ThemeChoice(
                creator_id=creator_id, kind=kind, subject=subject, theme=theme, created_at=now
            )
        )
    else:
        stored.theme = theme
    if kind == NAME:  # a name renamed before now leads to the newest name
        _repoint(session, creator_id, subject, theme)
    session.flush()


def _repoint(session: Session, creator_id: uuid.UUID, old: str, new: str) -> None:
    earlier = session.scalars(
        select(ThemeChoice).where(
            ThemeChoice.creator_id == creator_id,
            ThemeChoice.kind == NAME,
            func.lower(ThemeChoice.theme) == old.casefold(),
        )
    )
    for choice in earlier:
        if choice.subject != new:
            choice.theme = new


def _refresh(session: Session, creator_id: uuid.UUID, now: datetime) -> None:
    # Here: the scoring and pattern stack costs every command that lists themes half a second.
    from insights.refresh import refresh_creator

    touch(session, [creator_id], pieces=())  # pieces take the choice in assign_themes
    refresh_creator(session, creator_id, now)
