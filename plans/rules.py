"""The rules that turn a piece's factors into plan steps: what to do, why, and how long it takes.

A step is built from a group of factors about one topic (the lead factor is the strongest); its
description quotes every factor of the group in the insight's own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from plans.commands import ItemSpec
from plans.factors import Factor, PostingWindow
from plans.urgency import end_of_local_day, local_day

PREP, PUBLISH, REVIEW = 0, 1, 2
MAX_FACTOR_STEPS = 5
LINK_REASON = "Linking lets the plan show the actual against the projection."


@dataclass(frozen=True)
class Step:
    """An item before it has a date: its stage decides when it falls due."""

    stage: int
    title: str
    description: str
    hours: float
    basis: str | None = None
    window: PostingWindow | None = None


def why(factors: Sequence[Factor]) -> str:
    """The factors as the reason for a step, in the insights' own words."""
    return " ".join(_reason(f) for f in factors)


def _reason(factor: Factor) -> str:
    if factor.description.startswith(factor.title):
        return f"Why: {factor.description}"
    return f"Why: {factor.title} — {factor.description}"


def more_step(group: Sequence[Factor], piece_number: int | None) -> Step:
    """A step that repeats a success (a piece's factors, or creator patterns when no piece)."""
    lead = group[0]
    window = lead.window
    if window is not None:
        title = f"Publish the next one in your {window.label} window"
        return Step(PUBLISH, title, why(group), 0.5, lead.pattern_key, window)
    stage, title, hours = _more_template(lead, piece_number)
    return Step(stage, title, why(group), hours, lead.pattern_key)


def _more_template(factor: Factor, piece_number: int | None) -> tuple[int, str, float]:
    subject = factor.subject_label
    like = f" like piece {piece_number}" if piece_number else ""
    source = f"piece {piece_number}" if piece_number else "your best pieces"
    templates = {
        "theme": (PREP, f"Script another {subject} piece{like}", 3.0),
        "format": (PREP, f"Produce it in the {subject} format again", 2.0),
        "platform": (PUBLISH, f"Publish it on {subject} first", 0.5),
        "retention": (PREP, f"Reuse the opening that held viewers in {source}", 1.0),
        "engagement": (PREP, f"Repeat the call to action that worked on {source}", 0.5),
    }
    return templates.get(factor.family, (PREP, f"Repeat: {factor.title}", 1.0))


def diagnose_step(group: Sequence[Factor], piece_number: int, best: dict[str, Factor]) -> Step:
    """A step that fixes a failure, pointing at the creator's better pattern when there is one."""
    lead = group[0]
    if lead.family == "timing":
        return _move_window_step(group, best.get("timing"))
    better = best[lead.family].subject_label if lead.family in best else None
    stage, title, hours = _diagnose_template(lead, piece_number, better)
    return Step(stage, title, why(group), hours, lead.pattern_key)


def _diagnose_template(
    factor: Factor, piece_number: int, better: str | None
) -> tuple[int, str, float]:
    subject = factor.subject_label
    if factor.family == "retention":
        if "hook" in factor.subject:
            return PREP, "Rewrite the first 3 seconds of the next piece: open with the payoff", 1.0
        return PREP, f"Cut the slow stretch where viewers of piece {piece_number} left", 1.5
    if factor.family == "engagement":
        return PREP, "Add one clear question or call to action", 0.5
    if factor.family == "theme":
        using = f" using what works in your {better} pieces" if better else ""
        return PREP, f"Rework the {subject} angle{using}", 1.0
    if factor.family == "format":
        target = f"as a {better} piece" if better else "in another format"
        return PREP, f"Try the idea of piece {piece_number} {target}", 2.0
    if factor.family == "platform":
        if better and better != subject:
            return PUBLISH, f"Try it on {better} instead of {subject}", 0.5
        return PUBLISH, f"Rethink what you post on {subject}", 0.5
    return PREP, f"Fix: {factor.title}", 1.0


def _move_window_step(group: Sequence[Factor], best: Factor | None) -> Step:
    lead = group[0]
    bad_label = lead.window.label if lead.window else lead.subject_label
    good = best.window if best else None
    if good is None or best is None:
        title = f"Move the next post out of the {bad_label} window"
        return Step(PUBLISH, title, why(group), 0.25, lead.pattern_key)
    title = f"Move the next post from {bad_label} to your {good.label} window"
    reason = f"{why(group)} Better: {best.title}."
    return Step(PUBLISH, title, reason, 0.25, lead.pattern_key, good)


def making_step(piece_number: int, theme: str | None) -> Step:
    """The step that makes the new piece, when no factor already asks for one."""
    about = f" about {theme}" if theme else ""
    title = f"Plan and script a new piece{about} like piece {piece_number}"
    return Step(PREP, title, "The steps below say what to keep from it.", 2.0)


def compare_step(piece_number: int, model_number: int, ratio: float | None) -> Step:
    """For a flop no data explains: set it beside the creator's best piece on the same platform."""
    lift = f" ({ratio:.1f}× its views)" if ratio else ""
    title = (
        f"Put piece {piece_number} beside your best piece {model_number}: title, opening, thumbnail"
    )
    why_text = (
        f"Piece {model_number} did best of yours{lift}; the difference is the first thing to fix."
    )
    return Step(PREP, title, why_text, 1.0)


def closing_step(piece_number: int | None, *, diagnose: bool) -> Step:
    """The last step: link what was published so the plan can compare projected and actual."""
    if diagnose:
        title = "Publish the reworked piece, link it here and compare"
        title += f" with piece {piece_number}" if piece_number else ""
        return Step(REVIEW, title, LINK_REASON, 0.5)
    title = "Link the new piece to this plan and check it 48 hours after publishing"
    return Step(REVIEW, title, LINK_REASON, 0.25)


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
    """When to publish: the next opening of the window a step names, else the first free day."""
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
