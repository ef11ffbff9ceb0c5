"""A discovery's claims are looked up whole while the tested figures stay, and equal a fresh one.

Young (provisional) pieces, wherever they fall in the facts, leave the claims looked up: their
groups are read again off the new facts, and everything equals what a discovery computes afresh.
A changed tested figure, or a changed setting, computes them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from unittest import mock
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from bench.truth import grown_config, score_simulated
from insights import patterns, replication
from insights.fact_arrays import Codes, FactArrays, fact_arrays
from insights.facts import build_facts
from insights.findings import Finding, outcome_arrays
from insights.ingest import ingest_records
from insights.pattern_families import Rule, Scope, all_candidates
from insights.pattern_memo import MEMO, fresh_patterns
from insights.patterns import discover_in_arrays
from insights.refresh import refresh_creator
from storage import Database
from tests.insights.simulated import simulated_creator
from tests.insights.test_pattern_memo import young_records
from tests.insights.test_refresh_memo import refreshed_equal_to_full
from tests.support.builders import NOW

ZONE = "Europe/Berlin"


@pytest.fixture(scope="module")
def arrays() -> FactArrays:
    _, rows, results = score_simulated(grown_config(400), 3)
    return fact_arrays(build_facts(rows, results, ZoneInfo(ZONE)))


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many pieces each computed (not looked up) discovery's claims were worked out over."""
    ran: list[int] = []
    original = patterns._claims

    def counting(facts: FactArrays, *args: object) -> list[Finding]:
        ran.append(len(facts))
        return original(facts, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(patterns, "_claims", counting)
    MEMO.clear()
    yield ran


def with_young(facts: FactArrays, count: int, *, first: bool) -> FactArrays:
    """``facts`` with ``count`` provisional pieces added (copies of the first ones' figures, of a
    theme no tested piece has), before every other piece or after."""
    young = np.arange(count)

    def added(values: np.ndarray) -> np.ndarray:
        parts = (values[young], values) if first else (values, values[young])
        return np.concatenate(parts)

    def coded(codes: Codes, name: str | None = None) -> Codes:
        if name is None:
            return Codes(added(codes.codes), codes.names)
        extended = added(codes.codes)
        extended[young if first else young + len(facts)] = len(codes.names)
        return Codes(extended, [*codes.names, name])

    ids = [uuid.uuid4() for _ in range(count)]
    return replace(
        facts,
        ids=[*ids, *facts.ids] if first else [*facts.ids, *ids],
        tested=facts.tested + count if first else facts.tested,
        week_hour=added(facts.week_hour),
        published_us=added(facts.published_us),
        number=added(facts.number),
        view_ratio=added(facts.view_ratio),
        log_views=added(facts.log_views),
        theme=coded(facts.theme, "a theme only young pieces have"),
        platform=coded(facts.platform),
        format_class=coded(facts.format_class),
        optional={n: (added(v), added(k)) for n, (v, k) in facts.optional.items()},
    )


def assert_same_claims(found: list[Finding], expected: list[Finding]) -> None:
    """Equal claims (figures, supporting data, members) with equal groups."""
    assert found == expected
    for f, e in zip(found, expected, strict=True):
        assert np.array_equal(f.group, e.group) and f.extra == e.extra


def fresh(facts: FactArrays) -> list[Finding]:
    with fresh_patterns():
        return discover_in_arrays(facts, ZONE)


@pytest.mark.parametrize("first", [False, True])
def test_claims_after_young_pieces_are_looked_up_and_equal_to_those_computed(
    arrays: FactArrays, computed: list[int], first: bool
) -> None:
    discover_in_arrays(arrays, ZONE)
    grown = with_young(arrays, 30, first=first)
    found = discover_in_arrays(grown, ZONE)
    assert computed == [len(arrays)]
    assert_same_claims(found, fresh(grown))
    assert any(f.group[:30].any() if first else f.group[-30:].any() for f in found)


def test_a_changed_tested_figure_computes_the_claims_again(
    arrays: FactArrays, computed: list[int]
) -> None:
    discover_in_arrays(arrays, ZONE)
    ratios = arrays.view_ratio.copy()
    ratios[arrays.tested[7]] *= 3.0
    changed = replace(arrays, view_ratio=ratios)
    found = discover_in_arrays(changed, ZONE)
    assert computed == [len(arrays)] * 2
    assert_same_claims(found, fresh(changed))


def test_a_looked_up_claim_shows_the_threshold_the_new_figures_give(
    arrays: FactArrays, computed: list[int]
) -> None:
    # Doubled (exactly), the figures keep the top third's members and double its threshold, as
    # a write moves every discussion score and leaves who is talkative.
    discover_in_arrays(arrays, ZONE)
    values, known = arrays.column("intent_ratio")
    doubled = replace(arrays, optional={**arrays.optional, "intent_ratio": (values * 2, known)})
    found = discover_in_arrays(doubled, ZONE)
    assert computed == [len(arrays)]
    assert_same_claims(found, fresh(doubled))
    before = {f.key: f for f in discover_in_arrays(arrays, ZONE)}
    intent = next(f for f in found if f.key == "engagement:high_intent")
    threshold = before[intent.key].extra["threshold"]
    assert intent.extra["threshold"] == pytest.approx(2 * threshold, rel=1e-3) != threshold


def test_every_candidate_s_rule_reads_its_group_and_figures_off_the_facts_again(
    arrays: FactArrays,
) -> None:
    candidates = all_candidates(Scope(arrays, outcome_arrays(arrays), 3, ZONE))
    rules = [c.rule for c in candidates if isinstance(c.rule, Rule)]
    assert len(rules) == len(candidates)
    assert {r.kind for r in rules} == {"code", "window", "top", "below", "above"}
    for c in candidates:
        assert c.rule is not None
        group, figures = c.rule.read(arrays)
        assert np.array_equal(group, c.group)
        assert figures.items() <= c.extra.items()


def test_a_top_third_that_gains_a_tested_member_computes_the_claims_again(
    arrays: FactArrays, computed: list[int]
) -> None:
    discover_in_arrays(arrays, ZONE)
    values, known = arrays.column("intent_ratio")
    tested = arrays.tested[known[arrays.tested]]
    outside = tested[values[tested] < np.quantile(values[tested], 2 / 3)]
    raised = values.copy()
    raised[outside[0]] = values[tested].max()
    changed = replace(arrays, optional={**arrays.optional, "intent_ratio": (raised, known)})
    found = discover_in_arrays(changed, ZONE)
    assert computed == [len(arrays)] * 2
    assert_same_claims(found, fresh(changed))


def test_a_setting_the_claims_depend_on_computes_them_again(
    arrays: FactArrays, computed: list[int]
) -> None:
    discover_in_arrays(arrays, ZONE)
    with mock.patch.object(replication, "WINDOW_CHECK", "rescan"):
        discover_in_arrays(arrays, ZONE)
    assert computed == [len(arrays)] * 2


def test_a_full_refresh_computes_the_claims_even_when_remembered(
    arrays: FactArrays, computed: list[int]
) -> None:
    discover_in_arrays(arrays, ZONE)
    fresh(arrays)
    assert computed == [len(arrays)] * 2


def test_young_pieces_ingested_leave_the_claims_looked_up_and_equal_to_a_full_refresh(
    db: Database, computed: list[int]
) -> None:
    # Without likes and comments: the usual comments per like, which every discussion score is
    # relative to, stays as it was (young pieces that move it may move the discussion test's
    # group: the claims are then computed again).
    creator = simulated_creator(db, pieces=150)
    with db.unit_of_work() as s:
        refresh_creator(s, creator, NOW)
    before = len(computed)
    young = [
        replace(r, metrics=replace(r.metrics, likes=None, comments=None))
        for r in young_records(6, seed=5)
    ]
    with db.unit_of_work() as s:
        ingest_records(s, creator, young, now=NOW, source="test")
    assert len(computed) == before  # the ingest's refresh looked them up
    refreshed_equal_to_full(db, creator, NOW)
    assert len(computed) == before + 1  # the full refresh in the check computed them
