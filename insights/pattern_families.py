"""The candidate patterns of each family, each tested group-against-rest."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from insights.facts import PieceFacts
from insights.findings import RELATIVE_VIEWS, STRONG_HOOK, WEAK_HOOK, Finding, Outcomes
from insights.stats import compare_groups
from insights.timing import ScanResult, scan_windows

Value = Callable[[PieceFacts], float | None]
Array = NDArray[np.float64]
Mask = NDArray[np.bool_]
Member = Callable[[PieceFacts], bool]
PLATFORM_NAMES = {"youtube": "YouTube", "instagram": "Instagram", "tiktok": "TikTok"}
FORMAT_NAMES = {"short": "short-form", "long": "long-form", "static": "image posts"}
MW = "Mann-Whitney U, two-sided"


@dataclass(frozen=True)
class Scope:
    """What every family reads: all pieces, the tested ones and their outcomes."""

    facts: Sequence[PieceFacts]
    tested: Sequence[PieceFacts]
    outcomes: Outcomes
    min_size: int
    timezone: str

    @functools.cached_property
    def _by_object(self) -> dict[str, dict[int, float]]:
        # The tests read outcomes hundreds of thousands of times: keyed by the facts object
        # (alive as long as the scope) instead of its UUID, whose hash is computed in Python.
        found: dict[str, dict[int, float]] = {}
        for name in ("raw", "adjusted", "timing", "versus_platform", "versus_all"):
            by_id: dict[Any, float] = getattr(self.outcomes, name)
            found[name] = {id(f): by_id[f.content_id] for f in self.tested if f.content_id in by_id}
        return found

    @functools.cached_property
    def _week_hours(self) -> dict[int, int]:
        return {
            id(f): f.local_time.weekday() * 24 + f.local_time.hour
            for f in self.facts
            if f.local_time is not None
        }

    def week_hour(self, f: PieceFacts) -> int | None:
        """Local weekday * 24 + hour of a piece of the scope; None when only its date is known."""
        return self._week_hours.get(id(f))

    @functools.cached_property
    def _values(self) -> dict[tuple[int, Value], tuple[Sequence[PieceFacts], Array, Mask]]:
        return {}

    def values(self, pool: Sequence[PieceFacts], value: Value) -> tuple[Array, Mask]:
        """``value`` of every piece of ``pool`` (0 where None) and where it is not None.

        Computed once per pool and value: the families test many groups of the same pool.
        """
        key = (id(pool), value)
        held = self._values.get(key)
        if held is None or held[0] is not pool:
            found = [value(f) for f in pool]
            known = np.fromiter((v is not None for v in found), dtype=bool, count=len(found))
            numbers = np.array([0.0 if v is None else v for v in found], dtype=float)
            held = self._values[key] = (pool, numbers, known)
        return held[1], held[2]

    def outcome(self, name: str, f: PieceFacts) -> float:
        """One of ``Outcomes``' per-piece figures (by field name) of a tested piece."""
        return self._by_object[name][id(f)]

    def raw(self, f: PieceFacts) -> float:
        """ln(view ratio) of a tested piece."""
        return self._by_object["raw"][id(f)]

    def adjusted(self, f: PieceFacts) -> float:
        """Quality-adjusted ln(view ratio) of a tested piece."""
        return self._by_object["adjusted"][id(f)]


@dataclass(frozen=True)
class Subject:
    """A group definition: its key, the name people read, and who belongs."""

    key: str
    name: str
    member: Member


def slug(text: str) -> str:
    """A key-safe form of a name: lower case, words joined by '_'."""
    return "_".join(text.lower().split())


def _split(
    scope: Scope, pool: Sequence[PieceFacts], mask: Mask, value: Value
) -> tuple[list[float], list[float]]:
    """The values of the group (``mask``) and of the rest, in pool order; None left out."""
    values, known = scope.values(pool, value)
    return values[mask & known].tolist(), values[~mask & known].tolist()


def _mask(pool: Sequence[PieceFacts], member: Member) -> Mask:
    return np.fromiter((member(f) for f in pool), dtype=bool, count=len(pool))


def _shown(metric: str, group: list[float], rest: list[float]) -> tuple[float, float, float]:
    """Group median, rest median and lift in the units people read."""
    g, r = float(np.median(group)), float(np.median(rest))
    if metric == RELATIVE_VIEWS:
        return math.exp(g), math.exp(r), math.exp(g - r)
    if metric == "views":
        return math.exp(g) - 1, math.exp(r) - 1, math.exp(g - r)
    return g, r, (g / r if r > 0 else (math.inf if g > 0 else 1.0))


