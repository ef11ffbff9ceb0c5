"""Telegram's rules for what a bot may send, as the Bot API enforces them.

One oracle shared by the fake Bot API server (which answers 400 like Telegram when a rule breaks)
and the renderer's unit tests. It is deliberately a little stricter than Telegram where Telegram is
lenient in undocumented ways (a bare ``&`` or ``>``, unknown attributes): what passes here passes
there. Lengths are counted in UTF-16 code units, as Telegram counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
BUTTON_LIMIT = 100
ROW_LIMIT = 8
CALLBACK_ANSWER_LIMIT = 200
COMMAND_LIMIT = 100

FORMATTING_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"}
)
OTHER_TAGS = frozenset({"a", "code", "pre", "blockquote", "tg-emoji"})
ALLOWED_TAGS = FORMATTING_TAGS | OTHER_TAGS
ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "login_url",
        "web_app",
        "pay",
        "callback_game",
        "copy_text",
    }
)

_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ATTRIBUTE = re.compile(
    r"\s+([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_TAG_END = re.compile(r"\s*>")
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


class RuleViolation(Exception):
    """Something Telegram would reject; ``description`` is what the Bot API would answer."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = f"Bad Request: {description}"


@dataclass(frozen=True)
class Entity:
    """One formatting entity of parsed text (offsets and lengths in UTF-16 code units)."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The entity as the Bot API returns it."""
        data: dict[str, Any] = {"type": self.type, "offset": self.offset, "length": self.length}
        if self.url is not None:
            data["url"] = self.url
        if self.language is not None:
            data["language"] = self.language
        return data


@dataclass(frozen=True)
class ParsedText:
    """Text after entity parsing: what the user sees, and its formatting."""

    text: str
    entities: tuple[Entity, ...] = ()


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    start: int  # UTF-16 offset in the plain text


