"""What a test makes people in a chat do: send text, commands, files, locations; press buttons."""

from __future__ import annotations

from typing import Any

from tests.support.fakes.botapi_state import (
    Identity,
    Store,
    StoredMessage,
    command_entities,
    message_json,
    unix_now,
)
from tests.support.fakes.telegram_rules import ParsedText


class PushMixin:
    """Queues updates as Telegram would deliver them to getUpdates."""

    store: Store
    identity: Identity

    def notify(self) -> None:
        """Wake waiters (implemented by the server)."""
        raise NotImplementedError

    def _user_message(self, user_id: int, chat_id: int, **fields: Any) -> StoredMessage:
        message = StoredMessage(
            chat_id=chat_id,
            message_id=0,
            from_user_id=user_id,
            from_bot=False,
            date=unix_now(),
            **fields,
        )
        self.store.add_message(message)
        self.store.enqueue("message", message_json(message, self.identity))
        self.notify()
        return message

    def set_name(self, user_id: int, first_name: str) -> None:
        """Give a user the first name Telegram reports for them."""
        self.identity.names[user_id] = first_name

    def push_text(self, user_id: int, chat_id: int, text: str) -> StoredMessage:
        """A person sends text (``/words`` get bot_command entities, as Telegram adds them)."""
        parsed = ParsedText(text, command_entities(text))
        return self._user_message(user_id, chat_id, source=text, parsed=parsed)

    def push_command(
        self, user_id: int, chat_id: int, command: str, args: str = ""
    ) -> StoredMessage:
        """A person sends ``/command args``."""
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        return self.push_text(user_id, chat_id, text)

    def push_document(
        self,
        user_id: int,
        chat_id: int,
        content: bytes,
        file_name: str,
        mime_type: str = "text/csv",
        caption: str | None = None,
    ) -> StoredMessage:
        """A person sends a file; the bot can fetch it with getFile and download it."""
        stored = self.store.add_file(content, "documents", file_name, mime_type)
        parsed = ParsedText(caption) if caption else None
        return self._user_message(
            user_id, chat_id, kind="document", file=stored, source=caption, parsed=parsed
        )

    def push_location(
        self, user_id: int, chat_id: int, latitude: float, longitude: float
    ) -> StoredMessage:
        """A person shares a location."""
        return self._user_message(user_id, chat_id, kind="location", location=(latitude, longitude))

    def push_callback(
        self, user_id: int, chat_id: int, message_id: int, data: str, *, forged: bool = False
    ) -> str:
        """A person presses a button carrying ``data`` on one of the bot's messages.

        Unless ``forged``, the data must be on the message's current keyboard, as with a real
        client. Returns the callback query id.
        """
        message = self.store.find(chat_id, message_id)
        assert message is not None and message.from_bot, f"no bot message {message_id}"
        if not forged:
            offered = [b.get("callback_data") for b in message.buttons]
            assert data in offered, f"{data!r} is not on message {message_id}: {offered}"
        query_id = self.store.new_callback_id()
        self.store.enqueue(
            "callback_query",
            {
                "id": query_id,
                "from": self.identity.user(user_id),
                "message": message_json(message, self.identity),
                "chat_instance": f"ci{chat_id}",
                "data": data,
            },
        )
        self.notify()
        return query_id

    def press(self, user_id: int, chat_id: int, message_id: int, label: str) -> str:
        """A person presses the button with this label; returns the callback query id."""
        message = self.store.find(chat_id, message_id)
        assert message is not None, f"no message {message_id} in chat {chat_id}"
        data = message.button(label).get("callback_data")
        assert isinstance(data, str), f"button {label!r} carries no callback data"
        return self.push_callback(user_id, chat_id, message_id, data)
