"""Every endpoint failure becomes Unavailable: one line, no key, no traceback, bounded time."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from context.llm.agent import LLMAgent, LLMSettings
from storage.errors import Unavailable
from tests.llm.tools import ListContentTool
from tests.support.fakes.openai_server import (
    FakeOpenAIServer,
    Step,
    call_tool,
    hang,
    http_error,
    raw_body,
    say,
)
from tests.support.ports import reserved_port

KEY = "sk-live-secret-DO-NOT-LEAK-42"


def agent_for(base_url: str, timeout: float = 30.0, max_tool_steps: int = 4) -> LLMAgent:
    """An agent with a recognisable key."""
    settings = LLMSettings(
        base_url=base_url,
        api_key=KEY,
        model="fake-model",
        timeout_seconds=timeout,
        max_tool_steps=max_tool_steps,
    )
    return LLMAgent(settings)


def expect_unavailable(agent: LLMAgent, match: str) -> Unavailable:
    """Run one turn and return the Unavailable it must raise, checking it leaks nothing."""
    with pytest.raises(Unavailable, match=match) as caught:
        agent.answer(
            system_prompt="sys", history=[], user_text="hi", tools=[ListContentTool("mia")]
        )
    error = caught.value
    assert KEY not in str(error) and KEY not in repr(error)
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    assert "\n" not in str(error)
    return error


@pytest.fixture(autouse=True)
def no_key_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Whatever a test does, the key never reaches a log record."""
    caplog.set_level(logging.DEBUG)
    yield
    assert all(KEY not in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("step", "match"),
    [
        (http_error(500), r"HTTP 500"),
        (http_error(503, "overloaded"), r"HTTP 503"),
        (http_error(401, f"Incorrect API key provided: {KEY}"), r"HTTP 401"),
        (raw_body("<html>gateway error</html>"), "could not be read"),
        (raw_body('{"choices": null}'), "could not be read"),
        (raw_body('{"id": "x"}'), "could not be read"),
        (say(""), "no answer"),
    ],
)
def test_endpoint_failures_raise_unavailable(
    openai_server: FakeOpenAIServer, step: Step, match: str
) -> None:
    openai_server.add(step)
    expect_unavailable(agent_for(openai_server.base_url), match)
    assert len(openai_server.requests) == 1  # no retries: the fallback answers at once


def test_a_failure_after_a_tool_call_still_raises_unavailable(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(call_tool("list_content", {}), http_error(500))
    expect_unavailable(agent_for(openai_server.base_url), "HTTP 500")


def test_a_hanging_endpoint_times_out_well_before_it_would_answer(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(hang(30))
    started = time.monotonic()
    expect_unavailable(agent_for(openai_server.base_url, timeout=0.3), "too long")
    assert time.monotonic() - started < 10  # the client gave up; it did not wait 30 s


def test_the_timeout_covers_the_whole_turn_not_each_request(
    openai_server: FakeOpenAIServer,
) -> None:
    now = [0.0]

    def clock() -> float:
        now[0] += 5.0  # every reading moves five seconds on
        return now[0]

    openai_server.add(call_tool("list_content", {}), say("never asked for"))
    settings = LLMSettings(base_url=openai_server.base_url, api_key=KEY, timeout_seconds=8.0)
    with pytest.raises(Unavailable, match="too long"):
        LLMAgent(settings, clock=clock).answer(
            system_prompt="s", history=[], user_text="hi", tools=[ListContentTool("mia")]
        )
    assert len(openai_server.requests) == 1


def test_a_refused_connection_raises_unavailable() -> None:
    with reserved_port() as port:  # bound and not listening: every connection is refused
        expect_unavailable(agent_for(f"http://127.0.0.1:{port}/v1"), "could not be reached")


def test_a_model_that_never_stops_calling_tools_is_cut_off(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(*[call_tool("list_content", {}) for _ in range(5)])
    expect_unavailable(agent_for(openai_server.base_url, max_tool_steps=2), "no answer")
    assert len(openai_server.requests) == 3
    assert openai_server.unscripted_calls == 0


def test_a_final_round_with_text_and_a_stray_call_keeps_the_text(
    openai_server: FakeOpenAIServer,
) -> None:
    stray = call_tool("list_content", {})
    assert isinstance(stray.body, dict)
    stray.body["choices"][0]["message"]["content"] = "Here is what I found."
    openai_server.add(call_tool("list_content", {}), stray)
    answer = agent_for(openai_server.base_url, max_tool_steps=1).answer(
        system_prompt="s", history=[], user_text="hi", tools=[ListContentTool("mia")]
    )
    assert answer.text == "Here is what I found."
    assert answer.tools_called == ("list_content",)