class _HtmlParser:
    """A single pass over Telegram-flavoured HTML, raising RuleViolation at the first fault."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.plain: list[str] = []
        self.plain_len = 0
        self.stack: list[_Open] = []
        self.entities: list[Entity] = []

    def fail(self, what: str) -> RuleViolation:
        return RuleViolation(f"can't parse entities: {what}")

    def byte_offset(self) -> int:
        return len(self.source[: self.pos].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.plain.append(text)
        self.plain_len += utf16_len(text)

    def parse(self) -> ParsedText:
        source = self.source
        while self.pos < len(source):
            char = source[self.pos]
            if source.startswith("</", self.pos):
                self.end_tag()
            elif char == "<":
                self.start_tag()
            elif char == "&":
                self.entity()
            elif char == ">":
                raise self.fail(f"unescaped '>' at byte offset {self.byte_offset()}")
            else:
                stop = _next_special(source, self.pos)
                self.emit(source[self.pos : stop])
                self.pos = stop
        if self.stack:
            raise self.fail(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        ordered = sorted(self.entities, key=lambda e: (e.offset, -e.length))
        return ParsedText("".join(self.plain), tuple(ordered))

    def entity(self) -> None:
        match = _ENTITY.match(self.source, self.pos)
        if not match:
            raise self.fail(f"unsupported HTML entity at byte offset {self.byte_offset()}")
        self.emit(_decode_entity(match.group(1), self))
        self.pos = match.end()

    def start_tag(self) -> None:
        offset = self.byte_offset()
        match = _START_TAG.match(self.source, self.pos)
        if not match:
            raise self.fail(f"unexpected '<' at byte offset {offset}")
        tag = match.group(1).lower()
        if tag not in ALLOWED_TAGS:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {offset}')
        attrs, self.pos = self.attributes(match.end(), offset)
        _check_attributes(tag, attrs, self.stack, offset)
        _check_nesting(tag, self.stack, offset)
        self.stack.append(_Open(tag, attrs, self.plain_len))

    def attributes(self, pos: int, offset: int) -> tuple[dict[str, str], int]:
        attrs: dict[str, str] = {}
        while not (end := _TAG_END.match(self.source, pos)):
            match = _ATTRIBUTE.match(self.source, pos)
            if not match:
                raise self.fail(f"Unclosed start tag at byte offset {offset}")
            raw = next((g for g in match.groups()[1:] if g is not None), "")
            attrs[match.group(1).lower()] = _decode_all(raw, self)
            pos = match.end()
        return attrs, end.end()

    def end_tag(self) -> None:
        offset = self.byte_offset()
        match = _END_TAG.match(self.source, self.pos)
        if not match:
            raise self.fail(f"Unclosed end tag at byte offset {offset}")
        tag = match.group(1).lower()
        if not self.stack:
            raise self.fail(f'Unexpected end tag "{tag}" at byte offset {offset}')
        opened = self.stack.pop()
        if opened.tag != tag:
            raise self.fail(
                f'Unmatched end tag at byte offset {offset}, expected "</{opened.tag}>", '
                f'found "</{tag}>"'
            )
        self.pos = match.end()
        self.close(opened)

    def close(self, opened: _Open) -> None:
        length = self.plain_len - opened.start
        if opened.tag == "code" and self.stack and self.stack[-1].tag == "pre":
            language = opened.attrs.get("class", "").removeprefix("language-") or None
            self.stack[-1].attrs["language"] = language or ""
            return
        if length == 0:
            return  # Telegram drops empty entities
        entity_type = ENTITY_TYPES[opened.tag]
        if opened.tag == "blockquote" and "expandable" in opened.attrs:
            entity_type = "expandable_blockquote"
        self.entities.append(
            Entity(
                type=entity_type,
                offset=opened.start,
                length=length,
                url=opened.attrs.get("href"),
                language=opened.attrs.get("language") or None,
            )
        )


def _next_special(source: str, pos: int) -> int:
    stops = [i for i in (source.find(c, pos) for c in "<&>") if i != -1]
    return min(stops, default=len(source))


def _decode_entity(name: str, parser: _HtmlParser) -> str:
    if name in _NAMED:
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise parser.fail(f"invalid character reference at byte offset {parser.byte_offset()}")
    return chr(code)


def _decode_all(raw: str, parser: _HtmlParser) -> str:
    if "<" in raw or ">" in raw:
        raise parser.fail(
            f"unescaped '<' or '>' in an attribute at byte offset {parser.byte_offset()}"
        )
    out: list[str] = []
    pos = 0
    while (amp := raw.find("&", pos)) != -1:
        out.append(raw[pos:amp])
        match = _ENTITY.match(raw, amp)
        if not match:
            raise parser.fail(
                f"unsupported HTML entity in an attribute near {raw[amp : amp + 8]!r}"
            )
        out.append(_decode_entity(match.group(1), parser))
        pos = match.end()
    out.append(raw[pos:])
    return "".join(out)


_REQUIRED_ATTRIBUTES = {"a": {"href"}, "span": {"class"}, "tg-emoji": {"emoji-id"}}
_OPTIONAL_ATTRIBUTES = {"code": {"class"}, "blockquote": {"expandable"}}


def _check_attributes(tag: str, attrs: dict[str, str], stack: list[_Open], offset: int) -> None:
    required = _REQUIRED_ATTRIBUTES.get(tag, set())
    allowed = required | _OPTIONAL_ATTRIBUTES.get(tag, set())
    where = f'in tag "{tag}" at byte offset {offset}'
    if extra := set(attrs) - allowed:
        raise RuleViolation(f"can't parse entities: unsupported attribute {sorted(extra)} {where}")
    if missing := required - set(attrs):
        raise RuleViolation(f"can't parse entities: missing attribute {sorted(missing)} {where}")
    if tag == "span" and attrs["class"] != "tg-spoiler":
        raise RuleViolation('can\'t parse entities: Tag "span" must have class "tg-spoiler"')
    if tag == "code" and "class" in attrs:
        in_pre = bool(stack) and stack[-1].tag == "pre"
        if not (in_pre and attrs["class"].startswith("language-")):
            raise RuleViolation(f"can't parse entities: a language needs <pre><code> {where}")
    if tag == "tg-emoji" and not attrs["emoji-id"].isdigit():
        raise RuleViolation(f"can't parse entities: invalid custom emoji identifier {where}")


def _check_nesting(tag: str, stack: list[_Open], offset: int) -> None:
    open_tags = [o.tag for o in stack]
    where = f'"{tag}" at byte offset {offset}'
    code_in_pre = tag == "code" and open_tags[-1:] == ["pre"]
    if ("pre" in open_tags or "code" in open_tags) and not code_in_pre:
        raise RuleViolation(
            f"can't parse entities: no entity may be nested in pre or code: {where}"
        )
    if tag == "blockquote" and "blockquote" in open_tags:
        raise RuleViolation(f"can't parse entities: blockquotes can't be nested: {where}")
    if tag in OTHER_TAGS - {"blockquote"} and not code_in_pre:
        if clash := [t for t in open_tags if t in OTHER_TAGS and t != "blockquote"]:
            raise RuleViolation(f"can't parse entities: {where} can't be inside {clash[-1]}")
        if tag == "pre" and "blockquote" in open_tags:
            raise RuleViolation(f"can't parse entities: {where} can't be inside blockquote")


def parse_html(source: str) -> ParsedText:
    """Parse text as Telegram's HTML parse mode does; raise RuleViolation where Telegram would."""
    return _HtmlParser(source).parse()


