"""How scheduled messages reach a creator: one notifier per chat service, every linked account.

A front-end implements ``Notifier`` (Telegram in ``bot/telegram/notify.py``; Discord when it
lands) and the scheduler sends each message through the notifiers of every chat account the
creator has linked. A notifier raises ``DeliveryRejected`` when the service refused for good
(the creator blocked the bot, the chat is gone) so the message is not retried; any other
exception is a failure worth retrying.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from context.reply import Reply
from storage.models import ChatIdentity

CHUNK = 500


@dataclass(frozen=True)
class Recipient:
    """One chat account a creator has linked: where their scheduled messages go."""

    creator_id: uuid.UUID
    channel: str  # "telegram" | "discord"
    external_id: str
    chat_id: str | None = None

    @property
    def key(self) -> str:
        """Short and stable: 'telegram:4242' (part of the delivery log's subject)."""
        return f"{self.channel}:{self.external_id}"

    @property
    def address(self) -> str:
        """Where to send: the chat id when known, else the user id (a direct chat)."""
        return self.chat_id or self.external_id


class DeliveryRejected(Exception):
    """The chat service refused the message for good; retrying cannot help."""


class Notifier(Protocol):
    """Sends a neutral reply (and its chart, drawn) to one recipient on one chat service."""

    @property
    def channel(self) -> str:
        """The chat service this notifier sends through (the identities' kind)."""
        ...

    async def send(self, recipient: Recipient, reply: Reply, chart_png: bytes | None) -> None:
        """Deliver the reply, or raise (DeliveryRejected when retrying cannot help)."""
        ...


def load_recipients(
    session: Session, creator_ids: Collection[uuid.UUID], channels: Collection[str]
) -> dict[uuid.UUID, list[Recipient]]:
    """Every linked account of these creators on these channels, by creator."""
    found: dict[uuid.UUID, list[Recipient]] = defaultdict(list)
    ids, wanted = list(creator_ids), list(channels)
    if not wanted:
        return found
    for begin in range(0, len(ids), CHUNK):
        stmt = (
            select(
                ChatIdentity.creator_id,
                ChatIdentity.kind,
                ChatIdentity.external_id,
                ChatIdentity.chat_id,
            )
            .where(
                ChatIdentity.creator_id.in_(ids[begin : begin + CHUNK]),
                ChatIdentity.kind.in_(wanted),
            )
            .order_by(ChatIdentity.kind, ChatIdentity.external_id)
        )
        for row in session.connection().execute(stmt):
            found[row.creator_id].append(
                Recipient(row.creator_id, row.kind, row.external_id, row.chat_id)
            )
    return found
