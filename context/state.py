"""What a conversation remembers between turns (stored as JSON in ``Conversation.state``).

The last list shown makes "the 2nd one" resolvable, the focus makes "make more like this" know
which piece "this" is, and a drafted plan waits here until the creator confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_PERIOD = "30d"
PERIODS = ("7d", "30d", "90d", "all")
MAX_LIST = 100


@dataclass
class ConversationState:
    """The conversation's short-term memory; tools read and change it during a turn."""

    last_list: list[int] = field(default_factory=list)  # piece numbers, in the order shown
    focus: int | None = None  # the piece being talked about
    plan: int | None = None  # the plan last shown or changed
    draft: dict[str, Any] | None = None  # a PlanDraft waiting for confirmation
    period: str = DEFAULT_PERIOD
    platform: str | None = None
    ref_scope: dict[str, Any] | None = None  # the last superlative's platform, format, period
    figure: dict[str, Any] | None = None  # the last figure asked about, for "and on TikTok?"

    def remember_list(self, numbers: list[int]) -> None:
        """Keep the pieces just shown; a single piece also becomes the focus."""
        self.last_list = list(numbers)[:MAX_LIST]
        if len(numbers) == 1:
            self.focus = numbers[0]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "last_list": list(self.last_list),
            "focus": self.focus,
            "plan": self.plan,
            "draft": self.draft,
            "period": self.period,
            "platform": self.platform,
            "ref_scope": self.ref_scope,
            "figure": self.figure,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ConversationState:
        """Read a stored state; anything malformed falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        period = data.get("period")
        platform = data.get("platform")
        draft = data.get("draft")
        return cls(
            last_list=[n for n in data.get("last_list") or [] if _is_number(n)][:MAX_LIST],
            focus=data.get("focus") if _is_number(data.get("focus")) else None,
            plan=data.get("plan") if _is_number(data.get("plan")) else None,
            draft=draft if isinstance(draft, dict) else None,
            period=period if period in PERIODS else DEFAULT_PERIOD,
            platform=platform if isinstance(platform, str) else None,
            ref_scope=_small_dict(data.get("ref_scope")),
            figure=_small_dict(data.get("figure")),
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _small_dict(value: Any) -> dict[str, Any] | None:
    """A remembered scope: a flat dict of a few short strings, else nothing."""
    if not isinstance(value, dict) or len(value) > 8:
        return None
    kept = {
        k: v
        for k, v in value.items()
        if isinstance(k, str) and (v is None or (isinstance(v, str) and len(v) <= 100))
    }
    return kept or None
