"""LLM demo titles over real HTTP to a scripted server on 127.0.0.1: used, checked, or refused."""

from __future__ import annotations

import json

import pytest

from context.llm.agent import LLMSettings
from context.llm.title_writer import LLMTitleWriter
from simulator import SimulationConfig, TitleRequest, generate_pieces
from storage.errors import Unavailable
from tests.support.fakes.openai_server import FakeOpenAIServer, http_error, say
from tests.support.simulated_data import NOW


def writer_for(server: FakeOpenAIServer, group_size: int = 25) -> LLMTitleWriter:
    settings = LLMSettings(base_url=server.base_url, api_key="sk-test", model="m")
    return LLMTitleWriter(settings, group_size=group_size)


def requests(count: int) -> list[TitleRequest]:
    return [TitleRequest("fitness", "Workout Tutorials", "youtube", "video")] * count


def test_titles_come_from_the_model_in_groups(openai_server: FakeOpenAIServer) -> None:
    openai_server.add(say(json.dumps(["Leg day, done right", "Pull-ups from zero"])))
    openai_server.add(say('```json\n["Mobility for runners"]\n```'))
    titles = writer_for(openai_server, group_size=2).write_titles(requests(3))
    assert titles == ["Leg day, done right", "Pull-ups from zero", "Mobility for runners"]
    first = openai_server.requests[0]
    assert "JSON array" in first.system_prompt
    prompt = first.messages[-1]["content"]
    assert "1. niche: fitness; theme: Workout Tutorials; youtube video" in prompt
    assert first.authorization == "Bearer sk-test"


def test_unusable_answers_leave_blanks(openai_server: FakeOpenAIServer) -> None:
    openai_server.add(say("Sure! Here are some titles."))
    openai_server.add(say(json.dumps(["  Good   one ", 42, "x" * 500])))
    writer = writer_for(openai_server, group_size=4)
    assert writer.write_titles(requests(4)) == ["", "", "", ""]
    assert writer.write_titles(requests(4)) == ["Good one", "", "", ""]


def test_the_simulator_uses_them_and_falls_back_to_templates(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(say(json.dumps(["Same title", "Same title", ""])))
    config = SimulationConfig(pieces=4, niche="cooking")
    pieces = generate_pieces(config, seed=2, now=NOW, title_writer=writer_for(openai_server))
    templates = generate_pieces(config, seed=2, now=NOW)
    titles = [p.record.title for p in pieces]
    assert titles[:2] == ["Same title", "Same title, part 2"]
    assert titles[2:] == [p.record.title for p in templates[2:]]


def test_endpoint_failure_is_unavailable_without_the_key(
    openai_server: FakeOpenAIServer,
) -> None:
    openai_server.add(http_error(503))
    with pytest.raises(Unavailable) as caught:
        writer_for(openai_server).write_titles(requests(1))
    assert "HTTP 503" in str(caught.value) and "sk-test" not in str(caught.value)


def test_unreachable_endpoint_is_unavailable() -> None:
    writer = LLMTitleWriter(LLMSettings(base_url="http://127.0.0.1:9/v1", api_key="k"))
    with pytest.raises(Unavailable, match="could not be reached"):
        writer.write_titles(requests(1))
