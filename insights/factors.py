"""Per-piece success and failure factors: the creator's patterns that apply, plus the seed's rules.

No factor exists without a pattern behind it, except the seed's absolute rules of thumb
(retention under 30 % = weak hook, over 50 % = strong; engagement under 2 % = low), which say so
in their text and carry ``supporting_data["source"] == "rule_of_thumb"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from insights.facts import PieceFacts
from insights.findings import STRONG_HOOK, WEAK_HOOK, Finding
from insights.pattern_text import confidence, factor_sentence, impact_level, pct, supporting_data
from insights.view_models import Insight

LOW_ENGAGEMENT = 2.0  # percent
RULE_CONFIDENCE = 0.5


def _factor_type(positive: bool) -> str:
    return "success_factor" if positive else "failure_factor"


def pattern_factor(finding: Finding, piece: PieceFacts) -> Insight:
    """The factor a creator-level pattern gives one of its pieces."""
    title, description = factor_sentence(finding, piece)
    data = supporting_data(finding)
    if piece.local_time is not None and finding.family == "timing":
        data["posted_local"] = piece.local_time.isoformat()
    return Insight(
        title=title,
        description=description,
        impact_level=impact_level(finding),
        is_positive=finding.is_positive,
        insight_type=_factor_type(finding.is_positive),
        pattern_key=finding.key,
        confidence=confidence(finding),
        supporting_data=data,
    )


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


def rule_factors(piece: PieceFacts, taken: set[str]) -> list[Insight]:
    """The seed's absolute rules that apply to the piece, unless a pattern already covers them."""
    found = []
    retention = piece.retention_rate
    note = "a general rule of thumb, not a pattern found in your data"
    if retention is not None and retention < WEAK_HOOK and "retention:weak_hook" not in taken:
        found.append(
            _rule(
                "retention:weak_hook",
                False,
                "Weak hook (rule of thumb)",
                f"Viewers watched {pct(retention)} of it on average; under 30 % usually means the "
                f"opening loses people ({note}).",
                retention_rate=retention,
                threshold=WEAK_HOOK,
            )
        )
    if retention is not None and retention > STRONG_HOOK and "retention:strong_hook" not in taken:
        found.append(
            _rule(
                "retention:strong_hook",
                True,
                "Strong hook (rule of thumb)",
                f"Viewers watched {pct(retention)} of it on average; over 50 % means the opening "
                f"holds people ({note}).",
                retention_rate=retention,
                threshold=STRONG_HOOK,
            )
        )
    rate = piece.engagement_rate
    if rate is not None and rate < LOW_ENGAGEMENT and not piece.provisional:
        found.append(
            _rule(
                "engagement:low",
                False,
                "Low engagement (rule of thumb)",
                f"Engagement is {rate:.1f} %; under 2 % often means the piece gave viewers little "
                f"reason to react ({note}).",
                engagement_rate=round(rate, 3),
                threshold=LOW_ENGAGEMENT,
            )
        )
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
    """Every piece's factors: one per pattern it belongs to, then the rules of thumb."""
    factors: dict[uuid.UUID, list[Insight]] = {}
    # Only a posting-window factor quotes the piece itself; the others are the same for every
    # piece of the pattern, so each is written once and shared.
    shared: dict[str, Insight] = {}
    for piece in facts:
        mine = []
        for f in findings:
            if piece.content_id not in f.members or not _applies(f, piece):
                continue
            if f.family == "timing":
                mine.append(pattern_factor(f, piece))
            else:
                mine.append(shared.get(f.key) or shared.setdefault(f.key, pattern_factor(f, piece)))
        taken = {f.pattern_key for f in mine if f.pattern_key}
        mine += rule_factors(piece, taken)
        if mine:
            factors[piece.content_id] = mine
    return factors
