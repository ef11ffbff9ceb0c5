"""Demo titles from an OpenAI-compatible model, for `whatsworking demo enable --llm-titles`.

The simulator stays free of LLM code; this writer is injected by the CLI. It asks for titles in
groups, reads back a JSON array, and leaves a blank wherever the answer is unusable, so the
simulator's template title is used there. An endpoint failure raises Unavailable (key-free).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from context.llm.agent import PLACEHOLDER_API_KEY, LLMSettings
from simulator import TitleRequest
from storage.errors import Unavailable

GROUP_SIZE = 25
MAX_TITLE_LENGTH = 120
# Titles for at most this many pieces come from the model; larger runs are refused up front.
MAX_LLM_TITLES = 500
SYSTEM_PROMPT = (
    "You write realistic titles for a content creator's posts. Answer with a JSON array of "
    "strings only: one title per numbered request, in order, each under 100 characters, "
    "each different, no hashtags, no quotes around them."
)


class LLMTitleWriter:
    """Writes titles with one chat-completions request per group of pieces."""

    def __init__(self, settings: LLMSettings, *, group_size: int = GROUP_SIZE) -> None:
        self._settings = settings
        self._group_size = group_size
        self._client: Any = None

    def write_titles(self, requests: Sequence[TitleRequest]) -> list[str]:
        """One title per request ('' where the model's answer could not be used)."""
        titles: list[str] = []
        for start in range(0, len(requests), self._group_size):
            group = requests[start : start + self._group_size]
            titles.extend(_parse(self._complete(_prompt(group)), len(group)))
        return titles

    def _complete(self, prompt: str) -> str:
        import openai

        try:
            response = self._chat().chat.completions.create(
                model=self._settings.model,
                messages=[
                    {"role": "system", "content": SYSTEM_PROMPT},
                    {"role": "user", "content": prompt},
                ],
            )
        except openai.APIStatusError as exc:
            raise Unavailable(
                f"The AI service answered with an error (HTTP {exc.status_code}) while "
                "writing titles; run without --llm-titles."
            ) from None
        except openai.OpenAIError:
            raise Unavailable(
                "The AI service could not be reached to write titles; run without --llm-titles."
            ) from None
        return str(response.choices[0].message.content or "") if response.choices else ""

    def _chat(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                base_url=self._settings.base_url,
                api_key=self._settings.api_key or PLACEHOLDER_API_KEY,
                timeout=self._settings.timeout_seconds,
                max_retries=0,
            )
        return self._client


def _prompt(group: Sequence[TitleRequest]) -> str:
    lines = [f"Write {len(group)} titles."]
    for number, request in enumerate(group, start=1):
        lines.append(
            f"{number}. niche: {request.niche.replace('_', ' ')}; theme: {request.theme}; "
            f"{request.platform} {request.content_type}"
        )
    return "\n".join(lines)


def _parse(answer: str, count: int) -> list[str]:
    """The titles of a JSON-array answer, padded or cut to ``count``; '' for unusable entries."""
    text = answer.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    try:
        values = json.loads(text)
    except json.JSONDecodeError:
        return [""] * count
    if not isinstance(values, list):
        return [""] * count
    titles = [_clean(v) for v in values[:count]]
    return titles + [""] * (count - len(titles))


def _clean(value: object) -> str:
    if not isinstance(value, str):
        return ""
    title = " ".join(value.split()).strip("\"'")
    return title if 0 < len(title) <= MAX_TITLE_LENGTH else ""
