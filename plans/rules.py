"""The rules that turn a piece's factors into plan steps: what to do, why, and how long it takes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from plans.commands import ItemSpec
from plans.factors import Factor, PostingWindow
from plans.urgency import end_of_local_day, local_day

PREP, PUBLISH, REVIEW = 0, 1, 2
MAX_FACTOR_STEPS = 5


@dataclass(frozen=True)
class Step:
    """An item before it has a date: its stage decides when it falls due."""

    stage: int
    title: str
    description: str
    hours: float
    basis: str | None = None
    window: PostingWindow | None = None


def why(factor: Factor) -> str:
    """The factor as the reason for a step, in the insight's own words."""
    return f"Why: {factor.title} — {factor.description}"


def more_step(factor: Factor, piece_number: int | None) -> Step:
    """A step that repeats one success factor (of a piece, or a creator pattern when None)."""
    key, reason = factor.pattern_key, why(factor)
    window = factor.window
    if window is not None:
        title = f"Publish the next one in your {window.label} window"
        return Step(PUBLISH, title, reason, 0.5, key, window)
    stage, title, hours = _more_template(factor, piece_number)
    return Step(stage, title, reason, hours, key)


def _more_template(factor: Factor, piece_number: int | None) -> tuple[int, str, float]:
    value = _pretty(factor.value)
    like = f" like piece {piece_number}" if piece_number else ""
    source = f"piece {piece_number}" if piece_number else "your best pieces"
    templates = {
        "theme": (PREP, f"Script another {value} piece{like}", 3.0),
        "format": (PREP, f"Produce it in the {value} format again", 2.0),
        "platform": (PUBLISH, f"Publish it on {value} first", 0.5),
        "retention": (PREP, f"Reuse the opening that held viewers in {source}", 1.0),
        "engagement": (PREP, f"Repeat the call to action that worked on {source}", 0.5),
    }
    return templates.get(factor.kind, (PREP, f"Repeat: {factor.title}", 1.0))


def diagnose_step(factor: Factor, piece_number: int, best: dict[str, Factor]) -> Step:
    """A step that fixes one failure factor, pointing at the creator's better pattern if known."""
    key, reason = factor.pattern_key, why(factor)
    if factor.family == "timing":
        return _move_window_step(factor, best.get("timing"))
    if factor.kind == "retention":
        return _retention_step(factor, piece_number)
    better = _pretty(best[factor.kind].value) if factor.kind in best else None
    value = _pretty(factor.value)
    templates = {
        "engagement": (PREP, "Add one clear question or call to action", 0.5),
        "theme": (
            PREP,
            f"Rework the {value} angle" + (f" using your {better} pieces" if better else ""),
            1.0,
        ),
        "format": (
            PREP,
            f"Try the idea of piece {piece_number} "
            + (f"as a {better} piece" if better else "in another format"),
            2.0,
        ),
        "platform": (
            PUBLISH,
            f"Try it on {better} instead of {value}" if better else f"Rethink posting on {value}",
            0.5,
        ),
    }
    stage, title, hours = templates.get(factor.kind, (PREP, f"Fix: {factor.title}", 1.0))
    return Step(stage, title, reason, hours, key)


def _move_window_step(factor: Factor, best: Factor | None) -> Step:
    bad = factor.window
    bad_label = bad.label if bad else _pretty(factor.value)
    good = best.window if best else None
    reason = why(factor)
    if good is None or best is None:
        title = f"Move the next post out of the {bad_label} window"
        return Step(PUBLISH, title, reason, 0.25, factor.pattern_key)
    title = f"Move the next post from {bad_label} to your {good.label} window"
    return Step(PUBLISH, title, f"{reason} Better: {best.title}.", 0.25, factor.pattern_key, good)


def _retention_step(factor: Factor, piece_number: int) -> Step:
    if "hook" in factor.value:
        title = "Rewrite the first 3 seconds of the next piece: open with the payoff"
        return Step(PREP, title, why(factor), 1.0, factor.pattern_key)
    title = f"Cut the slow stretch where viewers of piece {piece_number} left"
    return Step(PREP, title, why(factor), 1.5, factor.pattern_key)


def closing_step(piece_number: int | None, *, diagnose: bool) -> Step:
    """The last step: link what was published so the plan can compare projected and actual."""
    if diagnose:
        title = "Publish the reworked piece, link it here and compare"
        title += f" with piece {piece_number}" if piece_number else ""
        return Step(
            REVIEW, title, "Linking lets the plan show the actual against the projection.", 0.5
        )
    title = "Link the new piece to this plan and check it 48 hours after publishing"
    return Step(
        REVIEW, title, "Linking lets the plan show the actual against the projection.", 0.25
    )


def schedule(steps: Iterable[Step], *, now: datetime, tz: ZoneInfo) -> list[ItemSpec]:
    """Give steps due dates: prep on successive days, publish in the window, review 2 days on."""
    ordered = sorted(steps, key=lambda s: s.stage)
    prep = [s for s in ordered if s.stage == PREP]
    day = local_day(now, tz)
    specs = [
        _spec(step, end_of_local_day(day + timedelta(days=n), tz), False)
        for n, step in enumerate(prep, start=1)
    ]
    publish_due, time_known = _publish_due(ordered, day + timedelta(days=len(prep) + 1), tz)
    review_due = end_of_local_day(local_day(publish_due, tz) + timedelta(days=2), tz)
    for step in ordered:
        if step.stage == PUBLISH:
            specs.append(_spec(step, publish_due, time_known))
        elif step.stage == REVIEW:
            specs.append(_spec(step, review_due, False))
    return specs


def _publish_due(steps: list[Step], first_free: date, tz: ZoneInfo) -> tuple[datetime, bool]:
    """When to publish: the next start of the window a step names, else the first free day."""
    window = next((s.window for s in steps if s.stage == PUBLISH and s.window), None)
    if window is None:
        return end_of_local_day(first_free, tz), False
    return window.next_due(first_free, tz)


def _spec(step: Step, due: datetime, time_known: bool) -> ItemSpec:
    return ItemSpec(
        title=step.title[:255],
        due_date=due,
        due_time_known=time_known,
        estimated_hours=step.hours,
        description=step.description,
        basis=step.basis,
    )


def _pretty(value: str) -> str:
    """'short' → 'short', 'tiktok' → 'TikTok', 'weak_hook' → 'weak hook'."""
    names = {"tiktok": "TikTok", "youtube": "YouTube", "instagram": "Instagram"}
    return names.get(value.lower(), value.replace("_", " "))
