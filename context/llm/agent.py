"""The LLM agent: a bounded tool-calling loop on langchain's ChatOpenAI, any OpenAI-compatible URL.

The loop is explicit (``bind_tools`` + invoke) rather than a prebuilt agent graph so that the
step bound, the overall deadline and the handling of bad tool calls are ours to control:

- up to ``max_tool_steps`` rounds may call tools; one more round is asked for a final answer
  with ``tool_choice="none"``;
- unknown tools, malformed JSON and invalid arguments become error results fed back to the model;
- at most ``MAX_CALLS_PER_ROUND`` calls of a round run; each result reaches the model fenced as
  untrusted data (it quotes titles and plans the creator or a platform wrote);
- any endpoint failure (HTTP error, timeout, refused connection, unreadable or empty answer)
  raises ``Unavailable`` with a one-line message that never includes the key or a traceback.

langchain and openai are imported on first use, so importing this module stays cheap.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from context.llm.tool_calls import (
    arguments_of,
    run_tool_call,
    tool_message_text,
    tool_schema,
    tools_by_name,
)
from context.tools.base import Tool, ToolResult
from storage.errors import Unavailable

logger = logging.getLogger(__name__)
# Sent when only a base URL is configured: local servers often ignore the key.
PLACEHOLDER_API_KEY = "not-needed"
# Tool calls run per round; a model asking for more gets an error result for each extra call.
MAX_CALLS_PER_ROUND = 4
TOO_MANY_CALLS = f"Not run: at most {MAX_CALLS_PER_ROUND} tool calls per round."
USER_ROLES = frozenset({"user", "human", "creator"})
ASSISTANT_ROLES = frozenset({"assistant", "ai", "bot"})


@dataclass(frozen=True)
class LLMSettings:
    """Where the model lives and how long and how many tool rounds one answer may take."""

    base_url: str | None
    api_key: str | None = field(default=None, repr=False)
    model: str = "gpt-4o-mini"
    timeout_seconds: float = 20.0
    max_tool_steps: int = 4

    @property
    def is_configured(self) -> bool:
        """True when a key or a base URL is set, i.e. the LLM engine should be used."""
        return bool(self.api_key or self.base_url)


@dataclass(frozen=True)
class LLMAnswer:
    """The model's final text, and every tool call it made (parallel tuples, in call order)."""

    text: str
    tool_results: tuple[ToolResult, ...]
    tools_called: tuple[str, ...]


@dataclass
class _Turn:
    """The growing state of one answer: messages sent and tool calls made."""

    messages: list[Any]
    results: list[ToolResult] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


class LLMAgent:
    """Answers one user turn with the model, calling the given (creator-bound) tools."""

    def __init__(
        self, settings: LLMSettings, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Keep the settings; the HTTP client is created on the first answer."""
        self._settings = settings
        self._clock = clock
        self._model: Any = None
        self._lock = threading.Lock()

    def answer(
        self,
        *,
        system_prompt: str,
        history: Sequence[tuple[str, str]],
        user_text: str,
        tools: Sequence[Tool],
    ) -> LLMAnswer:
        """Run the tool-calling loop to a final answer; raises Unavailable if the endpoint fails."""
        deadline = self._clock() + self._settings.timeout_seconds
        by_name = tools_by_name(tools)
        schemas = [tool_schema(tool) for tool in tools]
        turn = _Turn(_initial_messages(system_prompt, history, user_text))
        for step in range(self._settings.max_tool_steps + 1):
            final = step == self._settings.max_tool_steps
            reply = self._ask(turn.messages, schemas, final=final, deadline=deadline)
            calls = _calls_of(reply)
            if not calls or final:
                return _finish(reply, turn)
            turn.messages.append(reply)
            _run_calls(calls, by_name, turn)
        raise AssertionError("unreachable: the last round always finishes")

    def _ask(
        self, messages: list[Any], schemas: list[dict[str, Any]], *, final: bool, deadline: float
    ) -> Any:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise Unavailable("The AI took too long to answer.")
        model = self._chat_model()
        if schemas:
            model = model.bind_tools(schemas, tool_choice="none" if final else "auto")
        try:
            with _tracing_disabled():
                return model.invoke(messages, timeout=remaining)
        except Exception as exc:
            raise _unavailable(exc) from None

    def _chat_model(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = _build_chat_model(self._settings)
            return self._model


def _build_chat_model(settings: LLMSettings) -> Any:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key or PLACEHOLDER_API_KEY,
        timeout=settings.timeout_seconds,
        max_retries=0,  # a failed turn falls back to the rules engine at once
        use_responses_api=False,  # every OpenAI-compatible server speaks chat completions
    )


def _tracing_disabled() -> Any:
    """Creators' data never goes to a tracing service, whatever the environment says."""
    from langsmith import tracing_context

    return tracing_context(enabled=False)


def _initial_messages(
    system_prompt: str, history: Sequence[tuple[str, str]], user_text: str
) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    messages: list[Any] = [SystemMessage(system_prompt)]
    for role, text in history:
        if role.lower() in USER_ROLES:
            messages.append(HumanMessage(text))
        elif role.lower() in ASSISTANT_ROLES:
            messages.append(AIMessage(text))
    messages.append(HumanMessage(user_text))
    return messages


def _calls_of(reply: Any) -> list[dict[str, Any]]:
    """Valid and invalid tool calls alike, in the order the model made them."""
    return [*reply.tool_calls, *reply.invalid_tool_calls]


def _run_calls(calls: list[dict[str, Any]], by_name: dict[str, Tool], turn: _Turn) -> None:
    from langchain_core.messages import ToolMessage

    for position, call in enumerate(calls):
        name = str(call.get("name") or "")
        if position < MAX_CALLS_PER_ROUND:
            result = run_tool_call(by_name, name, arguments_of(call))
            turn.results.append(result)
            turn.names.append(name)
        else:  # every call still gets its answer, or the endpoint refuses the next request
            result = ToolResult(TOO_MANY_CALLS, ok=False)
        text = tool_message_text(name, result)
        turn.messages.append(ToolMessage(text, tool_call_id=call.get("id") or ""))


def _finish(reply: Any, turn: _Turn) -> LLMAnswer:
    text = str(reply.text).strip()
    if not text:
        raise Unavailable("The AI gave no answer.")
    return LLMAnswer(text=text, tool_results=tuple(turn.results), tools_called=tuple(turn.names))


def _unavailable(exc: Exception) -> Unavailable:
    """A one-line, key-free description of an endpoint failure."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        message = "The AI took too long to answer."
    elif isinstance(exc, openai.APIStatusError):
        message = f"The AI service answered with an error (HTTP {exc.status_code})."
    elif isinstance(exc, openai.APIConnectionError):
        message = "The AI service could not be reached."
    else:
        message = "The AI service sent an answer that could not be read."
    logger.warning("LLM endpoint failed: %s (%s)", message, type(exc).__name__)
    return Unavailable(message)
