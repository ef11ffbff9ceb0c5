"""``--split``: one creator per account of a file (agencies), made on first import."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from storage.creators import create_creator, find_creator
from storage.models import Creator

_NOT_HANDLE = re.compile(r"[^a-z0-9_.-]+")
MAX_HANDLE = 64


def handle_for(account: str) -> str:
    """The creator handle an account name becomes: lower-case, safe characters only."""
    handle = _NOT_HANDLE.sub("-", account.strip().lstrip("@").casefold()).strip("-.")
    handle = handle[:MAX_HANDLE] or "account"
    return handle if len(handle) >= 2 else f"{handle}-account"


def creator_for_account(session: Session, account: str, timezone: str, now: datetime) -> Creator:
    """The creator an account's rows belong to: the one with its handle, or a new one."""
    handle = handle_for(account)
    found = find_creator(session, handle)
    if found is not None:
        return found
    return create_creator(
        session, handle, display_name=account.strip() or handle, timezone=timezone, now=now
    )
