"""Discord's documented limits, checked on what the bot sends, as errors in Discord's own shape.

A refused body is answered 400 ``{"code": 50035, "message": "Invalid Form Body", "errors": …}``
with the errors nested like the JSON they point at (``{"embeds": {"0": {"title": {"_errors":
[…]}}}}``). Lengths are counted in characters, as Discord counts them.
"""

from __future__ import annotations

import re
from typing import Any

INVALID_FORM_BODY = 50035
EMPTY_MESSAGE = 50006
CONTENT_MAX = 2000
EMBEDS_MAX, EMBED_TOTAL_MAX = 10, 6000
TITLE_MAX, DESCRIPTION_MAX, FOOTER_MAX, AUTHOR_MAX = 256, 4096, 2048, 256
FIELDS_MAX, FIELD_NAME_MAX, FIELD_VALUE_MAX = 25, 256, 1024
ROWS_MAX, ROW_COMPONENTS_MAX, CUSTOM_ID_MAX, LABEL_MAX = 5, 5, 100, 80
CHOICES_MAX, CHOICE_MAX = 25, 100
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_DESCRIPTION_MAX, OPTIONS_MAX, COMMANDS_MAX = 100, 25, 100
SUBCOMMAND, GROUP = 1, 2

Errors = dict[str, Any]


def _error(code: str, message: str) -> Errors:
    return {"_errors": [{"code": code, "message": message}]}


def too_long(limit: int) -> Errors:
    """Discord's error for a string or list over ``limit``."""
    return _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def bad_length(low: int, high: int) -> Errors:
    """Discord's error for a length outside ``low``..``high``."""
    return _error("BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")


def invalid_form_body(errors: Errors) -> dict[str, Any]:
    """The documented 400 body for a request that breaks a limit."""
    return {"code": INVALID_FORM_BODY, "message": "Invalid Form Body", "errors": errors}


def _check_length(errors: Errors, key: str, value: Any, limit: int) -> None:
    if value is not None and len(value) > limit:
        errors[key] = too_long(limit)


def embed_errors(embed: dict[str, Any]) -> Errors:
    """What one embed breaks (title, description, fields, footer, author)."""
    errors: Errors = {}
    _check_length(errors, "title", embed.get("title"), TITLE_MAX)
    _check_length(errors, "description", embed.get("description"), DESCRIPTION_MAX)
    footer = embed.get("footer") or {}
    if len(footer.get("text") or "") > FOOTER_MAX:
        errors["footer"] = {"text": too_long(FOOTER_MAX)}
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_MAX:
        errors["fields"] = too_long(FIELDS_MAX)
    for i, item in enumerate(fields):
        problems: Errors = {}
        _check_length(problems, "name", item.get("name"), FIELD_NAME_MAX)
        _check_length(problems, "value", item.get("value"), FIELD_VALUE_MAX)
        if problems:
            errors.setdefault("fields", {})[str(i)] = problems
    return errors


def embed_size(embed: dict[str, Any]) -> int:
    """The characters Discord counts towards the 6,000 of one message."""
    fields = embed.get("fields") or []
    texts = [embed.get("title"), embed.get("description")]
    texts += [(embed.get("footer") or {}).get("text"), (embed.get("author") or {}).get("name")]
    texts += [f.get("name") for f in fields] + [f.get("value") for f in fields]
    return sum(len(t or "") for t in texts)


def components_errors(rows: list[dict[str, Any]]) -> Errors:
    """What the action rows break: 5 rows of 5, custom ids of 1..100, labels of 80."""
    if len(rows) > ROWS_MAX:
        return too_long(ROWS_MAX)
    errors: Errors = {}
    for i, row in enumerate(rows):
        inner = row.get("components") or []
        if not 1 <= len(inner) <= ROW_COMPONENTS_MAX:
            errors[str(i)] = {"components": bad_length(1, ROW_COMPONENTS_MAX)}
            continue
        for j, component in enumerate(inner):
            problems: Errors = {}
            custom_id = component.get("custom_id")
            if custom_id is not None and not 1 <= len(custom_id) <= CUSTOM_ID_MAX:
                problems["custom_id"] = bad_length(1, CUSTOM_ID_MAX)
            _check_length(problems, "label", component.get("label"), LABEL_MAX)
            if problems:
                errors.setdefault(str(i), {"components": {}})["components"][str(j)] = problems
    return errors


