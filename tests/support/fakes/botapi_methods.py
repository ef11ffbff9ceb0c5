"""The Bot API methods the fake server implements, each checking its input as Telegram does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.fakes.botapi_state import (
    NOT_MODIFIED_PREFIX,
    Identity,
    MessageVersion,
    Store,
    StoredFile,
    StoredMessage,
    is_image,
    message_json,
    unix_now,
)
from tests.support.fakes.telegram_rules import (
    CALLBACK_ANSWER_LIMIT,
    RuleViolation,
    check_caption,
    check_commands,
    check_message_text,
    check_reply_markup,
    check_web_app,
)

MENU_BUTTON_TYPES = frozenset({"default", "commands", "web_app"})

Files = dict[str, tuple[str, bytes]]  # multipart part name -> (file name, content)
Method = Callable[[dict[str, Any], Files], Any]
NOT_MODIFIED = (
    f"{NOT_MODIFIED_PREFIX}: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def chat_id_of(params: dict[str, Any]) -> int | None:
    """The integer chat id a call addresses, if it has one."""
    raw = params.get("chat_id")
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def _required_chat_id(params: dict[str, Any]) -> int:
    if params.get("chat_id") in (None, ""):
        raise RuleViolation("chat_id is empty")
    chat_id = chat_id_of(params)
    if chat_id is None:
        raise RuleViolation("chat not found")
    return chat_id


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    check_reply_markup(markup)
    return markup if isinstance(markup, dict) else None


class BotApiMethods:
    """Method name (lower case, as Telegram matches them) to implementation."""

    def __init__(self, store: Store, identity: Identity) -> None:
        self.store = store
        self.identity = identity
        self.commands: list[dict[str, Any]] = []
        self.menu_button: dict[str, Any] = {"type": "default"}
        self.table: dict[str, Method] = {
            "getme": lambda p, f: identity.user(identity.bot_id),
            "deletewebhook": lambda p, f: True,
            "setmycommands": self.set_my_commands,
            "getmycommands": lambda p, f: self.commands,
            "setchatmenubutton": self.set_chat_menu_button,
            "getchatmenubutton": lambda p, f: self.menu_button,
            "sendmessage": self.send_message,
            "sendphoto": lambda p, f: self.send_file(p, f, "photo"),
            "senddocument": lambda p, f: self.send_file(p, f, "document"),
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "sendchataction": self.send_chat_action,
            "getfile": self.get_file,
        }

    def set_my_commands(self, params: dict[str, Any], files: Files) -> bool:
        """Replace the command list shown in the client's menu."""
        commands = params.get("commands")
        check_commands(commands)
        assert isinstance(commands, list)
        self.commands = commands
        return True

    def set_chat_menu_button(self, params: dict[str, Any], files: Files) -> bool:
        """The bot's default menu button (no chat_id: every private chat)."""
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in MENU_BUTTON_TYPES:
            raise RuleViolation("can't parse menu button")
        if button["type"] == "web_app":
            if not str(button.get("text") or "").strip():
                raise RuleViolation("menu button text is empty")
            check_web_app(button.get("web_app"))
        self.menu_button = button
        return True

    def send_message(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        """Send a text message from the bot."""
        chat_id = _required_chat_id(params)
        parse_mode = params.get("parse_mode")
        parsed = check_message_text(params.get("text"), parse_mode)
        markup = _markup(params)
        message = StoredMessage(
            chat_id=chat_id,
            message_id=0,
            from_user_id=self.identity.bot_id,
            from_bot=True,
            date=unix_now(),
            source=params["text"],
            parsed=parsed,
            parse_mode=parse_mode,
            reply_markup=markup,
        )
        return message_json(self.store.add_message(message), self.identity)

    def send_file(self, params: dict[str, Any], files: Files, kind: str) -> dict[str, Any]:
        """Send a photo or a document (uploaded as multipart, or an existing file_id)."""
        chat_id = _required_chat_id(params)
        parse_mode = params.get("parse_mode")
        parsed = check_caption(params.get("caption"), parse_mode)
        markup = _markup(params)
        stored = self._incoming_file(params.get(kind), files, kind)
        message = StoredMessage(
            chat_id=chat_id,
            message_id=0,
            from_user_id=self.identity.bot_id,
            from_bot=True,
            date=unix_now(),
            kind="photo" if kind == "photo" else "document",
            source=params.get("caption"),
            parsed=parsed,
            parse_mode=parse_mode,
            reply_markup=markup,
            file=stored,
        )
        return message_json(self.store.add_message(message), self.identity)

    def _incoming_file(self, value: object, files: Files, kind: str) -> StoredFile:
        part = kind
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
        elif isinstance(value, str) and value in self.store.files:
            return self.store.files[value]
        elif isinstance(value, str) and value:
            raise RuleViolation("wrong file identifier/HTTP URL specified")
        if part not in files:
            raise RuleViolation(f"there is no {kind} in the request")
        name, content = files[part]
        if not content:
            raise RuleViolation("file must be non-empty")
        if kind == "photo" and not is_image(content):
            raise RuleViolation("IMAGE_PROCESS_FAILED")
        return self.store.add_file(content, f"{kind}s", name, None)

    def _own_message(self, params: dict[str, Any]) -> StoredMessage:
        if "inline_message_id" in params:
            raise RuleViolation("inline messages are not supported by the test server")
        chat_id = _required_chat_id(params)
        try:
            message_id = int(params.get("message_id", ""))
        except (TypeError, ValueError):
            raise RuleViolation("message identifier is not specified") from None
        message = self.store.find(chat_id, message_id)
        if message is None:
            raise RuleViolation("message to edit not found")
        if not message.from_bot:
            raise RuleViolation("message can't be edited")
        return message

    def _apply_edit(self, message: StoredMessage, version: MessageVersion, mode: str | None) -> Any:
        same_text = version.parsed == message.parsed
        if same_text and version.reply_markup == message.reply_markup:
            raise RuleViolation(NOT_MODIFIED)
        message.replace(version, mode, unix_now())
        return message_json(message, self.identity)

    def edit_message_text(self, params: dict[str, Any], files: Files) -> Any:
        """Replace the text (and keyboard) of one of the bot's text messages."""
        message = self._own_message(params)
        if message.kind != "text":
            raise RuleViolation("there is no text in the message to edit")
        mode = params.get("parse_mode")
        parsed = check_message_text(params.get("text"), mode)
        version = MessageVersion(params["text"], parsed, _markup(params))
        return self._apply_edit(message, version, mode)

    def edit_message_caption(self, params: dict[str, Any], files: Files) -> Any:
        """Replace the caption (and keyboard) of one of the bot's media messages."""
        message = self._own_message(params)
        if message.kind == "text":
            raise RuleViolation("there is no caption in the message to edit")
        mode = params.get("parse_mode")
        parsed = check_caption(params.get("caption"), mode)
        version = MessageVersion(params.get("caption"), parsed, _markup(params))
        return self._apply_edit(message, version, mode)

    def edit_message_reply_markup(self, params: dict[str, Any], files: Files) -> Any:
        """Replace (or, without reply_markup, remove) the inline keyboard of a message."""
        message = self._own_message(params)
        version = MessageVersion(message.source, message.parsed, _markup(params))
        return self._apply_edit(message, version, message.parse_mode)

    def delete_message(self, params: dict[str, Any], files: Files) -> bool:
        """Delete a message."""
        chat_id = _required_chat_id(params)
        message = self.store.find(chat_id, int(params.get("message_id", 0)))
        if message is None:
            raise RuleViolation("message to delete not found")
        message.deleted = True
        return True

    def answer_callback_query(self, params: dict[str, Any], files: Files) -> bool:
        """Answer a callback query once, as Telegram requires."""
        query_id = str(params.get("callback_query_id", ""))
        if self.store.callbacks.get(query_id, True):
            raise RuleViolation(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text", ""))) > CALLBACK_ANSWER_LIMIT:
            raise RuleViolation("MESSAGE_TOO_LONG")
        self.store.callbacks[query_id] = True
        return True

    def send_chat_action(self, params: dict[str, Any], files: Files) -> bool:
        """Show 'typing…' and the like."""
        _required_chat_id(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise RuleViolation("wrong parameter action in request")
        return True

    def get_file(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        """Describe a stored file, with the path to download it from."""
        stored = self.store.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise RuleViolation("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }
