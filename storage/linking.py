"""One-time link codes: how a second chat account (Telegram, Discord) reaches an existing creator.

A code is shown once and stored only as a hash; it expires after LINK_CODE_TTL and works once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.creators import get_creator
from storage.models import Creator, LinkCode

LINK_CODE_TTL = timedelta(minutes=15)
# No 0/O, 1/I/L: codes are read off one screen and typed into another.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# The form people see and type ("K7QM-3XPA"); the dash and case are optional when typed.
CODE_PATTERN = re.compile(r"^[A-Za-z2-9]{4}-?[A-Za-z2-9]{4}$")


@dataclass(frozen=True)
class IssuedCode:
    """A freshly made code (shown once) and when it stops working."""

    code: str
    expires_at: datetime


def normalise_code(text: str) -> str | None:
    """The code in canonical form (upper case, no dash), or None if ``text`` is not code-shaped."""
    cleaned = text.strip()
    if not CODE_PATTERN.match(cleaned):
        return None
    canonical = cleaned.replace("-", "").upper()
    return canonical if all(ch in CODE_ALPHABET for ch in canonical) else None


def hash_code(canonical: str) -> str:
    """The stored form of a canonical code."""
    return hashlib.sha256(f"whatsworking-link:{canonical}".encode()).hexdigest()


def display_code(canonical: str) -> str:
    """The code as shown to a person: two groups of four."""
    return f"{canonical[:4]}-{canonical[4:]}"


def issue_link_code(session: Session, creator_id: uuid.UUID, *, now: datetime) -> IssuedCode:
    """Make a one-time code for ``creator_id``; its earlier unused codes stop working."""
    get_creator(session, creator_id)
    session.execute(
        update(LinkCode)
        .where(LinkCode.creator_id == creator_id, LinkCode.used_at.is_(None))
        .values(used_at=now)
    )
    canonical = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = now + LINK_CODE_TTL
    session.add(
        LinkCode(
            creator_id=creator_id,
            code_hash=hash_code(canonical),
            expires_at=expires_at,
            created_at=now,
        )
    )
    session.flush()
    return IssuedCode(code=display_code(canonical), expires_at=expires_at)


def redeem_link_code(session: Session, text: str, *, now: datetime) -> Creator | None:
    """The creator a valid code belongs to, marking the code used; None for a wrong, expired
    or already used code (the caller cannot tell which, so codes cannot be probed)."""
    canonical = normalise_code(text)
    if canonical is None:
        return None
    # The conditional UPDATE claims the code atomically: two redeemers cannot both win.
    claimed = session.execute(
        update(LinkCode)
        .where(
            LinkCode.code_hash == hash_code(canonical),
            LinkCode.used_at.is_(None),
            LinkCode.expires_at > now,
        )
        .values(used_at=now)
        .returning(LinkCode.creator_id)
    ).scalar_one_or_none()
    if claimed is None:
        return None
    return session.get(Creator, claimed)


def pending_codes(session: Session, creator_id: uuid.UUID, *, now: datetime) -> int:
    """How many of the creator's codes could still be redeemed."""
    rows = session.scalars(
        select(LinkCode.id).where(
            LinkCode.creator_id == creator_id,
            LinkCode.used_at.is_(None),
            LinkCode.expires_at > now,
        )
    )
    return len(list(rows))