def message_errors(body: dict[str, Any], *, files: int = 0, edit: bool = False) -> Errors:
    """What a message body (new or edited) breaks; empty when Discord would accept it."""
    errors: Errors = {}
    _check_length(errors, "content", body.get("content"), CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors["embeds"] = too_long(EMBEDS_MAX)
    for i, embed in enumerate(embeds):
        problems = embed_errors(embed)
        if problems:
            errors.setdefault("embeds", {})[str(i)] = problems
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL_MAX:
        message = f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        errors.setdefault("embeds", {}).update(_error("MAX_EMBED_SIZE_EXCEEDED", message))
    components = components_errors(body.get("components") or [])
    if components:
        errors["components"] = components
    return errors


def is_empty(body: dict[str, Any], files: int) -> bool:
    """A new message with nothing in it (Discord answers 50006)."""
    keys = ("content", "embeds", "components", "sticker_ids", "poll")
    return not files and not any(body.get(k) for k in keys)


def choices_errors(choices: list[dict[str, Any]]) -> Errors:
    """What an autocomplete answer breaks: at most 25 choices, names and values of 1..100."""
    if len(choices) > CHOICES_MAX:
        return {"choices": too_long(CHOICES_MAX)}
    errors: Errors = {}
    for i, choice in enumerate(choices):
        name, value = str(choice.get("name", "")), str(choice.get("value", ""))
        if not 1 <= len(name) <= CHOICE_MAX or len(value) > CHOICE_MAX:
            errors.setdefault("choices", {})[str(i)] = {"name": bad_length(1, CHOICE_MAX)}
    return errors


def option_errors(option: dict[str, Any]) -> Errors:
    """What one command option (or subcommand, recursively) breaks."""
    errors = command_errors(option)
    choices = option.get("choices") or []
    if len(choices) > CHOICES_MAX:
        errors["choices"] = too_long(CHOICES_MAX)
    if choices and option.get("autocomplete"):
        errors["autocomplete"] = _error("AUTOCOMPLETE_CHOICES", "Cannot have both.")
    return errors


def command_errors(command: dict[str, Any]) -> Errors:
    """What one command of a sync breaks: name, description, options and their order."""
    errors: Errors = {}
    if (
        not COMMAND_NAME.match(str(command.get("name", "")))
        or command["name"].lower() != (command["name"])
    ):
        errors["name"] = _error("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    description = str(command.get("description", ""))
    if not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
        errors["description"] = bad_length(1, COMMAND_DESCRIPTION_MAX)
    options = command.get("options") or []
    if len(options) > OPTIONS_MAX:
        errors["options"] = too_long(OPTIONS_MAX)
    seen_optional = False
    for i, option in enumerate(options):
        problems = option_errors(option)
        nested = option.get("type") in (SUBCOMMAND, GROUP)
        if not nested and option.get("required") and seen_optional:
            problems["required"] = _error(
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            )
        seen_optional = seen_optional or not (nested or option.get("required"))
        if problems:
            errors.setdefault("options", {})[str(i)] = problems
    return errors


def sync_errors(payload: Any) -> Errors:
    """What a bulk overwrite of commands breaks: a list of at most 100 valid commands."""
    if not isinstance(payload, list):
        return _error("LIST_TYPE_CONVERT", "Must be an array.")
    if len(payload) > COMMANDS_MAX:
        return too_long(COMMANDS_MAX)
    names = [c.get("name") for c in payload]
    errors = {str(i): e for i, c in enumerate(payload) if (e := command_errors(c))}
    if len(names) != len(set(names)):
        errors.update(_error("APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate command name"))
    return errors
