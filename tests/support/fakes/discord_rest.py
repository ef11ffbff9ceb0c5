"""The REST routes of the local Discord the product uses, answered as Discord documents them.

Login (``/users/@me``, ``/oauth2/applications/@me``), ``/gateway/bot``, the command bulk
overwrite, interaction callbacks (3-second deadline, acknowledged once), follow-ups and edits of
``@original`` through the interaction webhook (token valid 15 minutes), DM channels and channel
messages (refused with 50007 when the user's DMs are closed). Every body is checked against
``discord_limits``; a refusal is also kept in ``store.violations`` so a test can fail on it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from tests.support.fakes import discord_limits as limits
from tests.support.fakes.discord_state import (
    APPLICATION_ID,
    BOT_ID,
    Store,
    StoredInteraction,
    StoredMessage,
    now,
    user_payload,
)

Answer = tuple[int, Any]
Handler = Callable[..., Awaitable[Answer]]
EPHEMERAL, LOADING = 64, 128
PONG, MESSAGE, DEFERRED, DEFERRED_UPDATE, UPDATE, CHOICES, MODAL = 1, 4, 5, 6, 7, 8, 9


def error(status: int, code: int, message: str) -> Answer:
    """A documented JSON error."""
    return status, {"code": code, "message": message}


UNKNOWN_INTERACTION = error(404, 10062, "Unknown interaction")
ALREADY_ACKNOWLEDGED = error(400, 40060, "Interaction has already been acknowledged.")
UNKNOWN_WEBHOOK = error(404, 10015, "Unknown Webhook")
INVALID_WEBHOOK_TOKEN = error(401, 50027, "Invalid Webhook Token")
UNKNOWN_MESSAGE = error(404, 10008, "Unknown Message")
UNKNOWN_CHANNEL = error(404, 10003, "Unknown Channel")
UNKNOWN_USER = error(404, 10013, "Unknown User")
DMS_CLOSED = error(403, 50007, "Cannot send messages to this user")
EMPTY = error(400, limits.EMPTY_MESSAGE, "Cannot send an empty message")


def stamp_answer(found: StoredInteraction) -> None:
    """Note when an interaction's answer first became complete (for benchmarks)."""
    if found.answered and found.answered_at is None:
        found.answered_at = now()


def message_payload(message: StoredMessage) -> dict[str, Any]:
    """A message object as Discord answers it."""
    attachments = [
        {
            "id": str(1000 + i),
            "filename": name,
            "size": 1,
            "url": f"https://cdn.invalid/{name}",
            "proxy_url": f"https://media.invalid/{name}",
        }
        for i, name in enumerate(message.files)
    ]
    flags = EPHEMERAL if message.ephemeral else 0
    return {
        "id": str(message.id),
        "channel_id": str(message.channel_id),
        "type": 0 if message.interaction_id is None else 20,
        "author": user_payload(message.author_id, bot=message.author_id == BOT_ID),
        "content": message.content,
        "embeds": message.embeds,
        "components": message.body.get("components") or [],
        "attachments": attachments,
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": "2030-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "flags": flags | int(message.body.get("flags") or 0),
    }


