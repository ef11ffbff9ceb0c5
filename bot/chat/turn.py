"""One turn of the agent for a chat front-end: the reply and the key its buttons are signed with.

Front-ends call ``run_turns`` in a worker thread (it reaches the database); the answer then
goes to their renderer. Several requests of one person (Discord's settings command sends one per
option) are answered as one reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.chat.identities import CreatorKeys
from context.reply import ChatAgent, ChatRequest, Reply


@dataclass(frozen=True)
class Answer:
    """A turn's reply and the creator key its buttons are signed with (None: not linked)."""

    reply: Reply
    creator_key: str | None


def combine(replies: Sequence[Reply]) -> Reply:
    """Several turns answered as one: the last reply, carrying every turn's notice."""
    if len(replies) == 1:
        return replies[0]
    notices = [r.notice for r in replies if r.notice]
    return replace(replies[-1], notice=" ".join(notices) if notices else None)


def run_turns(
    agent: ChatAgent, keys: CreatorKeys, channel: str, requests: Sequence[ChatRequest]
) -> Answer:
    """The agent's answer to one person's requests, in order (blocking: run it in a thread)."""
    replies = [agent.handle(request) for request in requests]
    reply = combine(replies)
    if not reply.buttons:  # nothing to sign: spare the turn a database read
        return Answer(reply, None)
    # The last reply's account is the one the person is linked to after these turns.
    key = replies[-1].account_key or keys.creator_key(channel, requests[0].external_id)
    return Answer(reply, key)
