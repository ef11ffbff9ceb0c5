"""The synced command tree against Discord's rules (discord.py does not check descriptions),
and `whatsworking discord-commands`, which prints exactly what a sync sends."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.cli import main
from bot.discord.client import command_payload

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")  # Discord allows more scripts; ours are ASCII
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
COMMAND_CHARS = 4000  # name, description and option/choice names and values of one command
EXPECTED = {
    "overview", "top", "attention", "themes", "platforms", "content", "besttime", "advice",
    "formats", "cadence", "recent", "titles",
    "plans", "plan create", "plan from", "done", "undo", "digest",
    "settings", "link", "demo", "connect", "sync", "forgetme", "help", "web",
}  # fmt: skip


def walk(option: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every command, group and option below ``option`` with its path."""
    here = f"{path} {option['name']}".strip()
    yield here, option
    for child in option.get("options", []):
        yield from walk(child, here)


def rule_breaks(payload: list[dict[str, Any]]) -> list[str]:
    """Every way the payload breaks Discord's rules for chat-input commands."""
    problems = []
    for command in payload:
        chars = 0
        for path, item in walk(command):
            chars += len(item["name"]) + len(item.get("description", ""))
            if not NAME.match(item["name"]):
                problems.append(f"{path}: name {item['name']!r}")
            if not 1 <= len(item.get("description", "")) <= 100:
                problems.append(f"{path}: description of {len(item.get('description', ''))}")
            options = item.get("options", [])
            if len(options) > 25:
                problems.append(f"{path}: {len(options)} options")
            plain = [o for o in options if o["type"] not in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            required = [o.get("required", False) for o in plain]
            if required != sorted(required, reverse=True):
                problems.append(f"{path}: a required option after an optional one")
            choices = item.get("choices", [])
            if len(choices) > 25:
                problems.append(f"{path}: {len(choices)} choices")
            for choice in choices:
                chars += len(choice["name"]) + len(str(choice["value"]))
                if not 1 <= len(choice["name"]) <= 100 or len(str(choice["value"])) > 100:
                    problems.append(f"{path}: choice {choice['name']!r}")
            if choices and item.get("autocomplete"):
                problems.append(f"{path}: choices and autocomplete together")
        if chars > COMMAND_CHARS:
            problems.append(f"{command['name']}: {chars} characters")
    return problems


def test_the_tree_follows_discords_rules() -> None:
    assert rule_breaks(command_payload()) == []


def test_the_rule_check_can_fail() -> None:
    payload = command_payload()
    broken = json.loads(json.dumps(payload))
    broken[0]["options"][0]["description"] = "x" * 101
    broken[0]["options"][1]["name"] = "Top"
    assert len(rule_breaks(broken)) == 2


def test_one_group_with_every_command_of_the_product() -> None:
    (group,) = command_payload()
    assert group["name"] == "whatsworking"
    leaves = {
        path.removeprefix("whatsworking ")
        for path, item in walk(group)
        if item.get("type") == SUB_COMMAND and path != "whatsworking"  # the root is type 1 too
    }
    assert leaves == EXPECTED
    assert group["contexts"] == [0, 1] and group["integration_types"] == [0]


def test_autocomplete_where_the_creator_picks_their_own_things() -> None:
    (group,) = command_payload()
    auto = {path for path, item in walk(group) if item.get("autocomplete")}
    assert auto == {
        "whatsworking content piece",
        "whatsworking plan from piece",
        "whatsworking done item",
        "whatsworking undo item",
        "whatsworking settings timezone",
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_prints_the_exact_payload_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_BOT_TOKEN", raising=False)
    code, out, _ = run(capsys, "discord-commands")
    assert code == 0 and json.loads(out) == command_payload()
    code, out, _ = run(capsys, "discord-commands", "--guild", "123456789012345678")
    assert code == 0 and json.loads(out) == command_payload(123456789012345678)


def test_the_cli_refuses_a_bad_guild(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "discord-commands", "--guild", "0")
    assert code == 2 and out == "" and "--guild must be a Discord guild id" in err
