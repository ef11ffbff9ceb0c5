"""The local Discord refuses what Discord refuses, in Discord's words, so the wire tests can fail.

Driven over real HTTP with aiohttp (the client discord.py uses), without the bot.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.discord.client import command_payload
from tests.support.fakes.discord_server import DiscordServer
from tests.support.fakes.discord_state import APPLICATION_ID, StoredInteraction, now

USER = 1_300_000_000_000_000_901


@pytest.fixture
async def fake() -> AsyncIterator[DiscordServer]:
    async with DiscordServer() as server:
        yield server


async def call(
    fake: DiscordServer, method: str, path: str, body: Any = None
) -> tuple[int, Any, dict[str, str]]:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, f"{fake.base_url}/api/v10/{path}", json=body, headers=headers) as r,
    ):
        return r.status, await r.json(content_type=None), dict(r.headers)


def interaction(fake: DiscordServer, **limits_: float) -> StoredInteraction:
    found = StoredInteraction(fake.store.snowflake(), "tok", 2, USER, 1, now(), **limits_)  # type: ignore[arg-type]
    fake.store.interactions[found.token] = found
    return found


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"content": "x" * 2001}, ["content"]),
        ({"embeds": [{"title": "t"}] * 11}, ["embeds"]),
        ({"embeds": [{"title": "x" * 257}]}, ["embeds", "0", "title"]),
        ({"embeds": [{"description": "x" * 4097}]}, ["embeds", "0", "description"]),
        ({"embeds": [{"description": "x" * 4000}, {"description": "x" * 2001}]}, ["embeds"]),
        ({"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}, ["embeds", "0", "fields"]),
        ({"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, ["embeds", "0", "fields"]),
        ({"embeds": [{"title": "t", "footer": {"text": "x" * 2049}}]}, ["embeds", "0", "footer"]),
        ({"components": [{"type": 1, "components": [{"custom_id": "a"}]}] * 6}, ["components"]),
        ({"components": [{"type": 1, "components": [{"custom_id": "a"}] * 6}]}, ["components"]),
        ({"components": [{"type": 1, "components": [{"custom_id": "a" * 101}]}]}, ["components"]),
    ],
)
async def test_a_message_over_a_limit_is_invalid_form_body(
    fake: DiscordServer, body: dict[str, Any], where: list[str]
) -> None:
    channel = fake.store.dm_channel(USER)
    status, answer, _ = await call(fake, "POST", f"channels/{channel}/messages", body)
    assert status == 400 and answer["code"] == 50035 and answer["message"] == "Invalid Form Body"
    errors = answer["errors"]
    for key in where:
        errors = errors[key]
    assert fake.store.violations and fake.store.in_channel(channel) == []


async def test_within_the_limits_a_message_is_stored(fake: DiscordServer) -> None:
    channel = fake.store.dm_channel(USER)
    body = {"content": "x" * 2000, "embeds": [{"description": "x" * 4096}] + [{"title": "t"}] * 9}
    status, answer, headers = await call(fake, "POST", f"channels/{channel}/messages", body)
    assert status == 200 and answer["content"] == "x" * 2000
    assert headers["X-RateLimit-Bucket"] and headers["X-RateLimit-Remaining"] != "0"
    fake.assert_no_violations()


async def test_an_empty_message_and_a_closed_dm_are_refused(fake: DiscordServer) -> None:
    channel = fake.store.dm_channel(USER)
    assert (await call(fake, "POST", f"channels/{channel}/messages", {}))[1]["code"] == 50006
    fake.store.dms_closed.add(USER)
    status, answer, _ = await call(fake, "POST", f"channels/{channel}/messages", {"content": "x"})
    assert (status, answer) == (
        403,
        {"code": 50007, "message": "Cannot send messages to this user"},
    )


async def test_the_real_command_payload_syncs_and_a_bad_one_is_refused(fake: DiscordServer) -> None:
    path = f"applications/{APPLICATION_ID}/commands"
    status, synced, _ = await call(fake, "PUT", path, command_payload())
    assert status == 200 and [c["name"] for c in synced] == ["whatsworking"]
    bad = [{"name": "Whats Working", "description": "", "options": []}]
    status, answer, _ = await call(fake, "PUT", path, bad)
    assert status == 400 and set(answer["errors"]["0"]) == {"name", "description"}


async def test_an_interaction_is_acknowledged_once_within_its_deadline(fake: DiscordServer) -> None:
    found = interaction(fake)
    path = f"interactions/{found.id}/tok/callback"
    assert (await call(fake, "POST", path, {"type": 5}))[0] == 200
    assert (await call(fake, "POST", path, {"type": 5}))[1]["code"] == 40060
    late = interaction(fake, deadline=0.0)
    status, answer, _ = await call(
        fake, "POST", f"interactions/{late.id}/tok/callback", {"type": 4}
    )
    assert (status, answer["code"]) == (404, 10062)


async def test_autocomplete_takes_25_choices_and_an_expired_token_takes_no_edit(
    fake: DiscordServer,
) -> None:
    found = interaction(fake, token_ttl=0.0)
    choices = [{"name": str(n), "value": str(n)} for n in range(26)]
    path = f"interactions/{found.id}/tok/callback"
    status, answer, _ = await call(fake, "POST", path, {"type": 8, "data": {"choices": choices}})
    assert status == 400 and "choices" in answer["errors"]["data"]
    assert (await call(fake, "POST", path, {"type": 5}))[0] == 200
    edit = f"webhooks/{APPLICATION_ID}/tok/messages/@original"
    status, answer, _ = await call(fake, "PATCH", edit, {"content": "late"})
    assert (status, answer["code"]) == (401, 50027)


async def test_injected_429s_carry_discords_headers(fake: DiscordServer) -> None:
    fake.throttle_next("POST channels", retry_after=1.5)
    fake.throttle_globally(retry_after=0.25)
    channel = fake.store.dm_channel(USER)
    path = f"channels/{channel}/messages"
    status, answer, headers = await call(fake, "POST", path, {"content": "x"})
    assert status == 429 and answer == {
        "message": "You are being rate limited.",
        "retry_after": 1.5,
        "global": False,
    }
    assert headers["X-RateLimit-Remaining"] == "0" and headers["Retry-After"] == "2"
    assert headers["X-RateLimit-Scope"] == "user" and headers["Via"]
    status, answer, headers = await call(fake, "GET", "users/@me")
    assert status == 429 and answer["global"] and headers["X-RateLimit-Global"] == "true"
    assert (await call(fake, "POST", path, {"content": "x"}))[0] == 200
