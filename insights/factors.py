"""Per-piece success and failure factors: the creator's patterns that apply, plus the seed's rules.

No factor exists without a pattern behind it, except the seed's absolute rules of thumb
(retention under 30 % = weak hook, over 50 % = strong; engagement under 2 % = low), which say so
in their text and carry ``supporting_data["source"] == "rule_of_thumb"``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from insights.factor_links import factor_insight, piece_data
from insights.facts import PieceFacts
from insights.findings import STRONG_HOOK, WEAK_HOOK, Finding
from insights.insight_rows import relevance_key
from insights.pattern_text import pct
from insights.view_models import Insight

LOW_ENGAGEMENT = 2.0  # percent
RULE_CONFIDENCE = 0.5


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
    """Every piece's factors, uncapped and worded: one per pattern it belongs to, then the rules
    of thumb (what ``FactorChoice`` picks from, spelt out)."""
    factors: dict[uuid.UUID, list[Insight]] = {}
    for piece in facts:
        mine = [pattern_factor(f, piece) for f in findings if _belongs(f, piece)]
        mine += rule_factors(piece, {f.key for f in findings if _belongs(f, piece)})
        if mine:
            factors[piece.content_id] = mine
    return factors


def _belongs(finding: Finding, piece: PieceFacts) -> bool:
    return piece.content_id in finding.members and _applies(finding, piece)


class Link(NamedTuple):
    """A pattern factor as stored: its finding and the piece's own part of the supporting data
    (insights.factor_links fills in the rest from the stored pattern when it is read)."""

    finding: Finding
    data: dict[str, Any]


# Any time of day: a timing factor's title (which ranks it) only tells whether there is one.
_SOME_TIME = datetime(2000, 1, 3, 12, 0)
Rank = tuple[int, bool, int, float, str]
Entry = tuple[Rank, int, Link | Insight]
# Shared by every link without data of its own (never changed): serialised once per batch.
NO_PIECE_DATA: dict[str, Any] = {}


@dataclass(frozen=True)
class _Pattern:
    """One finding as the choice needs it, worked out once per refresh."""

    finding: Finding
    members: frozenset[uuid.UUID]
    checked: bool  # whether ``_applies`` must look at the piece
    timing: bool
    rank_timed: Rank  # its factor's relevance for a piece with a time of day
    rank_untimed: Rank


def _pattern(finding: Finding) -> _Pattern:
    def rank(local_time: datetime | None) -> Rank:
        return relevance_key(factor_insight(finding, local_time))

    checked = finding.family == "platform" and finding.metric != "views"
    timing = finding.family == "timing"
    return _Pattern(finding, finding.members, checked, timing, rank(_SOME_TIME), rank(None))


class FactorChoice:
    """The factors each piece keeps: at most ``per_side`` of each side, the most relevant
    (``insight_rows.most_relevant``'s order), pattern factors as links.

    A pattern factor's relevance (impact, family, confidence, title) is its finding's, the title
    of a timing factor depending only on whether the piece has a time of day: it is worked out
    once per finding, not once per piece.
    """

    def __init__(self, findings: Sequence[Finding], per_side: int) -> None:
        self._patterns = [_pattern(f) for f in findings]
        self._per_side = per_side

    def kept(self, piece: PieceFacts) -> list[Link | Insight]:
        """The factors ``piece`` keeps (stored as a multiset: in no particular order)."""
        cid, local_time = piece.content_id, piece.local_time
        mine = [
            p
            for p in self._patterns
            if cid in p.members and (not p.checked or _applies(p.finding, piece))
        ]
        rules = rule_factors(piece, {p.finding.key for p in mine})
        sides: tuple[list[Entry], list[Entry]] = ([], [])  # success, failure
        for i, p in enumerate(mine):
            rank = p.rank_untimed if local_time is None else p.rank_timed
            sides[not p.finding.is_positive].append((rank, i, _link(p, local_time)))
        for j, rule in enumerate(rules):
            sides[not rule.is_positive].append((relevance_key(rule), len(mine) + j, rule))
        kept: list[Link | Insight] = []
        for side in sides:
            # Orders are unique, so ties keep the factors' own order (findings, then rules).
            kept += [entry[2] for entry in sorted(side)[: self._per_side]]
        return kept


def _link(pattern: _Pattern, local_time: datetime | None) -> Link:
    if pattern.timing and local_time is not None:
        return Link(pattern.finding, piece_data(pattern.finding, local_time))
    return Link(pattern.finding, NO_PIECE_DATA)
