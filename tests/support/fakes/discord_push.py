"""What people do on the local Discord, sent to the bot over the gateway: slash commands (in the
DM with the bot or in a server), autocomplete, button presses, DMs and mentions.

Payloads follow Discord's documented ``INTERACTION_CREATE`` and ``MESSAGE_CREATE`` shapes.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from tests.support.fakes.discord_state import (
    APPLICATION_ID,
    BOT_ID,
    GUILD_CHANNEL_ID,
    GUILD_ID,
    StoredInteraction,
    StoredMessage,
    now,
)

if TYPE_CHECKING:
    from tests.support.fakes.discord_gateway import Gateway
    from tests.support.fakes.discord_state import Store

COMMAND, COMPONENT, AUTOCOMPLETE = 2, 3, 4
SUBCOMMAND, GROUP, STRING, BOOLEAN = 1, 2, 3, 5
GROUP_NAME = "whatsworking"


def option(name: str, value: Any, *, focused: bool = False) -> dict[str, Any]:
    """One filled-in option of a command."""
    kind = BOOLEAN if isinstance(value, bool) else STRING
    found = {"name": name, "type": kind, "value": value}
    return {**found, "focused": True} if focused else found


def command_data(path: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    """``data`` of a ``/whatsworking <path>`` command ("top", or "plan from")."""
    *groups, leaf = path.split()
    nested: list[dict[str, Any]] = [{"type": SUBCOMMAND, "name": leaf, "options": options}]
    for group in reversed(groups):
        nested = [{"type": GROUP, "name": group, "options": nested}]
    return {"id": str(APPLICATION_ID + 1), "name": GROUP_NAME, "type": 1, "options": nested}


class PushMixin:
    """Push helpers of ``DiscordServer``."""

    store: Store
    gateway: Gateway

    async def wait_for(self, predicate: Any, timeout: float = 60.0) -> Any:
        """Implemented by the server."""
        raise NotImplementedError

    def _where(self, user: int, dm: bool) -> dict[str, Any]:
        person = self.store.user(user)
        if dm:
            channel = self.store.dm_channel(user)
            return {
                "user": person,
                "channel_id": str(channel),
                "channel": {"id": str(channel), "type": 1, "recipients": [person]},
                "context": 1,
                "authorizing_integration_owners": {"0": str(GUILD_ID)},
            }
        member: dict[str, Any] = {"user": person, "roles": []}
        member |= {"joined_at": "2030-01-01T00:00:00+00:00"}
        member |= {"permissions": "0", "deaf": False, "mute": False, "flags": 0}
        guild_channel: dict[str, Any] = {"id": str(GUILD_CHANNEL_ID), "type": 0}
        guild_channel |= {"guild_id": str(GUILD_ID)}
        guild_channel |= {
            "name": "general",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
        }
        return {
            "member": member,
            "guild_id": str(GUILD_ID),
            "guild_locale": "en-US",
            "channel_id": str(GUILD_CHANNEL_ID),
            "channel": guild_channel,
            "context": 0,
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
        }

    async def _interact(
        self, user: int, kind: int, data: dict[str, Any], *, dm: bool, **extra: Any
    ) -> StoredInteraction:
        await self.wait_for(lambda: self.gateway.connected)
        where = self._where(user, dm)
        found = StoredInteraction(
            self.store.snowflake(),
            secrets.token_urlsafe(24),
            kind,
            user,
            int(where["channel_id"]),
            now(),
            **extra,
        )
        self.store.interactions[found.token] = found
        payload = {
            "id": str(found.id),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "data": data,
            "token": found.token,
            "version": 1,
            "app_permissions": "0",
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            **where,
        }
        if found.message_id is not None:
            payload["message"] = self._message_of(found.message_id)
        await self.gateway.dispatch("INTERACTION_CREATE", payload)
        return found

    def _message_of(self, message_id: int) -> dict[str, Any]:
        from tests.support.fakes.discord_rest import message_payload

        return message_payload(self.store.messages[message_id])

    async def slash(
        self,
        user: int,
        path: str,
        *,
        dm: bool = True,
        deadline: float | None = None,
        token_ttl: float | None = None,
        **options: Any,
    ) -> StoredInteraction:
        """``user`` runs ``/whatsworking <path>`` with ``options`` (None ones left out); a
        ``deadline`` or ``token_ttl`` (seconds) shorter than Discord's makes it expire sooner."""
        filled = [option(k, v) for k, v in options.items() if v is not None]
        limits = {"deadline": deadline, "token_ttl": token_ttl}
        extra = {k: v for k, v in limits.items() if v is not None}
        return await self._interact(user, COMMAND, command_data(path, filled), dm=dm, **extra)

    async def autocomplete(
        self, user: int, path: str, focused: str, typed: str, *, dm: bool = True
    ) -> StoredInteraction:
        """``user`` types ``typed`` into option ``focused`` of ``/whatsworking <path>``."""
        data = command_data(path, [option(focused, typed, focused=True)])
        return await self._interact(user, AUTOCOMPLETE, data, dm=dm)

    async def press(
        self, user: int, message: StoredMessage, label: str, *, token_ttl: float | None = None
    ) -> StoredInteraction:
        """``user`` presses the button labelled ``label`` on ``message``."""
        (button,) = [b for b in message.buttons if b.get("label") == label]
        data = {"custom_id": button["custom_id"], "component_type": 2}
        dm = message.channel_id != GUILD_CHANNEL_ID
        extra: dict[str, Any] = {"message_id": message.id}
        if token_ttl is not None:
            extra["token_ttl"] = token_ttl
        return await self._interact(user, COMPONENT, data, dm=dm, **extra)

    async def _message(self, user: int, text: str, *, dm: bool) -> None:
        await self.wait_for(lambda: self.gateway.connected)
        person = self.store.user(user)
        mentions = [] if dm else [self.store.user(BOT_ID)]
        data = {
            "id": str(self.store.snowflake()),
            "channel_id": str(self.store.dm_channel(user) if dm else GUILD_CHANNEL_ID),
            "type": 0,
            "author": person,
            "content": text if dm else f"<@{BOT_ID}> {text}",
            "embeds": [],
            "attachments": [],
            "components": [],
            "mentions": mentions,
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": "2030-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "flags": 0,
        }
        if not dm:
            data["guild_id"] = str(GUILD_ID)
        await self.gateway.dispatch("MESSAGE_CREATE", data)

    async def send_dm(self, user: int, text: str) -> None:
        """``user`` writes ``text`` to the bot in their DM."""
        await self._message(user, text, dm=True)

    async def mention(self, user: int, text: str) -> None:
        """``user`` mentions the bot in a server channel with ``text``."""
        await self._message(user, text, dm=False)

    def dms(self, user: int) -> list[StoredMessage]:
        """The bot's messages in the DM with ``user``."""
        return self.store.in_channel(self.store.dm_channel(user))

    def replies(self, found: StoredInteraction) -> list[StoredMessage]:
        """The messages answering an interaction (the original first, then follow-ups)."""
        ids = [found.original_id] if found.original_id else []
        return [self.store.messages[i] for i in ids + found.followups]
