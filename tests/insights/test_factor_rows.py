"""A piece's factor digest changes exactly when its stored factor rows would (the memo of stored
factors trusts it to skip reading the pieces whose digest stayed the same)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from insights.fact_arrays import FactArrays
from insights.factor_choice import FactorChoice
from insights.findings import Finding
from insights.refresh import MAX_FACTORS_PER_SIDE
from storage import open_database
from tests.insights.simulated import refreshed, simulated_creator
from tests.support.builders import NOW

Case = tuple[FactArrays, list[Finding], ZoneInfo]
CREATOR = uuid.uuid4()


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """A creator in Berlin time, some pieces without a time of day."""
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('rows') / 'rows.db'}")
    found = refreshed(db, simulated_creator(db, pieces=300, date_only_every=7))
    db.dispose()
    return found.arrays, found.findings, found.tz


def by_piece(facts: FactArrays, findings: list[Finding], tz: ZoneInfo) -> dict[Any, Any]:
    """Each piece's (rows without owner and time, digest); pieces without factors left out."""
    choice = FactorChoice(facts, findings, MAX_FACTORS_PER_SIDE, tz)
    rows = choice.rows_of(CREATOR, np.arange(len(facts)), NOW)
    having, digests = rows.digests()
    content: dict[Any, list[Any]] = {}
    for row in rows:
        content.setdefault(row[1], []).append(row[1:-1])
    assert [facts.ids[p] for p in having.tolist()] == list(content)
    return {piece: (content[piece], digest) for piece, digest in zip(content, digests, strict=True)}


def assert_digests_follow_rows(
    before: dict[Any, Any], after: dict[Any, Any], *, exactly: bool = True
) -> int:
    """Digests differ wherever the rows differ (and, ``exactly``, only there); how many pieces'
    rows changed."""
    changed = 0
    for piece in before.keys() & after.keys():
        (rows, digest), (new_rows, new_digest) = before[piece], after[piece]
        if rows != new_rows:
            assert digest != new_digest, piece
            changed += 1
        elif exactly:
            assert digest == new_digest, piece
    return changed


def test_the_same_factors_digest_the_same_from_another_choice(case: Case) -> None:
    first, second = by_piece(*case), by_piece(*case)
    assert first == second and len(first) > 200


def test_a_rule_of_thumb_s_figure_changes_its_piece_s_digest(case: Case) -> None:
    facts, findings, tz = case
    nudged = dict(facts.optional)
    for name in ("retention_rate", "engagement_rate"):  # the figures the rules quote
        values, known = facts.column(name)
        nudged[name] = (values * 0.9, known)
    moved = by_piece(replace(facts, optional=nudged), findings, tz)
    # Not exactly: a figure a rule rounds away still counts as a change (a piece read again).
    assert assert_digests_follow_rows(by_piece(*case), moved, exactly=False) > 3


def test_a_timing_factor_s_posting_time_and_zone_change_its_piece_s_digest(case: Case) -> None:
    facts, findings, tz = case
    later = replace(facts, published_us=facts.published_us + 1)
    before = by_piece(*case)
    assert assert_digests_follow_rows(before, by_piece(later, findings, tz)) > 3
    elsewhere = by_piece(facts, findings, ZoneInfo("America/New_York"))
    assert assert_digests_follow_rows(before, elsewhere) > 3


def test_a_pattern_s_key_changes_the_digests_of_the_pieces_it_is_a_factor_of(case: Case) -> None:
    facts, findings, tz = case
    before = by_piece(*case)
    kept = {row[2] for rows, _ in before.values() for row in rows}  # the rows' pattern keys
    renamed = [i for i, f in enumerate(findings) if f.key in kept][:5]
    assert len(renamed) == 5
    for i in renamed:
        other = [*findings[:i], replace(findings[i], key=findings[i].key + "x"), *findings[i + 1 :]]
        assert assert_digests_follow_rows(before, by_piece(facts, other, tz)) > 0


def inputs_and_digests(facts: FactArrays, findings: list[Finding], tz: ZoneInfo) -> Any:
    """Every piece's inputs and digest (0: no factors), by position; and the signature."""
    choice = FactorChoice(facts, findings, MAX_FACTORS_PER_SIDE, tz)
    every = np.arange(len(facts))
    rows = choice.rows_of(CREATOR, every, NOW)
    return choice.piece_inputs(every), rows.piece_digests(), choice.signature()


def nudged_pieces(facts: FactArrays, findings: list[Finding]) -> tuple[Any, list[Any], list[int]]:
    """Facts and findings where a few pieces each change one thing of their own the choice
    reads (a group's membership, a figure, whether known, time, provisional); those pieces."""
    moved = [3, 40, 77, 120, 161, 202, 240]
    groups = [f.group.copy() for f in findings]
    for i, group in enumerate(groups[:3]):
        group[moved[i]] = not group[moved[i]]
    optional = dict(facts.optional)
    values, known = (a.copy() for a in facts.column("retention_rate"))
    values[moved[3]] = 0.05 if values[moved[3]] > 0.3 else 0.9
    known[moved[4]] = not known[moved[4]]
    optional["retention_rate"] = (values, known)
    published = facts.published_us.copy()
    published[moved[5]] += 3_600_000_000
    tested = facts.tested[facts.tested != moved[6]]
    if tested.size == facts.tested.size:
        tested = np.sort(np.append(tested, moved[6]))
    changed = replace(facts, optional=optional, published_us=published, tested=tested)
    mine = [replace(f, group=g) for f, g in zip(findings, groups, strict=True)]
    return changed, mine, moved


def test_pieces_with_the_same_inputs_under_one_signature_keep_the_same_rows(case: Case) -> None:
    facts, findings, tz = case
    before, digests, signature = inputs_and_digests(facts, findings, tz)
    changed, mine, moved = nudged_pieces(facts, findings)
    after, new_digests, new_signature = inputs_and_digests(changed, mine, tz)
    assert new_signature == signature  # only the pieces' own numbers moved
    same = before == after
    assert not same[moved].any() and same.sum() == len(facts) - len(moved)
    assert (digests[same] == new_digests[same]).all()  # what a refresh then does not compare
    assert (digests[moved] != new_digests[moved]).sum() >= 3  # some of the moved pieces changed
    assert inputs_and_digests(facts, findings, tz)[0].tolist() == before.tolist()


def test_what_every_piece_s_choice_depends_on_changes_the_signature(case: Case) -> None:
    facts, findings, tz = case
    signature = inputs_and_digests(facts, findings, tz)[2]
    first = findings[0]
    others = [
        [replace(first, key=first.key + "x"), *findings[1:]],
        [replace(first, rest_median=first.rest_median + 1e-9), *findings[1:]],
        [replace(first, lift=1 / first.lift), *findings[1:]],  # its side
        [*findings[1:], first],  # the order ties are broken by
    ]
    for other in others:
        assert inputs_and_digests(facts, other, tz)[2] != signature
    assert inputs_and_digests(facts, findings, ZoneInfo("America/New_York"))[2] != signature
    choice = FactorChoice(facts, findings, MAX_FACTORS_PER_SIDE - 1, tz)
    assert choice.signature() != signature
