"""The LLM agent's tool loop over real HTTP against the scripted OpenAI-compatible server."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from typing import Any

import pytest
from pydantic import BaseModel

from context.llm.agent import PLACEHOLDER_API_KEY, LLMAgent, LLMAnswer, LLMSettings
from context.tools.base import Tool, ToolResult
from tests.llm.tools import BrokenTool, ExplainTool, ListContentTool
from tests.support.fakes.openai_server import (
    FakeOpenAIServer,
    Step,
    call_tool,
    call_tools,
    malformed_tool_call,
    say,
    tool_call,
    tool_names,
)

KEY = "sk-test-key-0123456789"


def agent_for(server: FakeOpenAIServer, **overrides: Any) -> LLMAgent:
    """An agent pointed at the fake server."""
    settings = LLMSettings(base_url=server.base_url, api_key=KEY, model="fake-model")
    return LLMAgent(replace(settings, **overrides))


def all_keys(value: object) -> list[str]:
    """Every mapping key anywhere in a JSON value (property names included)."""
    if isinstance(value, dict):
        return [str(k) for k in value] + [k for v in value.values() for k in all_keys(v)]
    if isinstance(value, list):
        return [k for item in value for k in all_keys(item)]
    return []


def ask(agent: LLMAgent, tools: list[Tool], text: str = "what's working?") -> LLMAnswer:
    """One turn with a short history."""
    history = [("user", "hi"), ("assistant", "Hello! Ask me anything.")]
    return agent.answer(system_prompt="SYSTEM PROMPT", history=history, user_text=text, tools=tools)


def test_a_scripted_tool_call_runs_the_tool_and_the_final_text_comes_back(
    openai_server: FakeOpenAIServer,
) -> None:
    tool = ListContentTool(creator="mia")
    openai_server.add(call_tool("list_content", {"limit": 2}), say("Your top two: …"))
    answer = agent_for(openai_server).answer(
        system_prompt="SYSTEM PROMPT",
        history=[("user", "hi"), ("assistant", "Hello!"), ("system", "ignored")],
        user_text="what's working?",
        tools=[tool],
    )
    assert answer.text == "Your top two: …"
    assert answer.tools_called == ("list_content",)
    assert answer.tool_results[0].summary == "mia piece 1; mia piece 2"
    assert tool.calls == [tool.args_model(limit=2)]
    first, second = openai_server.requests
    assert first.system_prompt == "SYSTEM PROMPT"
    assert [(m["role"], m["content"]) for m in first.messages[1:]] == [
        ("user", "hi"),
        ("assistant", "Hello!"),
        ("user", "what's working?"),
    ]
    assert first.authorization == f"Bearer {KEY}"
    content = second.tool_messages[0]["content"]
    assert content.startswith("<<<UNTRUSTED DATA: list_content result")
    assert "\nmia piece 1; mia piece 2\n" in content
    assert second.tool_messages[0]["tool_call_id"] == second.messages[-2]["tool_calls"][0]["id"]


def test_tool_schemas_are_sent_without_any_creator_parameter(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(say("ok"))
    ask(agent_for(openai_server), [ListContentTool("mia"), ExplainTool(frozenset())])
    tools = openai_server.requests[0].tools
    assert tool_names(tools) == ["list_content", "explain_piece"]
    listed = tools[0]["function"]
    assert listed["description"] == "List the creator's pieces, best first."
    assert set(listed["parameters"]["properties"]) == {"platform", "limit"}
    assert not [key for key in all_keys(tools) if "creator" in key.lower()]
    assert openai_server.requests[0].body["tool_choice"] == "auto"


def test_a_creator_id_smuggled_into_arguments_is_ignored(openai_server: FakeOpenAIServer) -> None:
    tool = ListContentTool(creator="mia")
    openai_server.add(call_tool("list_content", {"limit": 1, "creator_id": "bob"}), say("ok"))
    answer = ask(agent_for(openai_server), [tool])
    assert answer.tool_results[0].summary == "mia piece 1"
    assert "creator_id" not in tool.calls[0].model_dump()


def test_another_creators_piece_is_not_found_and_the_model_is_told(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(call_tool("explain_piece", {"ref": "bob-7"}), say("I can't find that."))
    answer = ask(agent_for(openai_server), [ExplainTool(frozenset({"12"}))])
    assert answer.tool_results[0].ok is False
    assert openai_server.requests[1].tool_messages[0]["content"].startswith("ERROR: No piece")


def test_parallel_calls_each_get_their_own_answer(openai_server: FakeOpenAIServer) -> None:
    calls = call_tools(
        tool_call("list_content", {"limit": 1}, "call_a"),
        tool_call("explain_piece", {"ref": "12"}, "call_b"),
    )
    openai_server.add(calls, say("Both done."))
    answer = ask(agent_for(openai_server), [ListContentTool("mia"), ExplainTool(frozenset({"12"}))])
    assert answer.tools_called == ("list_content", "explain_piece")
    replies = {m["tool_call_id"]: m["content"] for m in openai_server.requests[1].tool_messages}
    assert "\nmia piece 1\n" in replies["call_a"]
    assert "\nPiece 12 scored 91.\n" in replies["call_b"]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (malformed_tool_call("list_content"), "not valid JSON"),
        (call_tool("delete_everything", {}), "no tool called 'delete_everything'"),
        (call_tool("list_content", {"limit": "lots"}), "Invalid arguments for list_content: limit"),
        (call_tool("list_content", {"limit": 999}), "limit: Input should be less than"),
        (call_tool("broken", {}), "The broken tool failed unexpectedly."),
    ],
)
def test_bad_calls_become_error_results_fed_back_to_the_model(
    openai_server: FakeOpenAIServer, step: Step, expected: str
) -> None:
    openai_server.add(step, say("Sorry, let me answer without that."))
    answer = ask(agent_for(openai_server), [ListContentTool("mia"), BrokenTool()])
    assert answer.text == "Sorry, let me answer without that."
    result = answer.tool_results[0]
    assert result.ok is False and expected in result.summary
    fed_back = openai_server.requests[1].tool_messages[0]["content"]
    assert fed_back.startswith("ERROR: ") and expected in fed_back
    assert "/srv/secret" not in fed_back and "lots" not in fed_back


def test_tool_rounds_are_bounded_and_the_last_round_forbids_tools(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(
        call_tool("list_content", {}), call_tool("list_content", {}), say("Enough looking.")
    )
    answer = ask(agent_for(openai_server, max_tool_steps=2), [ListContentTool("mia")])
    assert answer.text == "Enough looking."
    choices = [r.body["tool_choice"] for r in openai_server.requests]
    assert choices == ["auto", "auto", "none"]


def test_no_tools_means_no_tool_schemas(openai_server: FakeOpenAIServer) -> None:
    openai_server.add(say("Plain answer."))
    assert ask(agent_for(openai_server), []).text == "Plain answer."
    assert "tools" not in openai_server.requests[0].body


def test_a_base_url_without_a_key_sends_a_placeholder(openai_server: FakeOpenAIServer) -> None:
    openai_server.add(say("ok"))
    ask(agent_for(openai_server, api_key=None), [])
    assert openai_server.requests[0].authorization == f"Bearer {PLACEHOLDER_API_KEY}"


class LeakyArgs(BaseModel):
    """Arguments that wrongly include a creator id."""

    creator_id: int


class LeakyTool:
    """A tool whose schema asks for a creator id — a programming error."""

    name = "leaky"
    description = "Takes a creator id."
    args_model: type[BaseModel] = LeakyArgs

    def run(self, args: BaseModel) -> ToolResult:
        """Never reached."""
        raise AssertionError


def test_a_tool_asking_for_a_creator_id_is_refused_before_any_request(
    openai_server: FakeOpenAIServer,
) -> None:
    with pytest.raises(ValueError, match="creator id"):
        ask(agent_for(openai_server), [LeakyTool()])
    assert openai_server.requests == []


def test_settings_hide_the_key_and_know_when_they_are_configured() -> None:
    settings = LLMSettings(base_url=None, api_key=KEY, model="m")
    assert KEY not in repr(settings)
    assert settings.is_configured
    assert not LLMSettings(base_url=None, api_key=None, model="m").is_configured


def test_importing_the_agent_does_not_import_langchain_or_openai() -> None:
    code = (
        "import sys, context, context.llm.agent; "
        "print(sorted(m for m in ('langchain', 'langchain_openai', 'openai', 'langchain_core')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