class DiscordRest:
    """Route table and handlers; ``gateway_url`` is what ``/gateway/bot`` announces."""

    def __init__(self, store: Store, gateway_url: Callable[[], str]) -> None:
        self.store = store
        self.gateway_url = gateway_url
        self.routes: list[tuple[str, re.Pattern[str], str, Handler]] = []
        for method, pattern, handler in (
            ("GET", r"gateway/bot", self.gateway),
            ("GET", r"users/@me", self.me),
            ("GET", r"oauth2/applications/@me", self.application),
            ("GET", r"users/(\d+)", self.get_user),
            ("POST", r"users/@me/channels", self.open_dm),
            ("PUT", r"applications/(\d+)/commands", self.sync),
            ("PUT", r"applications/(\d+)/guilds/(\d+)/commands", self.sync),
            ("POST", r"interactions/(\d+)/([^/]+)/callback", self.callback),
            ("POST", r"webhooks/(\d+)/([^/]+)", self.follow_up),
            ("PATCH", r"webhooks/(\d+)/([^/]+)/messages/(@original|\d+)", self.edit_webhook),
            ("GET", r"webhooks/(\d+)/([^/]+)/messages/(@original|\d+)", self.get_webhook),
            ("POST", r"channels/(\d+)/messages", self.channel_message),
            ("POST", r"channels/(\d+)/typing", self.typing),
        ):
            template = re.sub(r"\(.*?\)", "{}", pattern)
            compiled = re.compile(f"^{pattern}$")
            self.routes.append((method, compiled, f"{method} {template}", handler))

    def match(self, method: str, path: str) -> tuple[str, Handler, tuple[str, ...]] | None:
        """The route template, handler and path arguments for a request, or None."""
        for verb, pattern, template, handler in self.routes:
            found = pattern.match(path)
            if verb == method and found:
                return template, handler, found.groups()
        return None

    # -- login and gateway ---------------------------------------------------------------------

    async def gateway(self, body: Any, files: list[str]) -> Answer:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.gateway_url(), "shards": 1, "session_start_limit": limit}

    async def me(self, body: Any, files: list[str]) -> Answer:
        return 200, self.store.user(BOT_ID)

    async def application(self, body: Any, files: list[str]) -> Answer:
        return 200, {
            "id": str(APPLICATION_ID),
            "name": "whatsworking",
            "icon": None,
            "description": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": 0,
            "owner": user_payload(42),
            "team": None,
        }

    async def get_user(self, body: Any, files: list[str], user_id: str) -> Answer:
        if int(user_id) in self.store.deleted_users:
            return UNKNOWN_USER
        return 200, self.store.user(int(user_id))

    async def open_dm(self, body: Any, files: list[str]) -> Answer:
        user_id = int(body["recipient_id"])
        channel = self.store.dm_channel(user_id)
        recipient = self.store.user(user_id)
        return 200, {"id": str(channel), "type": 1, "recipients": [recipient]}

    async def sync(self, body: Any, files: list[str], app: str, guild: str = "") -> Answer:
        if int(app) != APPLICATION_ID:
            return error(403, 50001, "Missing Access")
        problems = limits.sync_errors(body)
        if problems:
            return self.refuse(problems)
        self.store.commands[guild or "global"] = body
        version = str(self.store.snowflake())
        synced = [
            {**c, "id": str(self.store.snowflake()), "application_id": app, "version": version}
            for c in body
        ]
        return 200, synced

    # -- interactions --------------------------------------------------------------------------

    async def callback(self, body: Any, files: list[str], iid: str, token: str) -> Answer:
        found = self.store.interactions.get(token)
        if found is None or found.id != int(iid):
            return UNKNOWN_INTERACTION
        if found.ack_type is not None:
            return self.refused(found, ALREADY_ACKNOWLEDGED)
        if now() - found.created > found.deadline:
            return self.refused(found, UNKNOWN_INTERACTION)
        kind, data = int(body["type"]), body.get("data") or {}
        problems = self.callback_errors(kind, data, len(files))
        if problems:
            return self.refused(found, self.refuse(problems))
        found.ack_type, found.acked_at = kind, now()
        message = self.acknowledge(found, kind, data, files)
        stamp_answer(found)
        return 200, self.callback_response(found, kind, message)

    def callback_errors(self, kind: int, data: dict[str, Any], files: int) -> limits.Errors:
        if kind == CHOICES:
            errors = limits.choices_errors(data.get("choices") or [])
        elif kind in (MESSAGE, UPDATE):
            errors = limits.message_errors(data, files=files)
        else:
            return {}
        return {"data": errors} if errors else {}

    def acknowledge(
        self, found: StoredInteraction, kind: int, data: dict[str, Any], files: list[str]
    ) -> StoredMessage | None:
        if kind == CHOICES:
            found.choices = list(data.get("choices") or [])
            return None
        if kind in (DEFERRED_UPDATE, UPDATE):
            found.original_id = found.message_id
            if kind == UPDATE and found.message_id in self.store.messages:
                self.edit(self.store.messages[found.message_id], data, files)
            return self.store.messages.get(found.message_id or 0)
        if kind in (MESSAGE, DEFERRED):
            loading = {"flags": LOADING | int(data.get("flags") or 0)}  # ephemeral stays
            body = dict(data) if kind == MESSAGE else loading
            message = self.new_message(found, body, files)
            found.original_id = message.id
            return message
        return None

    def callback_response(
        self, found: StoredInteraction, kind: int, message: StoredMessage | None
    ) -> dict[str, Any]:
        interaction = {
            "id": str(found.id),
            "type": found.kind,
            "response_message_id": str(message.id) if message else None,
            "response_message_loading": kind == DEFERRED,
            "response_message_ephemeral": bool(message and message.ephemeral),
        }
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            resource["message"] = message_payload(message)
        return {"interaction": interaction, "resource": resource}

    def new_message(
        self, found: StoredInteraction, body: dict[str, Any], files: list[str]
    ) -> StoredMessage:
        message = self.store.add_message(found.channel_id, body, files)
        message.interaction_id = found.id
        message.ephemeral = bool(int(body.get("flags") or 0) & EPHEMERAL)
        return message

    def edit(self, message: StoredMessage, body: dict[str, Any], files: list[str]) -> None:
        message.history.append(dict(message.body))
        flags = int(message.body.get("flags") or 0) & ~LOADING
        message.body = {**message.body, **body, "flags": flags}
        if "attachments" in body or files:
            message.files = list(files)

    def webhook(self, app: str, token: str) -> StoredInteraction | Answer:
        found = self.store.interactions.get(token)
        if found is None or int(app) != APPLICATION_ID or found.ack_type is None:
            return UNKNOWN_WEBHOOK
        if now() - found.created > found.token_ttl:
            return self.refused(found, INVALID_WEBHOOK_TOKEN)
        return found

    async def follow_up(self, body: Any, files: list[str], app: str, token: str) -> Answer:
        found = self.webhook(app, token)
        if not isinstance(found, StoredInteraction):
            return found
        if limits.is_empty(body, len(files)):
            return self.refused(found, EMPTY)
        problems = limits.message_errors(body, files=len(files))
        if problems:
            return self.refused(found, self.refuse(problems))
        message = self.new_message(found, body, files)
        found.followups.append(message.id)
        stamp_answer(found)
        return 200, message_payload(message)

    def target(self, found: StoredInteraction, which: str) -> StoredMessage | None:
        message_id = found.original_id if which == "@original" else int(which)
        return self.store.messages.get(message_id or 0)

    async def edit_webhook(
        self, body: Any, files: list[str], app: str, token: str, which: str
    ) -> Answer:
        found = self.webhook(app, token)
        if not isinstance(found, StoredInteraction):
            return found
        message = self.target(found, which)
        if message is None:
            return self.refused(found, UNKNOWN_MESSAGE)
        problems = limits.message_errors(body, files=len(files), edit=True)
        if problems:
            return self.refused(found, self.refuse(problems))
        self.edit(message, body, files)
        found.edits += 1
        stamp_answer(found)
        return 200, message_payload(message)

    async def get_webhook(
        self, body: Any, files: list[str], app: str, token: str, which: str
    ) -> Answer:
        found = self.webhook(app, token)
        if not isinstance(found, StoredInteraction):
            return found
        message = self.target(found, which)
        return (200, message_payload(message)) if message else UNKNOWN_MESSAGE

    # -- channels ------------------------------------------------------------------------------

    async def channel_message(self, body: Any, files: list[str], channel: str) -> Answer:
        channel_id = int(channel)
        user = self.store.dm_user(channel_id)
        if user is None and channel_id not in self.store.guild_channels:
            return UNKNOWN_CHANNEL
        if user in self.store.dms_closed:
            return DMS_CLOSED
        if limits.is_empty(body, len(files)):
            return EMPTY
        problems = limits.message_errors(body, files=len(files))
        if problems:
            return self.refuse(problems)
        return 200, message_payload(self.store.add_message(channel_id, body, files))

    async def typing(self, body: Any, files: list[str], channel: str) -> Answer:
        return 204, None

    # -- refusals ------------------------------------------------------------------------------

    def refuse(self, problems: limits.Errors) -> Answer:
        """400 Invalid Form Body, remembered as a violation."""
        self.store.violations.append(str(problems))
        return 400, limits.invalid_form_body(problems)

    def refused(self, found: StoredInteraction, answer: Answer) -> Answer:
        """An error answered about one interaction, remembered on it."""
        found.refused.append(int(answer[1]["code"]))
        return answer
