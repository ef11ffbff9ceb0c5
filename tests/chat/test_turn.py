"""One turn for a front-end: the reply, and the key its buttons are signed with."""

from __future__ import annotations

import pytest

from bot.chat.turn import combine, run_turns
from context.reply import Action, Button, ChatRequest, Paragraph, Reply

USER = "4242"


class CountingKeys:
    """Creator keys that count their database lookups."""

    def __init__(self) -> None:
        self.lookups = 0

    def creator_key(self, channel: str, external_id: str) -> str | None:
        """Always the same key."""
        self.lookups += 1
        return "looked-up"


class FixedReplyAgent:
    """Answers every request with one reply."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply

    def handle(self, request: ChatRequest) -> Reply:
        """The fixed reply."""
        return self.reply


def ask(text: str) -> ChatRequest:
    """A request from the one test user."""
    return ChatRequest("telegram", USER, USER, text)


@pytest.mark.parametrize(
    ("account", "key", "lookups"), [("mia-id", "mia-id", 0), (None, "looked-up", 1)]
)
def test_buttons_are_signed_with_the_replys_account_without_a_second_lookup(
    account: str | None, key: str, lookups: int
) -> None:
    reply = Reply((Paragraph("hi"),), (Button("Top", Action("tab")),), account_key=account)
    keys = CountingKeys()
    answer = run_turns(FixedReplyAgent(reply), keys, "telegram", [ask("/top")])
    assert (answer.creator_key, keys.lookups) == (key, lookups)
    assert answer.reply is reply


def test_a_reply_without_buttons_needs_no_key() -> None:
    keys = CountingKeys()
    answer = run_turns(FixedReplyAgent(Reply((Paragraph("hi"),))), keys, "discord", [ask("x")])
    assert (answer.creator_key, keys.lookups) == (None, 0)


def test_several_turns_answer_as_the_last_reply_with_every_notice() -> None:
    first, last = Reply(notice="Timezone set."), Reply((Paragraph("done"),), notice="Saved.")
    assert combine([first, last]) == Reply((Paragraph("done"),), notice="Timezone set. Saved.")