def test_subject(
    scope: Scope,
    pool: Sequence[PieceFacts],
    subject: Subject,
    metric: str,
    test_value: Value,
    shown_value: Value,
    family: str,
    extra: dict[str, Any] | None = None,
) -> Finding | None:
    """Test one group against the rest of ``pool``; None when either side is too small."""
    mask = _mask(pool, subject.member)
    group, rest = _split(scope, pool, mask, test_value)
    if min(len(group), len(rest)) < scope.min_size:
        return None
    test = compare_groups(group, rest)
    if test is None:
        return None
    g, r, lift = _shown(metric, group, rest)
    extra = dict(extra or {})
    if shown_value != test_value:
        raw_g, raw_r, _ = _shown(metric, *_split(scope, pool, mask, shown_value))
        extra.update(raw_group_median=round(raw_g, 4), raw_rest_median=round(raw_r, 4))
        if metric == "views":  # views people read; the lift is the era-relative one
            g, r = raw_g, raw_r
    key = subject.key if metric in (RELATIVE_VIEWS, "views") else f"{subject.key}:{metric}"
    return Finding(
        key=key,
        family=family,
        subject=subject.name,
        metric=metric,
        group_size=len(group),
        rest_size=len(rest),
        group_median=g,
        rest_median=r,
        lift=lift,
        p_value=test.p_value,
        test=test.test,
        test_direction=test.direction,
        member=subject.member,
        outcome=_within(pool, test_value),
        extra=extra or {},
    )


def _within(pool: Sequence[PieceFacts], value: Value) -> Value:
    """``value`` on the pieces of ``pool``, None elsewhere."""
    # By object identity (the pool is held, so no other object can take an id): hashing the
    # pieces' UUIDs in Python was a fifth of pattern discovery.
    kept = list(pool)
    ids = frozenset(map(id, kept))
    return lambda f: value(f) if id(f) in ids and kept else None


def timing_findings(scope: Scope) -> list[Finding]:
    """The best and worst window on every day, and on some days (four scans)."""
    timed = [f for f in scope.tested if f.weekday is not None and f.hour is not None]
    if len(timed) < 2 * scope.min_size:
        return []
    week_hours = np.array([(f.weekday or 0) * 24 + (f.hour or 0) for f in timed], dtype=np.int64)
    outcomes = np.array([scope.outcome("timing", f) for f in timed])
    found = []
    for result in scan_windows(week_hours, outcomes, min_size=scope.min_size):
        finding = _window_finding(scope, timed, result)
        if finding is not None:
            found.append(finding)
    return found


def _window_finding(
    scope: Scope, timed: Sequence[PieceFacts], result: ScanResult
) -> Finding | None:
    window = result.window

    hours, week_hour = window.week_hours, scope.week_hour

    def member(f: PieceFacts) -> bool:
        return week_hour(f) in hours  # None (time of day unknown) is in no window

    subject = Subject(window.key, window.label, member)
    extra = {
        **window.as_data(scope.timezone),
        "permutations": result.permutations,
        "z": round(result.z, 2),
        "search": result.search,
    }
    finding = test_subject(
        scope, timed, subject, RELATIVE_VIEWS, scope.adjusted, scope.raw, "timing", extra
    )
    if finding is None:
        return None
    scan = "posting-window scan: permutation test of the extreme rank-sum z over all windows"
    return replace(
        finding, p_value=result.p_value, test=scan, test_direction=1 if result.z > 0 else -1
    )


def theme_findings(scope: Scope) -> list[Finding]:
    """Each theme against the creator's other themes."""
    themes = sorted({f.theme for f in scope.tested if f.theme})
    if len(themes) < 2:
        return []
    subjects = [Subject(f"theme:{slug(t)}", t, _field_is("theme", t)) for t in themes]
    found = [
        test_subject(scope, scope.tested, s, RELATIVE_VIEWS, scope.adjusted, scope.raw, "theme")
        for s in subjects
    ]
    return [f for f in found if f is not None]


def _field_is(name: str, value: str) -> Member:
    return lambda f: getattr(f, name) == value


