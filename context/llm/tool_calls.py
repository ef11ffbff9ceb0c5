"""The bridge between agent Tools and OpenAI tool calling: schemas out, calls in, errors as results.

Nothing here imports langchain, so it is cheap to import and easy to test on its own.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from context.llm.prompting import estimate_tokens, fence_untrusted, truncate_to_tokens
from context.tools.base import Tool, ToolResult
from storage.errors import DomainError

logger = logging.getLogger(__name__)
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_SUMMARY_TOKENS = 1_500
MAX_ECHOED_NAME = 60


def tool_schema(tool: Tool) -> dict[str, Any]:
    """The OpenAI ``tools`` entry for a tool; refuses names the API rejects and creator ids."""
    if not TOOL_NAME.match(tool.name):
        raise ValueError(f"Tool name {tool.name!r} must be 1-64 letters, digits, '_' or '-'.")
    parameters = tool.args_model.model_json_schema()
    parameters.setdefault("properties", {})
    leaked = [name for name in _property_names(parameters) if "creator" in name.lower()]
    if leaked:
        raise ValueError(f"Tool {tool.name!r} must not take a creator id (found {leaked}).")
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": parameters},
    }


def _property_names(schema: Any) -> Iterator[str]:
    """Every property name anywhere in a JSON schema (nested models and $defs included)."""
    if isinstance(schema, Mapping):
        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            yield from (str(key) for key in properties)
        for value in schema.values():
            yield from _property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _property_names(item)


def run_tool_call(tools: Mapping[str, Tool], name: str, arguments: Any) -> ToolResult:
    """Validate and run one call; unknown tools, bad arguments and failures become error results."""
    tool = tools.get(name)
    if tool is None:
        available = ", ".join(sorted(tools)) or "none"
        shown = name[:MAX_ECHOED_NAME]
        return ToolResult(f"There is no tool called {shown!r}. Available: {available}.", ok=False)
    if isinstance(arguments, str):
        return malformed_call_result(name)
    try:
        args = tool.args_model.model_validate(arguments or {})
    except ValidationError as exc:
        return ToolResult(f"Invalid arguments for {name}: {describe_errors(exc)}", ok=False)
    return _run(tool, args)


def _run(tool: Tool, args: Any) -> ToolResult:
    try:
        return tool.run(args)
    except DomainError as exc:
        return ToolResult(str(exc), ok=False)
    except Exception as exc:  # a broken tool must not crash the conversation
        logger.error("tool %s failed: %s", tool.name, type(exc).__name__)
        return ToolResult(f"The {tool.name} tool failed unexpectedly.", ok=False)


def malformed_call_result(name: str) -> ToolResult:
    """The error result for a call whose arguments were not a JSON object."""
    shown = name[:MAX_ECHOED_NAME]
    return ToolResult(
        f"The arguments for {shown!r} were not valid JSON; call it again with a JSON object "
        "matching its schema.",
        ok=False,
    )


def describe_errors(exc: ValidationError) -> str:
    """Pydantic errors as 'field: message' pairs, without echoing the (untrusted) input."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False)[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "arguments"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def tool_message_text(name: str, result: ToolResult) -> str:
    """What the model reads back from a tool, capped: a result (it quotes titles and plans the
    creator or a platform wrote) fenced as untrusted data, an error (our own words) marked."""
    if not result.ok:
        return f"ERROR: {truncate_to_tokens(result.summary, MAX_SUMMARY_TOKENS)}"
    label = f"{name[:MAX_ECHOED_NAME]} result"
    budget = MAX_SUMMARY_TOKENS - estimate_tokens(fence_untrusted(label, ""))
    summary = truncate_to_tokens(result.summary, budget)
    return fence_untrusted(label, summary, len(summary) + 1)


def arguments_of(call: Mapping[str, Any]) -> Any:
    """A parsed tool call's arguments, or the raw string when the model sent malformed JSON."""
    args = call.get("args")
    if isinstance(args, str):
        try:
            decoded = json.loads(args)
        except json.JSONDecodeError:
            return args
        return decoded if isinstance(decoded, dict) else args
    return args


def tools_by_name(tools: Sequence[Tool]) -> dict[str, Tool]:
    """Tools keyed by name; refuses duplicates, which would make calls ambiguous."""
    named: dict[str, Tool] = {}
    for tool in tools:
        if tool.name in named:
            raise ValueError(f"Two tools are called {tool.name!r}.")
        named[tool.name] = tool
    return named