def parse_text(text: str, parse_mode: str | None) -> ParsedText:
    """Parse text under a parse mode (None: taken literally; only HTML is supported here)."""
    if parse_mode is None or parse_mode == "":
        return ParsedText(text)
    if parse_mode.upper() != "HTML":
        raise RuleViolation(f"unsupported parse_mode {parse_mode!r}: this project sends HTML only")
    return parse_html(text)


def check_message_text(text: object, parse_mode: str | None) -> ParsedText:
    """The rules for a message's text: 1-4096 characters after entity parsing."""
    if not isinstance(text, str) or not text:
        raise RuleViolation("message text is empty")
    parsed = parse_text(text, parse_mode)
    if not parsed.text.strip():
        raise RuleViolation("message text is empty")
    if utf16_len(parsed.text) > TEXT_LIMIT:
        raise RuleViolation("message is too long")
    return parsed


def check_caption(caption: object, parse_mode: str | None) -> ParsedText | None:
    """The rules for a media caption: 0-1024 characters after entity parsing."""
    if caption is None or caption == "":
        return None
    if not isinstance(caption, str):
        raise RuleViolation("caption must be a string")
    parsed = parse_text(caption, parse_mode)
    if utf16_len(parsed.text) > CAPTION_LIMIT:
        raise RuleViolation("message caption is too long")
    return parsed


def check_reply_markup(markup: object) -> None:
    """The rules for reply markup; inline keyboards are checked button by button."""
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise RuleViolation("can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise RuleViolation(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    if sum(len(row) for row in keyboard) > BUTTON_LIMIT:
        raise RuleViolation("reply markup is too long")
    for row in keyboard:
        if len(row) > ROW_LIMIT:
            raise RuleViolation(f"too many buttons in a row (at most {ROW_LIMIT})")
        for button in row:
            _check_button(button)


def _check_button(button: object) -> None:
    if not isinstance(button, dict):
        raise RuleViolation("can't parse inline keyboard button: not an object")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RuleViolation("can't parse inline keyboard button: Text must be non-empty")
    actions = BUTTON_ACTIONS & set(button)
    if not actions:
        raise RuleViolation("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise RuleViolation(f"a button may have only one action, got {sorted(actions)}")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            raise RuleViolation("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise RuleViolation("BUTTON_URL_INVALID")
    if "web_app" in button:
        check_web_app(button["web_app"])


def check_web_app(web_app: object) -> None:
    """WebAppInfo: Telegram opens Mini Apps only from an HTTPS URL."""
    url = web_app.get("url") if isinstance(web_app, dict) else None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise RuleViolation("BUTTON_URL_INVALID: a Web App URL must be HTTPS")


def check_commands(commands: object) -> None:
    """The rules for setMyCommands: at most 100, lowercase names, 1-256 character descriptions."""
    if not isinstance(commands, list) or len(commands) > COMMAND_LIMIT:
        raise RuleViolation("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict):
            raise RuleViolation("can't parse BotCommand: not an object")
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise RuleViolation("BOT_COMMAND_INVALID")
        description = command.get("description")
        if not isinstance(description, str) or not 1 <= len(description) <= 256:
            raise RuleViolation("BOT_COMMAND_DESCRIPTION_INVALID")
