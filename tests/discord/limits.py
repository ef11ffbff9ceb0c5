"""Discord's limits, checked on what the front-end sends (the oracle of the tests)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import discord

from bot.discord.buttons import ActionButton
from tests.discord.doubles import Call

FORBIDDEN_MARKUP = re.compile(r"(?<!\\)@(everyone|here)|<@&?\d")


def units(text: str | None) -> int:
    """UTF-16 code units (never fewer than the characters Discord counts)."""
    return len((text or "").encode("utf-16-le", "surrogatepass")) // 2


def embed_problems(embeds: Iterable[discord.Embed]) -> list[str]:
    """Every way these embeds (one message) break Discord's limits."""
    embeds = list(embeds)
    problems: list[str] = []
    if len(embeds) > 10:
        problems.append(f"{len(embeds)} embeds in one message")
    total = 0
    for embed in embeds:
        data: dict[str, Any] = embed.to_dict()
        title, description = data.get("title"), data.get("description")
        fields = data.get("fields", [])
        if units(title) > 256:
            problems.append(f"title of {units(title)}")
        if units(description) > 4096:
            problems.append(f"description of {units(description)}")
        if not (title or description or data.get("image")):
            problems.append("an empty embed")
        if len(fields) > 25:
            problems.append(f"{len(fields)} fields")
        for f in fields:
            if units(f["name"]) > 256 or units(f["value"]) > 1024:
                problems.append("a field over its limits")
        total += units(title) + units(description)
        total += sum(units(f["name"]) + units(f["value"]) for f in fields)
        total += units(data.get("footer", {}).get("text")) + units(
            data.get("author", {}).get("name")
        )
        for text in (title, description):
            if text and "\ud800" <= max(text) <= "\udfff":
                problems.append("a lone surrogate")
    if total > 6000:
        problems.append(f"{total} characters in one message")
    return problems


def view_problems(view: discord.ui.View | None) -> list[str]:
    """Every way a view breaks Discord's component limits."""
    if view is None:
        return []
    problems: list[str] = []
    rows = view.to_components()
    if len(rows) > 5:
        problems.append(f"{len(rows)} rows")
    ids = []
    for row in rows:
        buttons = row["components"]
        if len(buttons) > 5:
            problems.append(f"{len(buttons)} buttons in a row")
        for button in buttons:
            ids.append(button["custom_id"])
            if not 1 <= len(button["custom_id"]) <= 100:
                problems.append(f"custom id of {len(button['custom_id'])}")
            if not 1 <= len(button.get("label", "")) <= 80:
                problems.append(f"label of {len(button.get('label', ''))}")
    if len(ids) != len(set(ids)):
        problems.append("duplicate custom ids")
    if len(ids) > 25:
        problems.append(f"{len(ids)} components")
    if not all(isinstance(c, ActionButton) for c in view.children):
        problems.append("a component that is not a signed ActionButton")
    return problems


def call_problems(call: Call) -> list[str]:
    """Limits, and mentions that could ping, of one call."""
    problems = embed_problems(call.embeds) + view_problems(call.view)
    mentions = call.kwargs.get("allowed_mentions")
    if call.method != "defer" and mentions is not None:
        data = mentions.to_dict()
        if data.get("parse") or data.get("users") or data.get("roles") or data.get("replied_user"):
            problems.append("allowed mentions would ping")
    elif call.method != "defer":
        problems.append("no allowed_mentions")
    content = call.kwargs.get("content")
    if content and units(content) > 2000:
        problems.append("content over 2,000")
    for embed in call.embeds:
        if FORBIDDEN_MARKUP.search((embed.title or "") + (embed.description or "")):
            problems.append("a live mention in an embed")
    return problems


def assert_within_limits(calls: Iterable[Call]) -> None:
    """Fail naming every broken limit."""
    problems = [f"{c.method}: {p}" for c in calls for p in call_problems(c)]
    assert not problems, problems
