"""What callers hand the plan services: small frozen dataclasses, validated on the way in."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from storage.errors import InvalidInput

MAX_TITLE_LENGTH = 255
_REF = re.compile(r"^\s*#?\s*(\d+)\s*[.:/]\s*(\d+)\s*$")


@dataclass(frozen=True)
class ItemRef:
    """The short id a creator types for an item: plan 3, item 2 is "3.2"."""

    plan_number: int
    item_number: int

    def __str__(self) -> str:
        return f"{self.plan_number}.{self.item_number}"

    @classmethod
    def parse(cls, text: str | ItemRef) -> ItemRef:
        """Read "3.2" (also "#3.2"); raise InvalidInput naming the expected shape."""
        if isinstance(text, ItemRef):
            return text
        match = _REF.match(str(text))
        if not match:
            raise InvalidInput(f"item ids look like 3.2 (plan 3, item 2); got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class ItemSpec:
    """One item to add to a plan.

    ``due_date`` is aware; with ``due_time_known`` False only its day on the creator's calendar
    counts and the item is due at the end of that day.
    """

    title: str
    due_date: datetime | None = None
    due_time_known: bool = False
    estimated_hours: float | None = None
    description: str | None = None
    projected_outcome: dict[str, Any] = field(default_factory=dict)
    # Draft items say which insight they came from (a pattern key such as "slot:thu:14-17").
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, so a draft can wait in a conversation's state until confirmed."""
        return {
            "title": self.title,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "due_time_known": self.due_time_known,
            "estimated_hours": self.estimated_hours,
            "description": self.description,
            "projected_outcome": dict(self.projected_outcome),
            "basis": self.basis,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemSpec:
        """The inverse of ``to_dict``."""
        due = data.get("due_date")
        return cls(
            title=str(data["title"]),
            due_date=datetime.fromisoformat(due) if due else None,
            due_time_known=bool(data.get("due_time_known", False)),
            estimated_hours=data.get("estimated_hours"),
            description=data.get("description"),
            projected_outcome=dict(data.get("projected_outcome") or {}),
            basis=data.get("basis"),
        )


def clean_title(title: str, what: str = "item title") -> str:
    """The stripped title, or InvalidInput when it is empty or too long."""
    cleaned = (title or "").strip()
    if not cleaned:
        raise InvalidInput(f"the {what} is empty")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise InvalidInput(f"the {what} is longer than {MAX_TITLE_LENGTH} characters")
    return cleaned


def check_hours(hours: float | None) -> float | None:
    """``hours`` if it is a positive finite number (or None); else InvalidInput."""
    if hours is None:
        return None
    if isinstance(hours, bool) or not math.isfinite(hours) or hours <= 0:
        raise InvalidInput(f"estimated hours must be a positive number; got {hours!r}")
    return float(hours)


def check_aware(due: datetime | None) -> datetime | None:
    """``due`` if it carries a timezone (or is None); a naive time means nothing certain."""
    if due is not None and due.tzinfo is None:
        raise InvalidInput("a due date needs a timezone")
    return due


def check_outcome(outcome: dict[str, Any] | None, what: str) -> dict[str, Any]:
    """A projected/actual outcome: metric names mapped to numbers (or short text)."""
    if outcome is None:
        return {}
    if not isinstance(outcome, dict):
        raise InvalidInput(f"the {what} must map metric names to values")
    for key, value in outcome.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidInput(f"the {what} has an empty metric name")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidInput(f"the {what} value of {key!r} is not a number")
        if not isinstance(value, int | float | str) or isinstance(value, bool):
            raise InvalidInput(f"the {what} value of {key!r} must be a number or text")
    return dict(outcome)


def validate_spec(spec: ItemSpec) -> ItemSpec:
    """Raise InvalidInput on a bad item; return it with its title cleaned."""
    check_hours(spec.estimated_hours)
    check_aware(spec.due_date)
    check_outcome(spec.projected_outcome, "projected outcome")
    return replace(spec, title=clean_title(spec.title))


@dataclass(frozen=True)
class ItemEdit:
    """Changes to one item: None leaves a field alone; the clear_* flags remove a value.

    A new ``due_date`` with ``due_time_known`` False counts only by its day, as in ItemSpec.
    """

    title: str | None = None
    description: str | None = None
    due_date: datetime | None = None
    due_time_known: bool = False
    clear_due: bool = False
    estimated_hours: float | None = None
    clear_hours: bool = False
    projected_outcome: dict[str, Any] | None = None
    actual_outcome: dict[str, Any] | None = None

    def changes(self) -> dict[str, Any]:
        """The validated column values this edit sets."""
        out: dict[str, Any] = {}
        if self.title is not None:
            out["title"] = clean_title(self.title)
        if self.description is not None:
            out["description"] = self.description.strip() or None
        if self.clear_due:
            out.update(due_date=None, due_time_known=False)
        elif self.due_date is not None:
            out.update(due_date=check_aware(self.due_date), due_time_known=self.due_time_known)
        if self.clear_hours:
            out["estimated_hours"] = None
        elif self.estimated_hours is not None:
            out["estimated_hours"] = check_hours(self.estimated_hours)
        if self.projected_outcome is not None:
            out["projected_outcome"] = check_outcome(self.projected_outcome, "projected outcome")
        if self.actual_outcome is not None:
            out["actual_outcome"] = check_outcome(self.actual_outcome, "actual outcome")
        return out
