"""The factors each piece keeps, chosen for a whole chunk of pieces at once over the fact arrays.

A piece keeps at most ``per_side`` success and ``per_side`` failure factors, the most relevant
(``insight_rows.relevance_key``; ties in the order ``factors.piece_factors`` lists them: the
findings, then the rules of thumb), pattern factors as links. ``most_relevant(piece_factors(…))``
is the per-piece reference the tests hold this to.

A candidate is a finding or one of the three rules of thumb. Its relevance is the same for every
piece but for a timing factor's title, which depends only on whether the piece has a time of day:
so the candidates have two orders (pieces with a time of day, pieces without), worked out once.
A chunk is then a matrix, pieces × candidates, of whether each factor applies; sorting each row's
order numbers puts its applicable factors in the order they are kept, and the first ``per_side``
of each side are the kept ones. Python objects are built only for those.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import numpy as np

from insights.fact_arrays import EPOCH, Column, FactArrays, Ints, Mask
from insights.factor_links import factor_insight, piece_data
from insights.factor_rows import FactorRows, hashed
from insights.factors import (
    LOW_ENGAGEMENT,
    NO_PIECE_DATA,
    low_engagement,
    strong_hook,
    weak_hook,
)
from insights.findings import STRONG_HOOK, WEAK_HOOK, Finding
from insights.hash_mix import FOLD, Hashes, mixed
from insights.insight_rows import Values, insight_values, link_values, relevance_key
from insights.view_models import Insight

# Any time of day: a timing factor's title (which ranks it) only tells whether there is one.
_SOME_TIME = datetime(2000, 1, 3, 12, 0)
# Some pieces: a slice of positions, or positions in any order.
Pieces = slice | Ints
# The rules of thumb, after the findings, in ``rule_factors``' order, and the figure each quotes.
RULES = (weak_hook, strong_hook, low_engagement)
_RULE_FIGURES = ("retention_rate", "retention_rate", "engagement_rate")


class Link(NamedTuple):
    """A pattern factor as stored: its finding and the piece's own part of the supporting data
    (insights.factor_links fills in the rest from the stored pattern when it is read)."""

    finding: Finding
    data: dict[str, Any]


class FactorChoice:
    """Which factors the pieces keep (``factors``) and their stored rows (``rows``)."""

    def __init__(
        self, facts: FactArrays, findings: Sequence[Finding], per_side: int, tz: ZoneInfo
    ) -> None:
        self._facts, self._findings, self._per_side, self._tz = facts, findings, per_side, tz
        positive = [f.is_positive for f in findings] + [r(0.0).is_positive for r in RULES]
        rules = [relevance_key(r(0.0)) for r in RULES]  # the same whatever the figure
        orders = [
            _order([relevance_key(factor_insight(f, when)) for f in findings] + rules, positive)
            for when in (_SOME_TIME, None)
        ]
        self._order = np.array(orders, dtype=np.int64).reshape(2, len(positive))
        self._by_order = np.argsort(self._order, axis=1)  # row: with, without a time of day
        self._successes = sum(positive)
        self._provisional = np.ones(len(facts), dtype=bool)
        self._provisional[facts.tested] = False
        self._timing = np.array([f.family == "timing" for f in findings] + [False] * len(RULES))
        self._hashes = _candidate_hashes(findings, tz)

    def rows(self, creator_id: uuid.UUID, start: int, stop: int, now: datetime) -> FactorRows:
        """The stored rows of the factors the pieces at ``start:stop`` keep, piece by piece."""
        return self.rows_of(creator_id, slice(start, stop), now)

    def rows_of(self, creator_id: uuid.UUID, pieces: Pieces, now: datetime) -> FactorRows:
        """``rows`` of the pieces at these positions (a slice, or positions in any order)."""
        positions = _positions(pieces, len(self._facts))
        return FactorRows(self, creator_id, positions, self._kept(pieces), now)

    @property
    def ids(self) -> Sequence[uuid.UUID]:
        """Every piece's id, by position."""
        return self._facts.ids

    def rows_at(
        self,
        creator_id: uuid.UUID,
        ids: Sequence[uuid.UUID],
        kept: tuple[list[int], list[int], list[int]],
        now: datetime,
    ) -> list[Values]:
        """The stored rows of kept factors (links, or rules of thumb's insights): ``kept`` holds
        each one's piece (an index into ``ids``), position and candidate."""
        findings, count, rows = self._findings, len(self._findings), []
        # No Link per factor here: a million pieces keep millions of them.
        for piece, position, candidate in zip(*kept, strict=True):
            if candidate < count:
                finding = findings[candidate]
                data = self._data(finding, position)
                key, positive = finding.key, finding.is_positive
                rows.append(link_values(creator_id, ids[piece], key, positive, data, now))
            else:
                rule = self._rule(candidate, position)
                rows.append(insight_values(creator_id, ids[piece], rule, now))
        return rows

    @property
    def finding_count(self) -> int:
        """How many candidates are findings (stored as links); the rules of thumb follow."""
        return len(self._findings)

    def link_columns(
        self, positions: Ints, candidates: Ints
    ) -> tuple[list[str], list[bool], list[dict[str, Any]]]:
        """What ``rows_at`` makes of links (``candidates`` all findings) at these positions, a
        column at a time: each one's pattern key, side and own data (``_data``)."""
        findings, chosen = self._findings, candidates.tolist()
        keys = list(map([f.key for f in findings].__getitem__, chosen))
        sides = list(map([f.is_positive for f in findings].__getitem__, chosen))
        data = [NO_PIECE_DATA] * len(chosen)
        timed = self._timing[candidates] & (self._facts.week_hour[positions] >= 0)
        for at in np.flatnonzero(timed).tolist():
            data[at] = piece_data(findings[chosen[at]], self._local_time(int(positions[at])))
        return keys, sides, data

    def row_hashes(self, positions: Ints, candidates: Ints) -> Hashes:
        """A hash of each kept factor's row content (its piece's id and the time aside): what
        ``row`` makes of it is a function of the candidate and of these numbers of the piece."""
        f, count = self._facts, len(self._findings)
        timed = self._timing[candidates] & (f.week_hour[positions] >= 0)
        own = np.zeros(len(positions), dtype=np.uint64)
        own[timed] = f.published_us[positions[timed]].view(np.uint64)  # its local time's
        for rule, name in enumerate(_RULE_FIGURES):
            at = candidates == count + rule
            own[at] = f.column(name)[0][positions[at]].view(np.uint64)  # the figure it quotes
        return mixed(self._hashes[candidates] ^ mixed(own + timed.astype(np.uint64)))

    def signature(self) -> bytes:
        """What the choice of every piece depends on beyond the piece's own numbers: each
        finding's key, side, family, metric and rest median, the candidates' orders and row
        hashes (their relevance, the zone), the number kept per side. Two choices with the same
        signature keep the same factors, as the same rows, for pieces with the same inputs."""
        findings = [
            (f.key, f.is_positive, f.family, f.metric, repr(f.rest_median)) for f in self._findings
        ]
        digest = hashlib.blake2b(repr((findings, self._per_side, str(self._tz))).encode())
        for array in (self._order, self._timing, self._hashes):
            digest.update(array.tobytes())
        return digest.digest()

    def piece_inputs(self, positions: Ints) -> Hashes:
        """A hash of everything of its own a piece's kept factors and their rows are made from:
        whether it belongs to each finding's group, whether it has a time of day, its publishing
        instant, its retention and engagement rates (and whether known), whether provisional.
        Under one ``signature``, pieces with the same inputs keep the same factors (``_kept``,
        ``row_hashes`` and ``rows_at`` read nothing else of a piece but its id). Every step is
        a bijection of the running hash, so a change of any one of these always changes it;
        only changes of several at once can collide (2**-64, as the digests)."""
        f, count = self._facts, len(positions)
        weights = mixed(np.arange(1, len(self._findings) + 1, dtype=np.uint64))
        # Summed over every piece, then taken at ``positions`` once (a refresh asks for every
        # piece): a sum of wrapping integers, the same in any order.
        members = np.zeros(len(f), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for finding, weight in zip(self._findings, weights.tolist(), strict=True):
                members += finding.group * np.uint64(weight)
        members = members[positions]
        retention, known = _part(f.column("retention_rate"), positions)
        rate, rated = _part(f.column("engagement_rate"), positions)
        parts = (
            members,
            (f.week_hour[positions] >= 0).astype(np.uint64),
            f.published_us[positions].view(np.uint64),
            retention.view(np.uint64),
            known.astype(np.uint64),
            rate.view(np.uint64),
            rated.astype(np.uint64),
            self._provisional[positions].astype(np.uint64),
        )
        found = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for part in parts:
                found = mixed(found * FOLD ^ part)
        return found

    def factors(self, start: int, stop: int) -> list[tuple[int, Link | Insight]]:
        """(position, factor) of every factor the pieces at ``start:stop`` keep: by piece, then
        success before failure, each side most relevant first."""
        count = len(self._findings)
        return [
            (p, Link(self._findings[c], self._data(self._findings[c], p)))
            if c < count
            else (p, self._rule(c, p))
            for p, c in self._pairs(slice(start, stop))
        ]

    def _pairs(self, pieces: Pieces) -> zip[tuple[int, int]]:
        rows, candidates = self._kept(pieces)
        positions = _positions(pieces, len(self._facts))[rows]
        return zip(positions.tolist(), candidates.tolist(), strict=True)

    def _kept(self, pieces: Pieces) -> tuple[Ints, Ints]:
        """The kept factors in the order they are kept: each one's piece (an index into
        ``pieces``) and candidate number."""
        count = self._order.shape[1]
        timed = self._facts.week_hour[pieces] >= 0
        order = np.where(timed[:, None], self._order[0], self._order[1])
        ranked = np.sort(np.where(self._applies(pieces), order, count), axis=1)
        successes = (ranked < self._successes).sum(axis=1)[:, None]
        applicable = (ranked < count).sum(axis=1)[:, None]
        column = np.arange(count)[None, :]
        first = column < np.minimum(successes, self._per_side)
        failures = (column >= successes) & (
            column < np.minimum(applicable, successes + self._per_side)
        )
        rows, places = np.nonzero(first | failures)
        candidates = self._by_order[np.where(timed[rows], 0, 1), ranked[rows, places]]
        return rows.astype(np.int64), candidates

    def _applies(self, pieces: Pieces) -> Mask:
        """Pieces × candidates: whether the candidate is a factor of the piece."""
        f = self._facts
        belongs = [self._belongs(finding, pieces) for finding in self._findings]
        retention, known = _part(f.column("retention_rate"), pieces)
        rate, rated = _part(f.column("engagement_rate"), pieces)
        rules = [
            known & (retention < WEAK_HOOK) & ~self._taken("retention:weak_hook", belongs, known),
            known
            & (retention > STRONG_HOOK)
            & ~self._taken("retention:strong_hook", belongs, known),
            rated & (rate < LOW_ENGAGEMENT) & ~self._provisional[pieces],
        ]
        found: Mask = np.column_stack(belongs + rules)
        return found

    def _belongs(self, finding: Finding, pieces: Pieces) -> Mask:
        """``factors._belongs`` of every piece: a member, and showing the metric where needed."""
        member = finding.group[pieces]
        if finding.family != "platform" or finding.metric == "views":
            return member
        name = "engagement_rate" if finding.metric == "engagement" else "retention_rate"
        values, known = _part(self._facts.column(name), pieces)
        shows = (
            values >= finding.rest_median if finding.is_positive else values <= finding.rest_median
        )
        found: Mask = member & known & shows
        return found

    def _taken(self, key: str, belongs: list[Mask], like: Mask) -> Mask:
        """Where a finding of ``key`` is already a factor (its rule of thumb then is not)."""
        taken = np.zeros_like(like)
        for finding, mine in zip(self._findings, belongs, strict=True):
            if finding.key == key:
                taken |= mine
        return taken

    def _data(self, finding: Finding, position: int) -> dict[str, Any]:
        """The link's own data: a timing factor's time of posting, when the piece has one."""
        if finding.family != "timing" or self._facts.week_hour[position] < 0:
            return NO_PIECE_DATA
        return piece_data(finding, self._local_time(position))

    def _rule(self, candidate: int, position: int) -> Insight:
        rule = candidate - len(self._findings)
        return RULES[rule](float(self._facts.column(_RULE_FIGURES[rule])[0][position]))

    def _local_time(self, position: int) -> datetime:
        since = timedelta(microseconds=int(self._facts.published_us[position]))
        return (EPOCH + since).astimezone(self._tz)


def _candidate_hashes(findings: Sequence[Finding], tz: ZoneInfo) -> Hashes:
    """What each candidate's rows hold whatever the piece: a link's key and side (and the zone
    a timing link's local time is in), a rule's number."""
    zone = str(tz)
    links = [(f.key, f.is_positive, zone if f.family == "timing" else None) for f in findings]
    kinds = links + [("rule", rule) for rule in range(len(RULES))]
    return np.array([hashed(*kind) for kind in kinds], dtype=np.uint64)


def _order(ranks: list[Any], positive: list[bool]) -> list[int]:
    """Each candidate's place: success factors first, each side by rank, ties by candidate."""
    keys = sorted(range(len(ranks)), key=lambda i: (not positive[i], ranks[i], i))
    place = [0] * len(ranks)
    for at, candidate in enumerate(keys):
        place[candidate] = at
    return place


def _part(column: Column, pieces: Pieces) -> Column:
    """The pieces' part of a figure and of where it is known."""
    return column[0][pieces], column[1][pieces]


def _positions(pieces: Pieces, count: int) -> Ints:
    """The positions ``pieces`` selects, in its order."""
    if isinstance(pieces, slice):
        return np.arange(*pieces.indices(count))
    return pieces