def platform_findings(scope: Scope) -> list[Finding]:
    """Each platform against the creator's other platforms: views, engagement, retention."""
    platforms = sorted({f.platform for f in scope.tested})
    if len(platforms) < 2:
        return []
    # Views are tested within their era (against the pieces of any platform nearest in time),
    # so a creator who moved to a platform as their channel grew does not credit the platform.
    metrics: dict[str, tuple[Value, Value]] = {
        "views": (lambda f: scope.outcome("versus_all", f), lambda f: f.log_views),
        "engagement": (lambda f: f.engagement_rate, lambda f: f.engagement_rate),
        "retention": (lambda f: f.retention_rate, lambda f: f.retention_rate),
    }
    found = []
    for p in platforms:
        subject = Subject(f"platform:{p}", PLATFORM_NAMES.get(p, p), _field_is("platform", p))
        for metric, (test, shown) in metrics.items():
            found.append(
                test_subject(scope, scope.tested, subject, metric, test, shown, "platform")
            )
    return [f for f in found if f is not None]


def format_findings(scope: Scope) -> list[Finding]:
    """Each format class against the other formats on the same platforms (views in their era)."""
    mixed = _platforms_with_formats(scope.tested, scope.min_size)
    pool = [f for f in scope.tested if f.platform in mixed]
    classes = sorted({f.format_class for f in pool})
    if len(classes) < 2:
        return []

    def relative(f: PieceFacts) -> float:
        return scope.outcome("versus_platform", f)

    found = []
    for c in classes:
        subject = Subject(f"format:{c}", FORMAT_NAMES.get(c, c), _field_is("format_class", c))
        extra = {"platforms": sorted(mixed)}
        found.append(
            test_subject(scope, pool, subject, RELATIVE_VIEWS, relative, relative, "format", extra)
        )
    return [f for f in found if f is not None]


def _platforms_with_formats(tested: Sequence[PieceFacts], min_size: int) -> set[str]:
    counts: dict[str, dict[str, int]] = {}
    for f in tested:
        per = counts.setdefault(f.platform, {})
        per[f.format_class] = per.get(f.format_class, 0) + 1
    return {p for p, c in counts.items() if sum(n >= min_size for n in c.values()) >= 2}


def quality_findings(scope: Scope) -> list[Finding]:
    """Engagement quality (top third, relative to the usual) and retention bands."""
    found: list[Finding | None] = []
    for key, name, value in (
        ("engagement:discussion", "comments per like", _comments_per_like),
        ("engagement:high_intent", "shares and saves", _intent),
    ):
        cut = _top_third(scope.tested, value)
        if cut is not None:
            subject = Subject(key, name, _at_least(value, cut))
            extra = {"threshold": round(cut, 4)}
            found.append(
                test_subject(
                    scope,
                    scope.tested,
                    subject,
                    RELATIVE_VIEWS,
                    scope.raw,
                    scope.raw,
                    "engagement",
                    extra,
                )
            )
    with_retention = [f for f in scope.tested if f.retention_rate is not None]
    for key, name, threshold, below in (
        ("retention:weak_hook", "retention under 30 %", WEAK_HOOK, True),
        ("retention:strong_hook", "retention over 50 %", STRONG_HOOK, False),
    ):
        subject = Subject(key, name, _retention_band(threshold, below))
        extra = {"threshold": threshold}
        found.append(
            test_subject(
                scope,
                with_retention,
                subject,
                RELATIVE_VIEWS,
                scope.raw,
                scope.raw,
                "retention",
                extra,
            )
        )
    return [f for f in found if f is not None]


def _comments_per_like(f: PieceFacts) -> float | None:
    return f.discussion_score


def _intent(f: PieceFacts) -> float | None:
    return f.intent_ratio


def _top_third(tested: Sequence[PieceFacts], value: Value) -> float | None:
    values = [v for v in map(value, tested) if v is not None]
    if len(values) < 6 or min(values) == max(values):
        return None
    return float(np.quantile(values, 2 / 3))


def _at_least(value: Value, cut: float) -> Member:
    return lambda f: (v := value(f)) is not None and v >= cut and v > 0


def _retention_band(threshold: float, below: bool) -> Member:
    def member(f: PieceFacts) -> bool:
        r = f.retention_rate
        return r is not None and (r < threshold if below else r > threshold)

    return member


def all_candidates(scope: Scope) -> list[Finding]:
    """Every candidate pattern of every family, untested for false discoveries yet."""
    return [
        *timing_findings(scope),
        *theme_findings(scope),
        *platform_findings(scope),
        *format_findings(scope),
        *quality_findings(scope),
    ]
