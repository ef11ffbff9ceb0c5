"""How a finding reads: creator-level pattern, recommendation, and the per-piece factor sentence."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from insights.pattern_figures import PatternFigures
from insights.view_models import Insight

# impact = |ln lift| × √coverage: a 2× lift over 10 % of pieces and a 1.5× lift over a quarter
# both reach "high"; documented in docs/SCORING.md.
HIGH_IMPACT = 0.2
MEDIUM_IMPACT = 0.1


def impact_level(finding: PatternFigures) -> str:
    """high, medium or low, from the effect size and how much content the pattern touches."""
    score = abs(math.log(max(finding.lift, 1e-9))) * math.sqrt(finding.coverage)
    if score >= HIGH_IMPACT:
        return "high"
    if score >= MEDIUM_IMPACT:
        return "medium"
    return "low"


def confidence(finding: PatternFigures) -> float:
    """1 - the family-adjusted p-value (FDR control over all pattern tests)."""
    return round(1.0 - finding.adjusted_p_value, 3)


def x(value: float) -> str:
    """A ratio as people read it: '2.3×'."""
    return f"{value:.1f}×"


def supporting_data(finding: PatternFigures) -> dict[str, Any]:
    """Group sizes, medians, lift, p-values and the test, as stored with every insight."""
    return {
        "source": "pattern",
        "family": finding.family,
        "metric": finding.metric,
        "subject": finding.subject,
        "group_size": finding.group_size,
        "rest_size": finding.rest_size,
        "group_median": round(finding.group_median, 4),
        "rest_median": round(finding.rest_median, 4),
        "lift": round(finding.lift, 3),
        "p_value": round(finding.p_value, 6),
        "adjusted_p_value": round(finding.adjusted_p_value, 6),
        "test": finding.test,
        **finding.extra,
    }


def figures(finding: PatternFigures) -> dict[str, float]:
    """The unrounded figures the factor sentences quote (supporting_data rounds them)."""
    return {
        "group_median": finding.group_median,
        "rest_median": finding.rest_median,
        "lift": finding.lift,
    }


def pct(fraction: float) -> str:
    """A fraction as a percentage: '56 %'."""
    return f"{100 * fraction:.0f} %"


def _like_for_like(f: PatternFigures, whose: str, others: str, unit: str) -> str:
    """Timing and theme are compared like for like (see insights.findings)."""
    return (
        f"Like for like, {whose} get {x(f.lift)} the views of {others} "
        f"({f.group_size} {unit}; same platform and format, similar engagement)."
    )


def _views_vs_typical(f: PatternFigures, unit: str, others: str) -> str:
    return (
        f"get a median {x(f.group_median)} the views of your typical piece "
        f"({f.group_size} {unit}), against {x(f.rest_median)} for {others}."
    )


def _headline(f: PatternFigures) -> tuple[str, str]:
    """(title, description) of the creator-level pattern."""
    s, up = f.subject, f.is_positive
    if f.family == "timing":
        title = f"{s} is your {'best' if up else 'weakest'} posting window"
        return title, _like_for_like(f, f"your {s} posts", "your posts at other times", "posts")
    if f.family == "theme":
        title = f"{s.capitalize()} {'is one of your strongest themes' if up else 'lags behind'}"
        return title, _like_for_like(f, f"your {s} pieces", "your other themes", "pieces")
    if f.family == "platform":
        return _platform_headline(f)
    if f.family == "format":
        title = f"Your {s} pieces get {'more' if up else 'fewer'} views"
        return title, (
            f"On the same platforms, your {s} pieces get a median {x(f.lift)} the views of "
            f"your other formats ({f.group_size} against {f.rest_size} pieces)."
        )
    return _quality_headline(f)


def _platform_headline(f: PatternFigures) -> tuple[str, str]:
    s, up = f.subject, f.is_positive
    sizes = f"({f.group_size} against {f.rest_size} pieces)"
    if f.metric == "views":
        title = f"{s} brings you {'the most' if up else 'fewer'} views"
        return title, (
            f"Your {s} pieces get a median {f.group_median:,.0f} views, {x(f.lift)} the median "
            f"of your other platforms {sizes}."
        )
    if f.metric == "engagement":
        title = f"Engagement is {'higher' if up else 'lower'} on {s}"
        return title, (
            f"Median engagement on {s} is {f.group_median:.1f} % against "
            f"{f.rest_median:.1f} % on your other platforms {sizes}."
        )
    title = f"{s} viewers {'watch longer' if up else 'drop off sooner'}"
    return title, (
        f"Median retention on {s} is {pct(f.group_median)} against {pct(f.rest_median)} "
        f"on your other platforms {sizes}."
    )


def _quality_headline(f: PatternFigures) -> tuple[str, str]:
    up = f.is_positive
    cut = f.extra.get("threshold", 0.0)
    if f.key == "engagement:discussion":
        title = "Pieces that spark discussion " + ("reach further" if up else "reach less")
        who = "Your pieces that drew clearly more comments per like than usual (top third)"
    elif f.key == "engagement:high_intent":
        title = "Pieces people share and save " + ("reach further" if up else "reach less")
        who = f"Your pieces in the top third for shares and saves (≥ {x(cut)} your usual)"
    elif f.key == "retention:weak_hook":
        title = "Weak hooks cost you views" if not up else "Low-retention pieces still reach far"
        who = "Your pieces with retention under 30 %"
    else:
        title = "Strong hooks pay off" if up else "High retention is not bringing more views"
        who = "Your pieces with retention over 50 %"
    return title, f"{who} " + _views_vs_typical(f, "pieces", "the rest")


def tentative_note(finding: PatternFigures) -> str:
    """What a claim that could not be checked on newer pieces says about it ('' otherwise)."""
    figures = finding.extra.get("replication") or {}
    if figures.get("status") != "tentative":
        return ""
    return (
        f"Tentative: found across your {figures['older_pieces'] + figures['newer_pieces']} "
        f"pieces, but your newest {figures['newer_pieces']} are too few to confirm it on. "
    )


def pattern_insight(finding: PatternFigures) -> Insight:
    """The creator-level pattern."""
    title, description = _headline(finding)
    description = tentative_note(finding) + description
    return Insight(
        title=title,
        description=description,
        impact_level=impact_level(finding),
        is_positive=finding.is_positive,
        insight_type="pattern",
        pattern_key=finding.key,
        confidence=confidence(finding),
        supporting_data=supporting_data(finding),
    )


_ADVICE: dict[tuple[str, bool], tuple[str, str]] = {
    ("timing", True): ("Post in your best window: {s}", "Schedule your next pieces for {s}."),
    ("timing", False): ("Avoid posting {s}", "Move pieces you would post {s} to a better time."),
    ("theme", True): ("Make more {s}", "Plan your next pieces around {s}."),
    ("theme", False): (
        "Rethink your {s} pieces",
        "Borrow the hooks and formats of your strongest themes, or post {s} less often.",
    ),
    ("platform", True): ("Put more into {s}", "{s} is where your content travels furthest."),
    ("format", True): ("Make more {s} pieces", "Your {s} pieces outperform your other formats."),
    ("engagement:discussion", True): (
        "Ask questions people want to answer",
        "Pieces that start conversations reach further for you.",
    ),
    ("engagement:high_intent", True): (
        "Give people a reason to share or save",
        "Checklists, templates and strong takeaways get shared and saved, and reach further.",
    ),
    ("retention:weak_hook", False): (
        "Tighten your hooks",
        "Cut the intro and show the payoff in the first seconds.",
    ),
    ("retention:strong_hook", True): (
        "Keep the hook style of your best-retained pieces",
        "Pieces that hold viewers past half get more views.",
    ),
}


def recommendation(finding: PatternFigures) -> Insight | None:
    """An actionable recommendation for the pattern, when there is one."""
    if finding.family == "platform" and finding.metric != "views":
        return None
    advice = _ADVICE.get((finding.key, finding.is_positive)) or _ADVICE.get(
        (finding.family, finding.is_positive)
    )
    if advice is None:
        return None
    title, description = (part.format(s=finding.subject) for part in advice)
    return Insight(
        title=title,
        description=f"{tentative_note(finding)}{description} {_headline(finding)[1]}",
        impact_level=impact_level(finding),
        is_positive=finding.is_positive,
        insight_type="recommendation",
        pattern_key=finding.key,
        confidence=confidence(finding),
        supporting_data=supporting_data(finding),
    )


def factor_sentence(finding: PatternFigures, local_time: datetime | None) -> tuple[str, str]:
    """(title, description) of the factor the pattern gives a piece posted at ``local_time``
    (its own clock), quoting the numbers."""
    f = finding
    if f.family == "timing" and local_time is not None:
        when = local_time.strftime("%a %H:%M")
        return (
            "Posted in your best window" if f.is_positive else "Posted in your weakest window",
            f"Posted {when} — your {f.subject} posts get {x(f.lift)} the views of your other "
            f"posts, like for like ({f.group_size} posts).",
        )
    if f.family == "theme":
        return (
            f"Theme: {f.subject}",
            f"A {f.subject} piece — your {f.subject} pieces get {x(f.lift)} the views of your "
            f"other themes, like for like ({f.group_size} pieces).",
        )
    if f.family == "platform":
        return f"On {f.subject}", f"On {f.subject} — " + _platform_headline(f)[1]
    if f.family == "format":
        return (
            f"Format: {f.subject}",
            f"A {f.subject} piece — on the same platforms your {f.subject} pieces get a median "
            f"{x(f.lift)} the views of your other formats ({f.group_size} pieces).",
        )
    return _quality_headline(f)
