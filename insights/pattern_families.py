"""The candidate patterns of each family, each tested group-against-rest."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from insights.fact_arrays import Codes, Column, FactArrays, Floats, Ints, Mask
from insights.findings import RELATIVE_VIEWS, STRONG_HOOK, WEAK_HOOK, Finding, OutcomeArrays
from insights.metrics import FORMAT_NAMES
from insights.pattern_lookups import remembered_scan, remembered_within
from insights.pooled_figures import Pooled, pooled
from insights.stats import compare_within
from insights.timing import ScanResult
from insights.windows import WEEK_HOURS, Window

PLATFORM_NAMES = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}
MW = "Mann-Whitney U, two-sided"
# Engagement quality: the top third of each figure against the rest (key, name, figure).
TOP_THIRDS = (
    ("engagement:discussion", "comments per like", "discussion_score"),
    ("engagement:high_intent", "shares and saves", "intent_ratio"),
)


@dataclass(frozen=True)
class Scope:
    """What every family reads: the facts as columns, and the tested pieces' outcomes."""

    facts: FactArrays
    outcomes: OutcomeArrays
    min_size: int
    timezone: str
    # Figures pooled for the group tests, by the identity of their pool and figure (``pooled``).
    _pooled: dict[tuple[int, ...], tuple[object, Pooled]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def pooled(self, pool: Ints, value: Column) -> Pooled:
        """``value`` over ``pool``, worked out once for every group a family tests in it (its
        themes, its windows) and every family testing the same figure in the same pool."""
        key = (id(pool), id(value[0]), id(value[1]))
        found = self._pooled.get(key)
        if found is None:
            # The key's objects are held with the result, so no other object takes their ids.
            found = self._pooled[key] = ((pool, value), pooled(len(self.facts), pool, value))
        return found[1]

    @functools.cached_property
    def everywhere(self) -> Mask:
        """Every position (an outcome is known wherever a test reads it: on tested pieces)."""
        return np.ones(len(self.facts), dtype=bool)

    def outcome(self, name: str) -> Column:
        """One of ``OutcomeArrays``' figures (by field name), known on every tested piece."""
        values: Floats = getattr(self.outcomes, name)
        return values, self.everywhere

    @property
    def tested(self) -> Ints:
        """Positions of the tested pieces."""
        return self.facts.tested


@dataclass(frozen=True)
class Rule:
    """Who belongs to a group, as a rule read off any facts: a remembered claim's group is found
    again by it on facts that gained pieces since (``insights.claim_memo``).

    ``kind``: "code" (``name``, a coded field, is ``value``), "window" (the local week-hour is in
    the window ``value``), "top" (the figure ``name`` is in the tested pieces' top third, read
    again from the facts: ``top_third``), "below" or "above" (the figure ``name`` is known and
    under or over ``value``).
    """

    kind: str
    name: str
    value: Any

    def read(self, facts: FactArrays) -> tuple[Mask, dict[str, Any]]:
        """Where the rule holds, by position in ``facts``, and the figures it shows with the
        group (a top third's threshold)."""
        if self.kind == "top":
            top = top_third(facts, self.name)
            if top is None:
                return np.zeros(len(facts), dtype=bool), {}
            return top[1], top_extra(top[0])
        if self.kind == "code":
            codes: Codes = getattr(facts, self.name)
            return codes.equals(self.value), {}
        if self.kind == "window":
            return in_window(facts.week_hour, self.value), {}
        values, known = facts.column(self.name)
        if self.kind == "below":
            return known & (values < self.value), {}
        if self.kind == "above":
            return known & (values > self.value), {}
        raise ValueError(f"no group rule of kind {self.kind!r}")

    def mask(self, facts: FactArrays) -> Mask:
        """Where the rule holds, by position in ``facts``."""
        return self.read(facts)[0]


@dataclass(frozen=True)
class Subject:
    """A group definition: its key, the name people read, and who belongs."""

    key: str
    name: str
    group: Mask  # who belongs, by position (tested or provisional)
    rule: Rule  # what ``group`` was read off the facts by


def subject_where(facts: FactArrays, key: str, name: str, rule: Rule) -> Subject:
    """The subject whose group is where ``rule`` holds in ``facts``."""
    return Subject(key, name, rule.mask(facts), rule)


def slug(text: str) -> str:
    """A key-safe form of a name: lower case, words joined by '_'."""
    return "_".join(text.lower().split())


def _shown(metric: str, g: float, r: float) -> tuple[float, float, float]:
    """Group median, rest median (``g``, ``r``) and lift in the units people read."""
    if metric == RELATIVE_VIEWS:
        return math.exp(g), math.exp(r), math.exp(g - r)
    if metric == "views":
        return math.exp(g) - 1, math.exp(r) - 1, math.exp(g - r)
    return g, r, (g / r if r > 0 else (math.inf if g > 0 else 1.0))


def test_subject(
    scope: Scope,
    pool: Ints,
    subject: Subject,
    metric: str,
    test_value: Column,
    shown_value: Column | None,
    family: str,
    extra: dict[str, Any] | None = None,
) -> Finding | None:
    """Test one group against the rest of ``pool``; None when either side is too small.

    ``shown_value``: the figure whose medians people read as the raw ones (kept in ``extra``),
    None when they read the tested one.
    """
    inside = subject.group[pool]
    tested = scope.pooled(pool, test_value)
    chosen = inside[tested.known]  # the group, in the order of the known values
    group_size = int(np.count_nonzero(chosen))
    if min(group_size, chosen.size - group_size) < scope.min_size:
        return None
    test = remembered_within(tested.key, chosen, lambda: compare_within(tested.sample, chosen))
    if test is None:
        return None
    # The test's medians are the group's and the rest's: not worked out again.
    g, r, lift = _shown(metric, test.group_median, test.rest_median)
    extra = dict(extra or {})
    if shown_value is not None:
        shown = scope.pooled(pool, shown_value)
        raw_g, raw_r, _ = _shown(metric, *shown.medians(inside[shown.known]))
        extra.update(raw_group_median=round(raw_g, 4), raw_rest_median=round(raw_r, 4))
        if metric == "views":  # views people read; the lift is the era-relative one
            g, r = raw_g, raw_r
    key = subject.key if metric in (RELATIVE_VIEWS, "views") else f"{subject.key}:{metric}"
    return Finding(
        key=key,
        family=family,
        subject=subject.name,
        metric=metric,
        group_size=group_size,
        rest_size=chosen.size - group_size,
        group_median=g,
        rest_median=r,
        lift=lift,
        p_value=test.p_value,
        test=test.test,
        test_direction=test.direction,
        group=subject.group,
        rule=subject.rule,
        outcome=test_value[0],
        within=tested.within,
        extra=extra or {},
    )


def in_window(week_hours: Ints, window: Window) -> Mask:
    """Where the local week-hour is in the window (-1, time of day unknown, is in none)."""
    covered = np.zeros(WEEK_HOURS + 1, dtype=bool)  # the last cell stands for -1
    covered[list(window.week_hours)] = True
    found: Mask = covered[week_hours]
    return found


def timing_findings(scope: Scope) -> list[Finding]:
    """The best and worst window on every day, and on some days (four scans)."""
    week_hours = scope.facts.week_hour
    timed = scope.tested[week_hours[scope.tested] >= 0]
    if len(timed) < 2 * scope.min_size:
        return []
    outcomes = scope.outcomes.timing[timed]
    found = []
    for result in remembered_scan(week_hours[timed], outcomes, scope.min_size):
        finding = _window_finding(scope, timed, result)
        if finding is not None:
            found.append(finding)
    return found


def _window_finding(scope: Scope, timed: Ints, result: ScanResult) -> Finding | None:
    window = result.window
    rule = Rule("window", "week_hour", window)
    subject = subject_where(scope.facts, window.key, window.label, rule)
    extra = {
        **window.as_data(scope.timezone),
        "permutations": result.permutations,
        "z": round(result.z, 2),
        "search": result.search,
    }
    adjusted, raw = scope.outcome("adjusted"), scope.outcome("raw")
    finding = test_subject(scope, timed, subject, RELATIVE_VIEWS, adjusted, raw, "timing", extra)
    if finding is None:
        return None
    scan = "posting-window scan: permutation test of the extreme rank-sum z over all windows"
    return replace(
        finding, p_value=result.p_value, test=scan, test_direction=1 if result.z > 0 else -1
    )


def theme_findings(scope: Scope) -> list[Finding]:
    """Each theme against the creator's other themes."""
    themes = sorted(t for t in scope.facts.theme.present(scope.tested) if t)
    if len(themes) < 2:
        return []
    adjusted, raw = scope.outcome("adjusted"), scope.outcome("raw")
    subjects = [
        subject_where(scope.facts, f"theme:{slug(t)}", t, Rule("code", "theme", t)) for t in themes
    ]
    found = [
        test_subject(scope, scope.tested, s, RELATIVE_VIEWS, adjusted, raw, "theme")
        for s in subjects
    ]
    return [f for f in found if f is not None]


def platform_findings(scope: Scope) -> list[Finding]:
    """Each platform against the creator's other platforms: views, engagement, retention."""
    platforms = sorted(p for p in scope.facts.platform.present(scope.tested) if p is not None)
    if len(platforms) < 2:
        return []
    # Views are tested within their era (against the pieces of any platform nearest in time),
    # so a creator who moved to a platform as their channel grew does not credit the platform.
    log_views = (scope.facts.log_views, scope.everywhere)
    engagement, retention = (scope.facts.column(n) for n in ("engagement_rate", "retention_rate"))
    metrics: dict[str, tuple[Column, Column]] = {
        "views": (scope.outcome("versus_all"), log_views),
        "engagement": (engagement, engagement),
        "retention": (retention, retention),
    }
    found = []
    for p in platforms:
        named = PLATFORM_NAMES.get(p, p)
        on = subject_where(scope.facts, f"platform:{p}", named, Rule("code", "platform", p))
        for metric, (test, shown) in metrics.items():
            found.append(test_subject(scope, scope.tested, on, metric, test, shown, "platform"))
    return [f for f in found if f is not None]


def format_findings(scope: Scope) -> list[Finding]:
    """Each format class against the other formats on the same platforms (views in their era)."""
    facts = scope.facts
    mixed = _platforms_with_formats(scope)
    pool = scope.tested[
        np.isin(facts.platform.codes[scope.tested], [facts.platform.names.index(p) for p in mixed])
    ]
    classes = sorted(c for c in facts.format_class.present(pool) if c is not None)
    if len(classes) < 2:
        return []
    relative = scope.outcome("versus_platform")
    found = []
    for c in classes:
        rule = Rule("code", "format_class", c)
        of = subject_where(facts, f"format:{c}", FORMAT_NAMES.get(c, c), rule)
        extra = {"platforms": sorted(mixed)}
        found.append(test_subject(scope, pool, of, RELATIVE_VIEWS, relative, None, "format", extra))
    return [f for f in found if f is not None]


def _platforms_with_formats(scope: Scope) -> set[str]:
    """The platforms with at least two format classes of ``min_size`` tested pieces each."""
    facts, mixed = scope.facts, set()
    for p in facts.platform.present(scope.tested):
        on = scope.tested[facts.platform.equals(p)[scope.tested]]
        _, counts = np.unique(facts.format_class.codes[on], return_counts=True)
        if p is not None and (counts >= scope.min_size).sum() >= 2:
            mixed.add(p)
    return mixed


def quality_findings(scope: Scope) -> list[Finding]:
    """Engagement quality (top third, relative to the usual) and retention bands."""
    found: list[Finding | None] = []
    raw = scope.outcome("raw")
    for key, name, figure in TOP_THIRDS:
        top = top_third(scope.facts, figure)
        if top is not None:
            cut, group = top
            extra = top_extra(cut)
            found.append(
                test_subject(
                    scope,
                    scope.tested,
                    Subject(key, name, group, Rule("top", figure, None)),
                    RELATIVE_VIEWS,
                    raw,
                    None,
                    "engagement",
                    extra,
                )
            )
    known = scope.facts.column("retention_rate")[1]
    with_retention = scope.tested[known[scope.tested]]
    for key, name, threshold, side in (
        ("retention:weak_hook", "retention under 30 %", WEAK_HOOK, "below"),
        ("retention:strong_hook", "retention over 50 %", STRONG_HOOK, "above"),
    ):
        band = Rule(side, "retention_rate", threshold)
        extra = {"threshold": threshold}
        found.append(
            test_subject(
                scope,
                with_retention,
                subject_where(scope.facts, key, name, band),
                RELATIVE_VIEWS,
                raw,
                None,
                "retention",
                extra,
            )
        )
    return [f for f in found if f is not None]


def top_third(facts: FactArrays, figure: str) -> tuple[float, Mask] | None:
    """Where the top third of the tested pieces' known ``figure`` begins, and who is in it (known,
    at least that and above 0), by position; None when too few are known or all are alike."""
    values, known = facts.column(figure)
    cut = _top_third(values[facts.tested][known[facts.tested]])
    if cut is None:
        return None
    group: Mask = known & (values >= cut) & (values > 0)
    return cut, group


def top_extra(cut: float) -> dict[str, Any]:
    """The supporting figures of a top third: where it begins, as people read it."""
    return {"threshold": round(cut, 4)}


def _top_third(values: Floats) -> float | None:
    if len(values) < 6 or values.min() == values.max():
        return None
    return float(np.quantile(values, 2 / 3))


def all_candidates(scope: Scope) -> list[Finding]:
    """Every candidate pattern of every family, untested for false discoveries yet."""
    return [
        *timing_findings(scope),
        *theme_findings(scope),
        *platform_findings(scope),
        *format_findings(scope),
        *quality_findings(scope),
    ]
