"""What the fake Bot API server remembers: calls, messages, files, updates and queued faults."""

from __future__ import annotations

import itertools
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from tests.support.fakes.telegram_rules import Entity, ParsedText

NOT_MODIFIED_PREFIX = "message is not modified"
FaultKind = Literal["retry_after", "status", "delay"]
_COMMAND_WORD = re.compile(r"(?:(?<=\s)|^)/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?")


@dataclass
class CallRecord:
    """One request the server answered."""

    method: str
    params: dict[str, Any]
    chat_id: int | None
    at: float  # time.monotonic() when the request arrived
    status: int = 200
    description: str | None = None
    fault: FaultKind | None = None  # set when an injected fault shaped the answer

    @property
    def rejected(self) -> bool:
        """True when Telegram would have refused the call (4xx) and no injected fault caused it.

        A long poll abandoned by its client (499) is not a refusal, nor is "message is not
        modified" (an edit that changes nothing: harmless, and bots may meet it when a button is
        pressed twice); a getUpdates conflict (409, two pollers at once) is.
        """
        harmless = (self.description or "").startswith(f"Bad Request: {NOT_MODIFIED_PREFIX}")
        return 400 <= self.status < 499 and self.fault is None and not harmless


@dataclass(frozen=True)
class Fault:
    """An injected failure for the next call of a method."""

    kind: FaultKind
    retry_after: float = 1
    status: int = 500
    seconds: float = 0.0


@dataclass
class StoredFile:
    """A file the server can hand out through getFile and the file download route."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class MessageVersion:
    """One state of a message: its source HTML, what the user saw, and its keyboard."""

    source: str | None
    parsed: ParsedText | None
    reply_markup: dict[str, Any] | None


@dataclass
class StoredMessage:
    """A message in a chat with its current content and the history of its edits."""

    chat_id: int
    message_id: int
    from_user_id: int
    from_bot: bool
    date: int
    kind: Literal["text", "photo", "document", "location"] = "text"
    source: str | None = None  # text or caption exactly as sent (HTML for bot messages)
    parsed: ParsedText | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    file: StoredFile | None = None
    location: tuple[float, float] | None = None
    edit_date: int | None = None
    deleted: bool = False
    history: list[MessageVersion] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What the user sees (text or caption after entity parsing)."""
        return self.parsed.text if self.parsed else ""

    @property
    def button_rows(self) -> list[list[dict[str, Any]]]:
        """The inline keyboard's rows (empty without a keyboard)."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return rows if isinstance(rows, list) else []

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Every inline button, row by row."""
        return [button for row in self.button_rows for button in row]

    def button(self, label: str) -> dict[str, Any]:
        """The button with this label (AssertionError when there is none)."""
        found = [b for b in self.buttons if b.get("text") == label]
        assert found, f"no button {label!r} on message {self.message_id}: {self.buttons}"
        return found[0]

    def replace(self, version: MessageVersion, parse_mode: str | None, now: int) -> None:
        """Apply an edit, keeping the previous state in ``history``."""
        self.history.append(MessageVersion(self.source, self.parsed, self.reply_markup))
        self.source, self.parsed, self.reply_markup = (
            version.source,
            version.parsed,
            version.reply_markup,
        )
        self.parse_mode = parse_mode
        self.edit_date = now


class Identity:
    """Users and chats as the Bot API describes them."""

    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.names: dict[int, str] = {}

    def user(self, user_id: int) -> dict[str, Any]:
        """The User object for an id (the bot itself or a person)."""
        if user_id == self.bot_id:
            return {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "Whats Working",
                "username": self.bot_username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        name = self.names.get(user_id, f"User{user_id}")
        return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "en"}

    def chat(self, chat_id: int) -> dict[str, Any]:
        """The Chat object: private for positive ids, a group otherwise."""
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": self.names.get(chat_id, "")}
        return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}


def message_json(message: StoredMessage, identity: Identity) -> dict[str, Any]:
    """A stored message as the Bot API's Message object."""
    data: dict[str, Any] = {
        "message_id": message.message_id,
        "from": identity.user(message.from_user_id),
        "chat": identity.chat(message.chat_id),
        "date": message.date,
    }
    if message.edit_date is not None:
        data["edit_date"] = message.edit_date
    entities = [e.to_json() for e in message.parsed.entities] if message.parsed else []
    if message.kind == "text":
        data["text"] = message.text
        if entities:
            data["entities"] = entities
    elif message.parsed is not None:
        data["caption"] = message.text
        if entities:
            data["caption_entities"] = entities
    if message.file is not None:
        data.update(_media_json(message.kind, message.file))
    if message.location is not None:
        data["location"] = {"latitude": message.location[0], "longitude": message.location[1]}
    if message.reply_markup and "inline_keyboard" in message.reply_markup:
        data["reply_markup"] = message.reply_markup
    return data


def _media_json(kind: str, file: StoredFile) -> dict[str, Any]:
    base = {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": len(file.content),
    }
    if kind == "photo":
        width, height = image_size(file.content)
        return {"photo": [{**base, "width": width, "height": height}]}
    return {"document": {**base, "file_name": file.file_name, "mime_type": file.mime_type}}


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG (other formats report 1x1; only PNG charts are expected)."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return 1, 1


def is_image(content: bytes) -> bool:
    """True for PNG, JPEG, GIF and WebP content."""
    return content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF8")) or (
        content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    )


def command_entities(text: str) -> tuple[Entity, ...]:
    """The bot_command entities Telegram adds to a user's text."""
    return tuple(
        Entity("bot_command", _utf16_offset(text, m.start()), len(m.group()))
        for m in _COMMAND_WORD.finditer(text)
    )


def _utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


class Store:
    """Messages per chat, files, pending updates and callback queries."""

    def __init__(self) -> None:
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.files: dict[str, StoredFile] = {}
        self.updates: deque[dict[str, Any]] = deque()
        self.callbacks: dict[str, bool] = {}  # callback query id -> answered
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._next_message_id: dict[int, int] = {}

    def add_message(self, message: StoredMessage) -> StoredMessage:
        """Store a message under the next message id of its chat."""
        next_id = self._next_message_id.get(message.chat_id, 1)
        self._next_message_id[message.chat_id] = next_id + 1
        message.message_id = next_id
        self.messages.setdefault(message.chat_id, {})[next_id] = message
        return message

    def find(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """A message that exists and was not deleted."""
        message = self.messages.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    def add_file(
        self, content: bytes, folder: str, file_name: str | None, mime: str | None
    ) -> StoredFile:
        """Keep a file so getFile and downloads can serve it."""
        number = next(self._file_ids)
        suffix = f"_{file_name}" if file_name else ".bin"
        stored = StoredFile(
            file_id=f"FILE{number:06d}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime,
        )
        self.files[stored.file_id] = stored
        return stored

    def enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update id."""
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, kind: payload})
        return update_id

    def new_callback_id(self) -> str:
        """A fresh callback query id, remembered as unanswered."""
        query_id = f"CQ{next(self._callback_ids)}"
        self.callbacks[query_id] = False
        return query_id

    def confirm(self, offset: int) -> None:
        """Forget updates below the offset, as Telegram does once they are confirmed."""
        while self.updates and self.updates[0]["update_id"] < offset:
            self.updates.popleft()


def unix_now() -> int:
    """Seconds since the epoch, as Telegram dates are."""
    return int(time.time())
