"""The phrasing corpus through the whole agent: the share answered in kind must stay >= 95 %.

Each phrasing runs in its own chat after its ``before`` turns; the stored answer says which
intent and tool answered. The share and every miss are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

from collections import Counter

from context.agent import Agent
from storage import Database
from storage.clock import FixedClock
from storage.models import ChatMessage
from tests.agent.corpus import CORPUS, KINDS, Phrase
from tests.agent.expect import World
from tests.agent.test_rules_phrasings import world  # noqa: F401  (the shared fixture)
from tests.support.chat import NOW, Chat

TARGET = 0.95


def stored(chat: Chat) -> list[ChatMessage]:
    """The chat's stored messages (none while the account flows answered every turn)."""
    try:
        return chat.messages()
    except AssertionError:  # no conversation yet
        return []


def answered_in_kind(agent: Agent, at: World, index: int, phrase: Phrase) -> str | None:
    """None when the phrasing got its kind of answer, else what it got instead."""
    chat = Chat(agent, at.db, "mia", chat=f"corpus{index}")
    for before in phrase.before:
        chat.say(before.format(**at.refs))
    said = len(stored(chat))
    reply = chat.say(phrase.text.format(**at.refs))
    messages = stored(chat)
    if len(messages) == said:  # nothing stored: the account flows answered
        got: tuple[object, object] = ("account", None)
        return None if got == KINDS[phrase.kind] else f"account flows: {reply.plain_text()[:80]!r}"
    answer = messages[-1]
    got = (answer.payload.get("intent"), answer.tool_name)
    if got != KINDS[phrase.kind]:
        return f"got {got}: {reply.plain_text()[:80]!r}"
    if answer.payload.get("ok") is not True:
        return f"failed: {reply.plain_text()[:80]!r}"
    return None


def test_the_corpus_is_large_and_varied() -> None:
    kinds = Counter(phrase.kind for phrase in CORPUS)
    assert len(CORPUS) >= 200
    assert len({phrase.text.lower() for phrase in CORPUS}) >= 195
    assert all(kinds[kind] >= 3 for kind in KINDS), kinds


def test_the_corpus_is_answered_in_kind(seeded: Database, world: World) -> None:  # noqa: F811
    agent = Agent(seeded, FixedClock(NOW))
    misses = {}
    for index, phrase in enumerate(CORPUS):
        missed = answered_in_kind(agent, world, index, phrase)
        if missed is not None:
            misses[f"{phrase.text} [{phrase.kind}]"] = missed
    share = 1 - len(misses) / len(CORPUS)
    print(f"\ncorpus: {len(CORPUS) - len(misses)}/{len(CORPUS)} answered in kind ({share:.1%})")
    for text, missed in misses.items():
        print(f"  miss: {text} → {missed}")
    assert share >= TARGET, misses
