"""The scheduler's Discord notifier: a DM with signed buttons, and refusals that stop retries."""

from __future__ import annotations

import uuid
from typing import Any

import discord
import pytest

from bot.discord.buttons import ActionButton, verify_custom_id
from bot.discord.notify import DiscordNotifier, NotConnected
from bot.discord.render import CHART_FILENAME
from context.reply import Action, Button, Headline, Paragraph, Reply
from context.scheduled.delivery.notify import DeliveryRejected, Recipient
from tests.discord.limits import embed_problems
from tests.discord.world import SECRET

CREATOR = uuid.UUID("00000000-0000-0000-0000-000000000042")
REMINDER = Reply(
    blocks=(Headline("Due today: 3.2 Film the b-roll @everyone"), Paragraph("In plan 3.")),
    buttons=(Button("Done", Action("toggle", ("3.2",))),),
)


def response(status: int) -> Any:
    return type("Response", (), {"status": status, "reason": "refused"})()


class User:
    """A Discord user whose DMs record what is sent (or refuse with ``error``)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error
        self.sent: list[dict[str, Any]] = []

    async def send(self, **kwargs: Any) -> None:
        """Record, or refuse."""
        if self.error is not None:
            raise self.error
        self.sent.append(kwargs)


class Client:
    """Users by id; ``cached`` ones come from get_user, the others from fetch_user."""

    def __init__(self, user: User, *, cached: bool, ready_after: int = 0) -> None:
        self.user, self.cached = user, cached
        self.fetched: list[int] = []
        self.ready_after = ready_after  # how many readiness checks answer "not yet"

    def is_ready(self) -> bool:
        """Not ready for the first ``ready_after`` checks."""
        self.ready_after -= 1
        return self.ready_after < 0

    def get_user(self, user_id: int, /) -> Any:
        """A cached user."""
        return self.user if self.cached else None

    async def fetch_user(self, user_id: int, /) -> Any:
        """Asked from Discord."""
        self.fetched.append(user_id)
        return self.user


def recipient() -> Recipient:
    return Recipient(CREATOR, "discord", "123456789012345678", "123456789012345678")


@pytest.mark.parametrize("cached", [True, False])
async def test_a_reminder_is_a_dm_with_buttons_signed_for_the_creator(cached: bool) -> None:
    user = User()
    client = Client(user, cached=cached)
    await DiscordNotifier(client, SECRET).send(recipient(), REMINDER, b"\x89PNG")
    (sent,) = user.sent
    assert client.fetched == ([] if cached else [123456789012345678])
    assert embed_problems(sent["embeds"]) == []
    assert "@everyone" not in (sent["embeds"][0].title or "")
    assert sent["allowed_mentions"].to_dict()["parse"] == []
    assert [f.filename for f in sent["files"]] == [CHART_FILENAME]
    (button,) = [c for c in sent["view"].children if isinstance(c, ActionButton)]
    assert verify_custom_id(button.custom_id, str(CREATOR), SECRET) == Action("toggle", ("3.2",))
    assert verify_custom_id(button.custom_id, str(uuid.uuid4()), SECRET) is None


@pytest.mark.parametrize(
    "error",
    [
        discord.Forbidden(response(403), "Cannot send messages to this user"),
        discord.NotFound(response(404), "Unknown User"),
        discord.HTTPException(response(400), "Invalid Form Body"),
    ],
)
async def test_refusals_for_good_are_not_retried(error: Exception) -> None:
    with pytest.raises(DeliveryRejected):
        await DiscordNotifier(Client(User(error), cached=True), SECRET).send(
            recipient(), REMINDER, None
        )


async def test_a_passing_failure_is_left_for_the_scheduler_to_retry() -> None:
    error = discord.HTTPException(response(503), "Service Unavailable")
    with pytest.raises(discord.HTTPException) as raised:
        await DiscordNotifier(Client(User(error), cached=True), SECRET).send(
            recipient(), REMINDER, None
        )
    assert not isinstance(raised.value, DeliveryRejected)


async def test_a_reminder_due_while_the_bot_is_still_connecting_waits_for_the_session() -> None:
    user = User()
    client = Client(user, cached=True, ready_after=3)
    await DiscordNotifier(client, SECRET).send(recipient(), REMINDER, None)
    assert len(user.sent) == 1 and client.ready_after < 0


async def test_no_session_in_time_is_a_passing_failure_and_nothing_is_sent() -> None:
    user = User()
    notifier = DiscordNotifier(
        Client(user, cached=True, ready_after=10**6), SECRET, ready_within=0.3
    )
    with pytest.raises(NotConnected) as raised:
        await notifier.send(recipient(), REMINDER, None)
    assert not isinstance(raised.value, DeliveryRejected) and user.sent == []
