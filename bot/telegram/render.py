"""Translate a neutral Reply into what the Telegram front-end sends.

HTML text (every piece of creator or platform text escaped), split into messages within
Telegram's limits; a chart's caption within 1,024 characters with the rest moved to following
messages; an inline keyboard whose callback data is the action signed for one creator, so a
forged or stale button is recognised on arrival. Pure functions: nothing here talks to Telegram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from bot.chat import buttons as signing
from bot.chat.layout import assemble, pack, reply_lines
from bot.chat.text import one_line
from bot.telegram.layout import HTML
from context.reply import Action, Button, ChartSpec, Reply

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
MAX_BUTTONS = 100
MAX_BUTTONS_PER_ROW = 8
LABEL_LIMIT = 48
PARSE_MODE = ParseMode.HTML
SIGNATURE_SEPARATOR = signing.SEPARATOR
SIGNATURE_CHARS = 11  # 66 bits of HMAC-SHA256, base64url
MAX_ACTION_BYTES = CALLBACK_DATA_LIMIT - len(SIGNATURE_SEPARATOR) - SIGNATURE_CHARS
EMPTY_TEXT = "…"


@dataclass(frozen=True)
class TelegramPart:
    """One message to send: a text message, or the chart photo with its caption."""

    kind: Literal["text", "photo"]
    html: str  # the message text, or the photo caption ("" for none)
    keyboard: InlineKeyboardMarkup | None = None


@dataclass(frozen=True)
class TelegramReply:
    """A rendered reply: its messages in order; the keyboard rides on the last one."""

    parts: tuple[TelegramPart, ...]
    chart: ChartSpec | None = None
    edit_in_place: bool = False
    parse_mode: str = PARSE_MODE


def render_reply(
    reply: Reply,
    creator_key: str,
    secret: bytes,
    *,
    extra_row: Sequence[InlineKeyboardButton] = (),
) -> TelegramReply:
    """Render a reply for Telegram; buttons are signed for ``creator_key`` with ``secret``.

    ``extra_row`` (e.g. the Mini App's button) goes below the reply's own buttons.
    """
    keyboard = build_keyboard(reply.buttons, creator_key, secret)
    if extra_row:
        rows = list(keyboard.inline_keyboard) if keyboard else []
        keyboard = InlineKeyboardMarkup([*rows, list(extra_row)])
    lines = reply_lines(reply.blocks, reply.notice)
    if reply.chart is not None:
        caption, *texts = pack(lines, CAPTION_LIMIT, TEXT_LIMIT, HTML)
        parts = [TelegramPart("photo", assemble(caption, HTML))]
    else:
        texts = pack(lines, TEXT_LIMIT, TEXT_LIMIT, HTML)
        parts = []
    parts += [TelegramPart("text", assemble(chunk, HTML)) for chunk in texts if chunk]
    if not parts and keyboard is not None:
        parts = [TelegramPart("text", EMPTY_TEXT)]
    if parts and keyboard is not None:
        parts[-1] = TelegramPart(parts[-1].kind, parts[-1].html, keyboard)
    return TelegramReply(tuple(parts), reply.chart, reply.edit_in_place)


def render_html(reply: Reply) -> list[str]:
    """Just the HTML texts of a reply (no chart, no keyboard): one string per message."""
    chunks = pack(reply_lines(reply.blocks, reply.notice), TEXT_LIMIT, TEXT_LIMIT, HTML)
    return [assemble(chunk, HTML) for chunk in chunks if chunk]


def build_keyboard(
    buttons: Sequence[Button], creator_key: str, secret: bytes
) -> InlineKeyboardMarkup | None:
    """An inline keyboard: one row per ``Button.row`` (ascending), at most 8 buttons a row."""
    if not buttons:
        return None
    if len(buttons) > MAX_BUTTONS:
        raise ValueError(f"{len(buttons)} buttons; Telegram allows at most {MAX_BUTTONS}")
    rows: dict[int, list[InlineKeyboardButton]] = {}
    for button in buttons:
        if button.url is not None:  # a link: Telegram opens it, nothing comes back
            made = InlineKeyboardButton(_label(button.label), url=button.url)
        else:
            data = sign_callback(button.action, creator_key, secret)
            made = InlineKeyboardButton(_label(button.label), callback_data=data)
        rows.setdefault(button.row, []).append(made)
    keyboard = [
        rows[row][start : start + MAX_BUTTONS_PER_ROW]
        for row in sorted(rows)
        for start in range(0, len(rows[row]), MAX_BUTTONS_PER_ROW)
    ]
    return InlineKeyboardMarkup(keyboard)


def _label(label: str) -> str:
    text = one_line(label) or EMPTY_TEXT
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def sign_callback(action: Action, creator_key: str, secret: bytes) -> str:
    """Callback data for an action, bound to one creator: ``<action>|<signature>``, ≤ 64 bytes."""
    encoded = action.encode()
    size = len(encoded.encode("utf-8"))
    if size > MAX_ACTION_BYTES:
        raise ValueError(
            f"action {action.name!r} encodes to {size} bytes; at most {MAX_ACTION_BYTES} fit "
            "beside the signature in Telegram's 64-byte callback data"
        )
    return signing.sign(action, creator_key, secret, chars=SIGNATURE_CHARS)


def verify_callback(data: str, creator_key: str, secret: bytes) -> Action | None:
    """The action a button carries, or None when it was not signed for this creator and secret."""
    return signing.verify(data, creator_key, secret, chars=SIGNATURE_CHARS)


def callback_secret(bot_token: str, configured: str | None = None) -> bytes:
    """The key signing callback data: the configured secret, else derived from the token."""
    return signing.signing_key(bot_token, configured, purpose=b"whatsworking-callback-data")
