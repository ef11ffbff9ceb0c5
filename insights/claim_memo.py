"""A discovery's claims looked up whole while the tested pieces' figures stay the same.

Every claim (its test, its false-discovery adjustment, its replication figures) is a function of
the tested pieces' figures alone, in their order, of the settings and of the time zone; only its
group (who belongs, tested or provisional) reads the untested pieces too. An hourly sync brings
young, provisional pieces and changes no tested one: the claims are then looked up by one digest
of the tested figures, and each group is read again off the new facts by its rule
(``pattern_families.Rule``). The quality family's figures move with any write (the discussion
score is relative to every piece's comments per like): the key holds only who among the tested
pieces is in each top third, and a claim's threshold is read again with its group. At 10,000
pieces a lookup costs about 2 ms, where building every family's inputs to look up their parts
(``insights.pattern_lookups``) took about fifteen.

Like the parts, a full refresh (``fresh_patterns``) computes the claims and only remembers them;
they are kept in the pattern memo (``pattern_memo.MEMO``, bounded) without their groups, and a
discovery whose claims lack a rule is not remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from insights import era, replication, timing
from insights.fact_arrays import OPTIONAL, Codes, FactArrays, Ints, Mask
from insights.findings import NO_VALUES, NOBODY, Finding, GroupRule, PatternConfig
from insights.pattern_families import TOP_THIRDS, top_third
from insights.pattern_memo import MEMO, SMALL_ENTRY_BYTES, digest_of, looking_up

_TOP_FIGURES = tuple(figure for _, _, figure in TOP_THIRDS)


def claims_key(facts: FactArrays, timezone: str, config: PatternConfig) -> bytes:
    """A digest of everything the claims read but their groups: the tested pieces' figures (in
    their order) and coded fields (with the names of their codes), the top thirds the quality
    family reads (``_top_thirds``), the thresholds, the time zone and the settings."""
    return digest_of("claims", _key_parts(facts, timezone, config))


def _key_parts(facts: FactArrays, timezone: str, config: PatternConfig) -> Iterator[object]:
    """The parts of ``claims_key``, each gathered when it is hashed."""
    t = facts.tested
    coded = (facts.theme, facts.platform, facts.format_class)
    yield from (timezone, config, _settings())
    yield from (_names(c, t) for c in coded)
    yield from (c.codes[t] for c in coded)
    for values in (facts.week_hour, facts.published_us, facts.number):
        yield values[t]
    for figures in (facts.view_ratio, facts.log_views):
        yield figures[t]
    for name in OPTIONAL:
        if name not in _TOP_FIGURES:
            yield from (part[t] for part in facts.column(name))
    yield from _top_thirds(facts)


def _names(coded: Codes, tested: Ints) -> list[str | None]:
    """The names of the codes the tested pieces may hold (codes go by first appearance: a new
    piece's new theme only adds a name after them)."""
    return coded.names[: int(coded.codes[tested].max()) + 1] if tested.size else []


def _top_thirds(facts: FactArrays) -> Iterator[object]:
    """What the tests of the quality family read of its figures: who among the tested pieces is
    in each top third. The figures themselves move with every write (the discussion score is
    relative to the usual comments per like of every piece, young ones too), and so does the
    threshold shown with a claim: it is read again with the group (``Rule.read``)."""
    for figure in _TOP_FIGURES:
        top = top_third(facts, figure)
        yield None if top is None else top[1][facts.tested]


def _settings() -> tuple[object, ...]:
    """The module settings the claims depend on (read when called: tests and benches set them)."""
    return (
        era.PATTERN_DETREND,
        era.EDGE_CORRECTION,
        replication.WINDOW_CHECK,
        timing.MAX_PERMUTATIONS,
        timing.BATCH,
        timing.EARLY_STOP_EXCEEDANCES,
    )


def remembered_claims(
    facts: FactArrays, timezone: str, config: PatternConfig, compute: Callable[[], list[Finding]]
) -> list[Finding]:
    """``compute()``, looked up when the tested pieces' figures did not move; a looked-up claim's
    group is its rule read off ``facts`` (claims of one rule share the mask)."""
    key = claims_key(facts, timezone, config)
    kept: tuple[Finding, ...] | None = MEMO.peek(key) if looking_up() else None
    if kept is None:
        claims = compute()
        if all(c.rule is not None for c in claims):
            detached = tuple(_detached(c) for c in claims)
            MEMO.put(key, detached, SMALL_ENTRY_BYTES * (1 + len(detached)))
        return claims
    groups: dict[GroupRule, tuple[Mask, dict[str, Any]]] = {}
    found = []
    for claim in kept:
        assert claim.rule is not None  # only claims with a rule are kept
        read = groups.get(claim.rule)
        if read is None:
            read = groups[claim.rule] = claim.rule.read(facts)
        extra = _copied(claim.extra)
        extra.update(read[1])
        found.append(replace(claim, group=read[0], extra=extra))
    return found


def _detached(claim: Finding) -> Finding:
    """The claim without its arrays (they have the length of the facts) and with its own
    supporting data (the caller's copy may be changed)."""
    return replace(
        claim, group=NOBODY, outcome=NO_VALUES, within=NOBODY, extra=_copied(claim.extra)
    )


def _copied(value: Any) -> Any:
    """A copy of supporting data (dictionaries and lists of plain values, nested), a fraction of
    ``copy.deepcopy``'s time."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copied(v) for v in value]
    return value
