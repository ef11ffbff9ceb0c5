"""Per-piece success and failure factors: the creator's patterns that apply, plus the seed's rules.

No factor exists without a pattern behind it, except the seed's absolute rules of thumb
(retention under 30 % = weak hook, over 50 % = strong; engagement under 2 % = low), which say so
in their text and carry ``supporting_data["source"] == "rule_of_thumb"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from insights.factor_links import factor_insight
from insights.facts import PieceFacts
from insights.findings import STRONG_HOOK, WEAK_HOOK, Finding
from insights.pattern_text import pct
from insights.view_models import Insight

LOW_ENGAGEMENT = 2.0  # percent
RULE_CONFIDENCE = 0.5
NOTE = "a general rule of thumb, not a pattern found in your data"
# Shared by every link without data of its own (never changed): serialised once per batch.
NO_PIECE_DATA: dict[str, Any] = {}


def _factor_type(positive: bool) -> str:
    return "success_factor" if positive else "failure_factor"


def pattern_factor(finding: Finding, piece: PieceFacts) -> Insight:
    """The factor a creator-level pattern gives one of its pieces, as a reader gets it."""
    return factor_insight(finding, piece.local_time)


def _rule(key: str, positive: bool, title: str, description: str, **data: object) -> Insight:
    return Insight(
        title=title,
        description=description,
        impact_level="medium",
        is_positive=positive,
        insight_type=_factor_type(positive),
        pattern_key=key,
        confidence=RULE_CONFIDENCE,
        supporting_data={"source": "rule_of_thumb", **data},
    )


def weak_hook(retention: float) -> Insight:
    """The rule of thumb of a retention under 30 %."""
    return _rule(
        "retention:weak_hook",
        False,
        "Weak hook (rule of thumb)",
        f"Viewers watched {pct(retention)} of it on average; under 30 % usually means the "
        f"opening loses people ({NOTE}).",
        retention_rate=retention,
        threshold=WEAK_HOOK,
    )


def strong_hook(retention: float) -> Insight:
    """The rule of thumb of a retention over 50 %."""
    return _rule(
        "retention:strong_hook",
        True,
        "Strong hook (rule of thumb)",
        f"Viewers watched {pct(retention)} of it on average; over 50 % means the opening "
        f"holds people ({NOTE}).",
        retention_rate=retention,
        threshold=STRONG_HOOK,
    )


def low_engagement(rate: float) -> Insight:
    """The rule of thumb of an engagement under 2 %."""
    return _rule(
        "engagement:low",
        False,
        "Low engagement (rule of thumb)",
        f"Engagement is {rate:.1f} %; under 2 % often means the piece gave viewers little "
        f"reason to react ({NOTE}).",
        engagement_rate=round(rate, 3),
        threshold=LOW_ENGAGEMENT,
    )


def rule_factors(piece: PieceFacts, taken: set[str]) -> list[Insight]:
    """The seed's absolute rules that apply to the piece, unless a pattern already covers them."""
    found = []
    retention = piece.retention_rate
    if retention is not None and retention < WEAK_HOOK and "retention:weak_hook" not in taken:
        found.append(weak_hook(retention))
    if retention is not None and retention > STRONG_HOOK and "retention:strong_hook" not in taken:
        found.append(strong_hook(retention))
    rate = piece.engagement_rate
    if rate is not None and rate < LOW_ENGAGEMENT and not piece.provisional:
        found.append(low_engagement(rate))
    return found


def _applies(finding: Finding, piece: PieceFacts) -> bool:
    """A platform's engagement or retention pattern is a factor only where the piece shows it."""
    if finding.family != "platform" or finding.metric == "views":
        return True
    own = piece.engagement_rate if finding.metric == "engagement" else piece.retention_rate
    if own is None:
        return False
    return own >= finding.rest_median if finding.is_positive else own <= finding.rest_median


def piece_factors(
    facts: Sequence[PieceFacts], findings: Sequence[Finding]
) -> dict[uuid.UUID, list[Insight]]:
    """Every piece's factors, uncapped and worded: one per pattern it belongs to, then the rules
    of thumb (what ``insights.factor_choice`` picks from, spelt out: the tests' reference)."""
    factors: dict[uuid.UUID, list[Insight]] = {}
    for piece in facts:
        mine = [pattern_factor(f, piece) for f in findings if _belongs(f, piece)]
        mine += rule_factors(piece, {f.key for f in findings if _belongs(f, piece)})
        if mine:
            factors[piece.content_id] = mine
    return factors


def _belongs(finding: Finding, piece: PieceFacts) -> bool:
    return piece.content_id in finding.members and _applies(finding, piece)
