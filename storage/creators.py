"""Creators and the chat identities that resolve to them."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from storage.errors import Conflict, InvalidInput, NotFound
from storage.models import ChatIdentity, Creator, IdentityKind

HANDLE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
# Every chat turn resolves its identity; a prebuilt Core statement skips the ORM's statement
# building and object loading for the three columns a turn needs.
_IDENTITIES: Any = ChatIdentity.__table__
_FIND_LINK = select(_IDENTITIES.c.id, _IDENTITIES.c.creator_id, _IDENTITIES.c.chat_id).where(
    _IDENTITIES.c.kind == bindparam("kind"), _IDENTITIES.c.external_id == bindparam("external")
)
_SET_CHAT = (
    _IDENTITIES.update()
    .where(_IDENTITIES.c.id == bindparam("identity"))
    .values(chat_id=bindparam("new_chat"))
)


class IdentityLink(NamedTuple):
    """A chat identity's row as a turn needs it: which creator it reaches, from which chat."""

    id: uuid.UUID
    creator_id: uuid.UUID
    chat_id: str | None


@dataclass(frozen=True)
class CreatorView:
    """What callers outside the session need to know about a creator."""

    id: uuid.UUID
    handle: str
    display_name: str
    timezone: str
    digest_time: time
    digest_enabled: bool
    reminders_enabled: bool
    demo_mode: bool

    @classmethod
    def of(cls, creator: Creator) -> CreatorView:
        """Snapshot a Creator row."""
        return cls(
            id=creator.id,
            handle=creator.handle,
            display_name=creator.display_name,
            timezone=creator.timezone,
            digest_time=creator.digest_time,
            digest_enabled=creator.digest_enabled,
            reminders_enabled=creator.reminders_enabled,
            demo_mode=creator.demo_mode,
        )

    @property
    def tz(self) -> ZoneInfo:
        """The creator's timezone as a ZoneInfo."""
        return ZoneInfo(self.timezone)


def validate_timezone(name: str) -> str:
    """Return ``name`` if it is an IANA timezone, else raise InvalidInput naming it."""
    cleaned = name.strip()
    try:
        ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        hint = _timezone_hint(cleaned)
        raise InvalidInput(f"unknown timezone {name!r}{hint}") from None
    return cleaned


def _timezone_hint(name: str) -> str:
    needle = name.lower().replace(" ", "_")
    matches = sorted(tz for tz in available_timezones() if needle and needle in tz.lower())
    return (
        f" (did you mean {', '.join(matches[:3])}?)"
        if matches
        else " (use a name like Europe/Berlin)"
    )


def validate_handle(handle: str) -> str:
    """Return the normalised handle, or raise InvalidInput saying what is allowed."""
    cleaned = handle.strip().lstrip("@").lower()
    if not HANDLE_PATTERN.match(cleaned):
        raise InvalidInput(
            f"invalid handle {handle!r}: use 2-64 characters a-z, 0-9, '_', '.', '-'"
        )
    return cleaned


def create_creator(
    session: Session,
    handle: str,
    *,
    display_name: str | None = None,
    timezone: str = "UTC",
    demo_mode: bool = False,
    now: datetime,
) -> Creator:
    """Add a creator (created at ``now``); raise Conflict when the handle is taken."""
    handle = validate_handle(handle)
    timezone = validate_timezone(timezone)
    if find_creator(session, handle) is not None:
        raise Conflict(f"a creator with handle {handle!r} already exists")
    creator = Creator(
        handle=handle,
        display_name=display_name or handle,
        timezone=timezone,
        demo_mode=demo_mode,
        created_at=now,
    )
    session.add(creator)
    session.flush()
    return creator


def find_creator(session: Session, handle: str) -> Creator | None:
    """The creator with this handle, or None."""
    cleaned = handle.strip().lstrip("@").lower()
    return session.scalar(select(Creator).where(Creator.handle == cleaned))


def list_creators(session: Session) -> list[Creator]:
    """Every creator, by handle."""
    return list(session.scalars(select(Creator).order_by(Creator.handle)))


def resolve_creator(session: Session, handle: str | None) -> Creator:
    """The named creator, or the only one when no handle is given."""
    if handle:
        creator = find_creator(session, handle)
        if creator is None:
            raise NotFound(f"no creator with handle {handle!r}{_known_handles(session)}")
        return creator
    creators = list_creators(session)
    if len(creators) == 1:
        return creators[0]
    if not creators:
        raise NotFound("there is no creator yet: add one with `whatsworking creators add HANDLE`")
    raise InvalidInput(
        f"several creators exist; choose one with --creator{_known_handles(session)}"
    )


def _known_handles(session: Session) -> str:
    handles = [c.handle for c in list_creators(session)]
    return f" (known: {', '.join(handles)})" if handles else ""


def get_creator(session: Session, creator_id: uuid.UUID) -> Creator:
    """The creator with this id, or NotFound."""
    creator = session.get(Creator, creator_id)
    if creator is None:
        raise NotFound("creator not found")
    return creator


def creator_settings(session: Session, creator_id: uuid.UUID) -> CreatorView:
    """A snapshot of the creator's settings; NotFound when there is no such creator."""
    return CreatorView.of(get_creator(session, creator_id))


def find_identity(
    session: Session, kind: IdentityKind | str, external_id: str
) -> ChatIdentity | None:
    """The chat identity for this service and user id, or None."""
    return session.scalar(
        select(ChatIdentity).where(
            ChatIdentity.kind == str(kind), ChatIdentity.external_id == str(external_id)
        )
    )


def find_identity_link(
    session: Session, kind: IdentityKind | str, external_id: str
) -> IdentityLink | None:
    """The identity's id, creator and last chat for this service and user id, or None."""
    params = {"kind": str(kind), "external": str(external_id)}
    row = session.connection().execute(_FIND_LINK, params).first()
    return IdentityLink(*row) if row is not None else None


def set_identity_chat(session: Session, identity_id: uuid.UUID, chat_id: str) -> None:
    """Remember the chat an identity last wrote from (where reminders and digests go)."""
    session.connection().execute(_SET_CHAT, {"identity": identity_id, "new_chat": chat_id})


def link_identity(
    session: Session,
    creator: Creator,
    kind: IdentityKind | str,
    external_id: str,
    chat_id: str | None = None,
    *,
    now: datetime,
) -> ChatIdentity:
    """Link a chat account to ``creator`` (moving it if it was linked elsewhere)."""
    identity = find_identity(session, kind, external_id)
    if identity is None:
        identity = ChatIdentity(
            kind=str(kind), external_id=str(external_id), chat_id=chat_id, created_at=now
        )
        identity.creator_id = creator.id
        session.add(identity)
    else:
        identity.creator_id = creator.id
        identity.chat_id = chat_id or identity.chat_id
    session.flush()
    return identity
