"""Per-creator token buckets: a creator over a limit is told to wait, and nobody else is slowed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from context.agent import LLM_RESTING, Agent
from context.rate_limits import Rate, RateLimits, TokenBuckets, wait_text
from context.reply import Attachment, ChatRequest
from storage import Database
from storage.clock import FixedClock
from storage.errors import InvalidInput
from tests.agent.conftest import module_url, openai_server, seeded
from tests.agent.test_llm_path import llm_agent
from tests.hostile import files
from tests.support.chat import NOW, Chat
from tests.support.fakes.openai_server import FakeOpenAIServer, say

__all__ = ["module_url", "openai_server", "seeded"]


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    ticks = Ticks()
    buckets = TokenBuckets(Rate.parse("3/minute"), ticks)
    assert [buckets.take("mia") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("mia") == pytest.approx(20.0)
    assert buckets.take("bo") == 0.0  # another key is not touched
    ticks.now = 20.0
    assert buckets.take("mia") == 0.0


def test_a_bucket_table_forgets_full_buckets_past_its_size() -> None:
    ticks = Ticks()
    buckets = TokenBuckets(Rate.parse("1/second"), ticks, max_keys=100)
    for n in range(1_000):
        buckets.take(n)
        ticks.now += 1.0
    assert len(buckets._buckets) <= 101


@pytest.mark.parametrize("text", ["20", "1/fortnight", "0/minute", "-1/hour"])
def test_a_rate_that_is_not_n_per_period_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="not a rate like 20/minute"):
        Rate.parse(text)


def test_wait_texts_round_up() -> None:
    assert (wait_text(0.2), wait_text(20.5), wait_text(600)) == (
        "1 second",
        "21 seconds",
        "10 minutes",
    )


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def limited(sqlite_db: Database, ticks: Ticks) -> Iterator[Agent]:
    limits = RateLimits.of(Rate(3, 60), Rate(1, 60), Rate(1, 3600), ticks)
    yield Agent(sqlite_db, FixedClock(NOW), limits=limits)


def _request(who: str, **extra: object) -> ChatRequest:
    return ChatRequest("telegram", who, who, **extra)  # type: ignore[arg-type]


def test_a_creator_over_the_turn_limit_waits_and_another_is_served(limited: Agent) -> None:
    for _ in range(3):
        limited.handle(_request("mia", text="/start"))
    slowed = limited.handle(_request("mia", text="/help"))
    assert "faster than I can answer; please wait 20 seconds" in slowed.plain_text()
    assert "faster" not in limited.handle(_request("bo", text="/start")).plain_text()


def test_a_second_import_within_the_hour_is_refused_and_writes_nothing(
    limited: Agent, ticks: Ticks
) -> None:
    limited.handle(_request("mia", text="/start"))
    file = Attachment("a.csv", files.many_rows(2))
    assert "Imported 2 rows" in limited.handle(_request("mia", attachment=file)).plain_text()
    ticks.now += 60
    again = limited.handle(_request("mia", attachment=Attachment("b.csv", files.many_rows(3))))
    assert again.plain_text().startswith("Nothing was imported: that is a lot of files")


def test_past_the_llm_limit_the_rules_engine_answers_with_a_notice(
    seeded: Database, openai_server: FakeOpenAIServer
) -> None:
    agent = llm_agent(seeded, openai_server)
    agent.limits = RateLimits.of(Rate(100, 60), Rate(1, 60), Rate(1, 3600), Ticks())
    openai_server.add(say("From the model."))
    chat = Chat(agent, seeded, "mia", "llm-limited")
    assert chat.say("how am I doing overall?").plain_text() == "From the model."
    resting = chat.say("and what about last week?")
    assert resting.notice == LLM_RESTING and len(openai_server.requests) == 1
