"""With an LLM configured, figure questions are answered through query_figure over real HTTP
(the local OpenAI-compatible fake): the model gets the figures computed, and quotes them."""

from __future__ import annotations

import re

from context.agent import Agent
from context.formatting import counted, views
from context.llm.agent import LLMAgent, LLMSettings
from insights.dashboard import build_dashboard
from storage import Database
from storage.clock import FixedClock
from tests.support.chat import NOW, Chat, creator_id
from tests.support.fakes.openai_server import (
    FakeOpenAIServer,
    RecordedRequest,
    Step,
    call_tool,
    say,
    tool_names,
)

PERSON_ONLY = ("change_setting", "move_item", "remind_me")


def quote_the_tool(request: RecordedRequest) -> Step:
    """A model that answers with the sentence the tool returned (no arithmetic of its own)."""
    returned = request.tool_messages[-1]["content"]
    sentence = re.split(r" \(Times in ", returned)[0]
    return say(f"Here you go: {sentence}")


def test_a_figure_question_is_answered_with_the_tools_numbers(
    seeded: Database, openai_server: FakeOpenAIServer
) -> None:
    settings = LLMSettings(
        base_url=openai_server.base_url, api_key="sk-test", model="fake", timeout_seconds=30
    )
    agent = Agent(seeded, FixedClock(NOW), llm=LLMAgent(settings))
    args = {"figure": "views", "stat": "total", "period": "90d", "platform": "tiktok"}
    openai_server.add(call_tool("query_figure", args), quote_the_tool)
    chat = Chat(agent, seeded, "mia", "llm-figures")
    text = chat.say("how many views did my tiktoks get in the last 90 days?").plain_text()
    with seeded.read() as s:
        mia = creator_id(seeded, "mia")
        dash = build_dashboard(s, mia, period="90d", platform="tiktok", now=NOW)
    expected = f"{views(dash.summary.total_views)} in total over "
    assert expected + counted(dash.summary.total_content, "piece") in text
    first, second = openai_server.requests
    assert "query_figure" in tool_names(first.tools)
    assert not set(PERSON_ONLY) & set(tool_names(first.tools))
    assert expected in second.tool_messages[0]["content"]
    assert chat.last_answer().tool_name == "query_figure"


def test_a_settings_request_is_acted_on_by_the_rules_even_with_an_llm(
    seeded: Database, openai_server: FakeOpenAIServer
) -> None:
    from storage.creators import get_creator

    settings = LLMSettings(
        base_url=openai_server.base_url, api_key="sk-test", model="fake", timeout_seconds=30
    )
    agent = Agent(seeded, FixedClock(NOW), llm=LLMAgent(settings))
    chat = Chat(agent, seeded, "bo", "llm-settings")
    text = chat.say("please stop sending me the daily digest").plain_text()
    with seeded.read() as s:
        assert get_creator(s, creator_id(seeded, "bo")).digest_enabled is False
    assert "Daily digest turned off." in text and not openai_server.requests
    reply = chat.say("stop")
    assert not openai_server.requests and {b.label for b in reply.buttons} >= {
        "Daily digest off",
        "Plan reminders off",
    }
    chat.say("turn the digest back on")
    with seeded.read() as s:
        assert get_creator(s, creator_id(seeded, "bo")).digest_enabled is True


def test_a_superlative_the_model_passes_on_is_resolved_against_the_creators_data(
    seeded: Database, openai_server: FakeOpenAIServer
) -> None:
    from insights.content import list_content

    settings = LLMSettings(
        base_url=openai_server.base_url, api_key="sk-test", model="fake", timeout_seconds=30
    )
    agent = Agent(seeded, FixedClock(NOW), llm=LLMAgent(settings))
    openai_server.add(call_tool("explain_piece", {"ref": "my most viewed tiktok"}), quote_the_tool)
    chat = Chat(agent, seeded, "mia", "llm-superlative")
    text = chat.say("which tiktok of mine got the most views?").plain_text()
    with seeded.read() as s:
        top = list_content(s, creator_id(seeded, "mia"), platform="tiktok", sort="views").items[0]
    assert f"#{top.number} {top.title}" in text
    assert chat.state().focus == top.number
