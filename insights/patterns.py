"""Creator-level patterns found in the data: each a group tested against the rest, FDR-controlled.

Families (see ``insights.pattern_families``): posting windows (a permutation scan), themes,
platforms, formats, engagement quality and retention. Only mature pieces (not provisional) are
tested, and only pieces whose time of day is known count for posting windows. All tests of a
creator form one family whose false-discovery rate is held at ``PatternConfig.fdr`` by two-stage
Benjamini-Hochberg (or plain BH, ``PatternConfig.fdr_method``); a claim also needs a lift of at
least ``min_lift`` in the raw medians, in the same direction as the test, and must replicate:
found on the older pieces, hold on the newer ones (``insights.replication``).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import replace
from itertools import compress

from insights.claim_memo import remembered_claims
from insights.fact_arrays import FactArrays, Mask, fact_arrays
from insights.facts import PieceFacts
from insights.findings import (
    DEFAULT_PATTERNS,
    NO_VALUES,
    NOBODY,
    Finding,
    PatternConfig,
)
from insights.pattern_families import Scope, all_candidates
from insights.pattern_lookups import remembered_outcomes
from insights.replication import FAILED, Replicator
from insights.stats import adjust_pvalues, adjust_pvalues_two_stage

FDR_METHODS = {"two-stage": "two-stage Benjamini-Hochberg", "bh": "Benjamini-Hochberg"}


def _claimable(finding: Finding, q: float, config: PatternConfig) -> bool:
    log_lift = math.log(max(finding.lift, 1e-9))
    agrees = (log_lift > 0) == (finding.test_direction > 0) and finding.test_direction != 0
    return q <= config.fdr and abs(log_lift) >= math.log(config.min_lift) and agrees


def _adjust(p_values: list[float], config: PatternConfig) -> list[float]:
    if config.fdr_method == "bh":
        return adjust_pvalues(p_values)
    return adjust_pvalues_two_stage(p_values, config.fdr)


def discover_patterns(
    facts: Sequence[PieceFacts], timezone: str, config: PatternConfig = DEFAULT_PATTERNS
) -> list[Finding]:
    """Every pattern that survives FDR control at ``config.fdr`` and the minimum lift."""
    # Column arrays by position (insights.fact_arrays): the tests run vectorised over them.
    return discover_in_arrays(fact_arrays(facts), timezone, config)


def discover_in_arrays(
    arrays: FactArrays,
    timezone: str,
    config: PatternConfig = DEFAULT_PATTERNS,
    *,
    members: bool = True,
) -> list[Finding]:
    """``discover_patterns`` of facts already in columns (a refresh builds them so).

    ``members=False``: claims keep only their group mask, ``members`` left empty (the refresh's
    factor choice reads the masks; at a million pieces the id sets held about 160 MB).
    """
    claims = remembered_claims(arrays, timezone, config, lambda: _claims(arrays, timezone, config))
    # The ids for the callers; the outcomes (replication's) are not kept.
    shared: dict[int, frozenset[uuid.UUID]] = {}
    return [
        replace(
            c,
            members=_members(arrays, c.group, shared) if members else frozenset(),
            outcome=NO_VALUES,
            within=NOBODY,
        )
        for c in claims
    ]


def _claims(arrays: FactArrays, timezone: str, config: PatternConfig) -> list[Finding]:
    """The candidates that pass false-discovery control, the lift and replication."""
    outcomes = remembered_outcomes(arrays, config.era_neighbours)
    scope = Scope(arrays, outcomes, config.min_group_size, timezone)
    candidates = all_candidates(scope)
    adjusted = _adjust([c.p_value for c in candidates], config)
    family_data = {
        "tests_in_family": len(candidates),
        "fdr": config.fdr,
        "fdr_method": FDR_METHODS[config.fdr_method],
    }
    claims = [
        replace(c, adjusted_p_value=q, extra={**c.extra, **family_data})
        for c, q in zip(candidates, adjusted, strict=True)
        if _claimable(c, q, config)
    ]
    if config.replication_share > 0 and claims:
        replicator = Replicator(arrays, outcomes, config)
        checked = [(c, replicator.check(c)) for c in claims]
        claims = [
            replace(c, extra={**c.extra, "replication": figures})
            for c, figures in checked
            if figures["status"] != FAILED
        ]
    return claims


def _members(
    facts: FactArrays, group: Mask, shared: dict[int, frozenset[uuid.UUID]]
) -> frozenset[uuid.UUID]:
    """The ids of a group; claims on the same group (a platform's metrics) share one set."""
    found = shared.get(id(group))
    if found is None:
        found = shared[id(group)] = frozenset(compress(facts.ids, group.tolist()))
    return found
