"""What the local Discord remembers: users, DM channels, messages (with their edits),
interactions (with their deadlines), every REST call, and the faults queued for the next calls.

Plain data on purpose: the REST routes and the gateway change it, tests read it.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

BOT_ID = 1_100_000_000_000_000_001
APPLICATION_ID = 1_100_000_000_000_000_002
GUILD_ID = 1_100_000_000_000_000_003
GUILD_CHANNEL_ID = 1_100_000_000_000_000_004
ACK_DEADLINE = 3.0  # seconds Discord gives the first response to an interaction
TOKEN_TTL = 15 * 60.0  # seconds an interaction token accepts follow-ups and edits


def user_payload(user_id: int, *, bot: bool = False) -> dict[str, Any]:
    """A user object as Discord sends it."""
    name = "whatsworking" if bot else f"creator{user_id % 10_000}"
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name.capitalize(),
        "avatar": None,
        "bot": bot,
    }


@dataclass
class StoredMessage:
    """A message as it now is; ``history`` keeps every earlier version (edits in place)."""

    id: int
    channel_id: int
    author_id: int
    body: dict[str, Any]
    files: list[str]
    interaction_id: int | None = None
    ephemeral: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def content(self) -> str:
        """The message text (not the embeds)."""
        return str(self.body.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The message's embeds."""
        return list(self.body.get("embeds") or [])

    @property
    def text(self) -> str:
        """Content, embed titles, descriptions and fields, one string to search."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        return "\n".join(p for p in parts if p)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every button of every action row."""
        rows = self.body.get("components") or []
        return [c for row in rows for c in row.get("components", [])]

    def labels(self) -> list[str]:
        """The labels of the buttons."""
        return [str(b.get("label", "")) for b in self.buttons]


@dataclass
class StoredInteraction:
    """One interaction pushed through the gateway and what the bot did with it."""

    id: int
    token: str
    kind: int
    user_id: int
    channel_id: int
    created: float
    message_id: int | None = None  # the message whose button was pressed
    deadline: float = ACK_DEADLINE
    token_ttl: float = TOKEN_TTL
    ack_type: int | None = None
    original_id: int | None = None
    choices: list[dict[str, Any]] | None = None
    refused: list[int] = field(default_factory=list)  # error codes answered to the bot
    followups: list[int] = field(default_factory=list)
    edits: int = 0
    acked_at: float | None = None  # monotonic: when the first response was accepted
    answered_at: float | None = None  # monotonic: when the answer was first seen complete

    @property
    def answered(self) -> bool:
        """A final answer is visible: a message, an update, choices, or a deferral resolved."""
        if self.ack_type in (4, 7, 8):
            return True
        return self.ack_type in (5, 6) and (self.edits > 0 or bool(self.followups))


@dataclass
class CallRecord:
    """One REST call: what was asked, what was answered."""

    method: str
    route: str
    path: str
    status: int
    body: Any
    code: int | None = None


@dataclass
class Fault:
    """A fault for the next call whose route matches: a status (429, 5xx) or a delay."""

    route_part: str
    status: int = 0
    retry_after: float = 0.0
    is_global: bool = False
    delay: float = 0.0


@dataclass
class Store:
    """Everything the fake knows."""

    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    dm_channels: dict[int, int] = field(default_factory=dict)  # user id -> channel id
    dms_closed: set[int] = field(default_factory=set)
    deleted_users: set[int] = field(default_factory=set)
    guild_channels: set[int] = field(default_factory=lambda: {GUILD_CHANNEL_ID})
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    interactions: dict[str, StoredInteraction] = field(default_factory=dict)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # scope -> payload
    calls: list[CallRecord] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_200_000_000))

    def snowflake(self) -> int:
        """A fresh id (increasing, as snowflakes are)."""
        return 1_100_000_000_000_000_000 + next(self._ids)

    def user(self, user_id: int) -> dict[str, Any]:
        """The user, made on first sight."""
        return self.users.setdefault(user_id, user_payload(user_id, bot=user_id == BOT_ID))

    def dm_channel(self, user_id: int) -> int:
        """The DM channel between the bot and ``user_id`` (made on first use)."""
        self.user(user_id)
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = self.snowflake()
        return self.dm_channels[user_id]

    @property
    def guild_channel(self) -> int:
        """The server channel where people mention the bot."""
        return GUILD_CHANNEL_ID

    def dm_user(self, channel_id: int) -> int | None:
        """The user a DM channel reaches, or None for another channel."""
        return next((u for u, c in self.dm_channels.items() if c == channel_id), None)

    def add_message(self, channel_id: int, body: dict[str, Any], files: list[str]) -> StoredMessage:
        """Store a new message of the bot."""
        message = StoredMessage(self.snowflake(), channel_id, BOT_ID, body, files)
        self.messages[message.id] = message
        return message

    def in_channel(self, channel_id: int) -> list[StoredMessage]:
        """The bot's messages in a channel, oldest first."""
        return [m for m in self.messages.values() if m.channel_id == channel_id]


def now() -> float:
    """Monotonic seconds: deadlines are measured on it, never on the wall clock."""
    return time.monotonic()
