"""What the ingestion pipeline calls after every write: rescore, themes, patterns and factors.

``refresh_creator`` (after every write) stores only what changed; ``refresh_all`` (``whatsworking
rescore --full`` and the nightly job) deletes and rewrites every insight of the creator.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from insights.availability import insights_of
from insights.collector import collector_paused
from insights.column_cache import keep_columns, resident_columns
from insights.column_facts import column_fact_arrays
from insights.day_cell_diff import LoadPoint, diff_update, load_point
from insights.day_cell_memo import remember_cells
from insights.day_cells import after_refresh, scores_stored
from insights.fact_arrays import FactArrays
from insights.factor_choice import FactorChoice
from insights.factor_memo import (
    Digests,
    Keys,
    Previous,
    forget_factors,
    known_factors,
    remember_factors,
)
from insights.factor_places import Places
from insights.findings import Finding
from insights.gap_counts import column_gaps
from insights.hash_mix import Hashes
from insights.incremental_write import (
    Written,
    drop_unscored_rows,
    stamp_if_written,
    sync_creator_rows,
    sync_piece_rows,
)
from insights.insight_rows import (
    Values,
    delete_insights,
    insert_insights,
    insert_link_columns,
    insight_values,
)
from insights.pattern_memo import fresh_patterns
from insights.pattern_text import figures, pattern_insight, recommendation
from insights.patterns import discover_in_arrays
from insights.piece_columns import PieceColumns, load_columns
from insights.piece_queries import creator_zone
from insights.refresh_memo import coming_of_age, remember, remembered
from insights.score_columns import ScoreColumns, score_columns
from insights.scoring import DEFAULT_SCORING, RANK_TOLERANCE, write_column_scores
from insights.theme_assign import assign_themes
from insights.theme_memo import remember_themes
from insights.theme_sums import refresh_themes
from insights.unscored import remember_unscored
from insights.unscored import unscored as read_unscored
from insights.uuid_array import keys_at
from insights.view_models import Insight

# A piece keeps its three most relevant success and three failure factors: what a person reads
# (and a plan quotes); further ones repeat the story and cost storage and refresh time.
MAX_FACTORS_PER_SIDE = 3
FACTOR_PLACES = 2 * MAX_FACTORS_PER_SIDE  # the most factor rows a piece keeps
FACTOR_CHUNK = 5000
# After a write on PostgreSQL, up to this many pieces, the pattern tests run while the scores and
# day cells are written (their columns then live through the scans): a reply waits on it. Beyond
# it, and in a full refresh (a nightly batch, where CPU and memory count, not the wait), the
# columns are freed first: at a million pieces they would lift the memory peak by a few hundred MB.
OVERLAP_MAX = 200_000
AGE = DEFAULT_SCORING.provisional_age


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did."""

    pieces: int
    rescored: int
    themes: int
    patterns: int
    factors: int
    # Insight rows an incremental refresh deleted or inserted (None: a full refresh rewrote all).
    written: int | None = None
    # When the first provisional piece comes of age: the result holds until then (None: ever).
    until: datetime | None = None


def refresh_creator(session: Session, creator_id: uuid.UUID, now: datetime) -> RefreshResult:
    """The refresh after a write: computed like ``refresh_all``, only the difference stored.

    Every score, theme aggregate, pattern and factor comes out as a full refresh makes it (the
    property test in tests/insights/test_incremental_refresh.py holds the two equal); rows whose
    content did not change are left as they are instead of being deleted and inserted again.
    When nothing changed since this process's last refresh of the creator, nothing is computed
    (insights.refresh_memo).
    """
    done = remembered(session, creator_id, now)
    if isinstance(done, RefreshResult):
        return replace(done, rescored=0, written=0)
    result = _refresh_creator(session, creator_id, now)
    keep_columns(session, creator_id)  # what the next refresh splices its changes into
    remember_unscored(session, creator_id)  # and reads the unscored pieces from
    remember_themes(session, creator_id)  # and whose pieces it need not theme again
    remember(session, creator_id, now, result.until, result)
    after_refresh(session, creator_id, full=False)  # the day cells made current
    remember_cells(session, creator_id)
    return result


def _refresh_creator(session: Session, creator_id: uuid.UUID, now: datetime) -> RefreshResult:
    state = _compute(session, creator_id, now)
    creator_rows = _creator_rows(creator_id, state, now)
    written = sync_creator_rows(session, creator_id, creator_rows)
    # Only pieces whose factors changed since this process stored them are read and compared.
    known = known_factors(session, creator_id)
    order = state.by_id  # rows inserted in id order, as a full refresh stores them
    keys = keys_at(state.facts.ids, order)  # and the memo keeps the pieces in that order
    empty = Digests.empty(FACTOR_PLACES)
    previous, gone = (known or empty).matched(keys)  # one search of the ids for both
    dropped = drop_unscored_rows(session, creator_id, keys, None if known is None else gone)
    written.add(Written(dropped, 0))
    # Factors are links to their patterns: a pattern whose figures moved rewrote only its own
    # row above; a factor changes when the piece's kept factors change.
    choice = state.choice()
    memo = _FactorMemo(keys, choice, order, known, previous)
    with collector_paused():
        for start in range(0, memo.pending.size, FACTOR_CHUNK):
            chunk_at = slice(start, start + FACTOR_CHUNK)
            part = memo.pending[chunk_at]
            rows = choice.rows_of(creator_id, order[part], now)
            held = None if known is None else memo.held(chunk_at)
            places = Places.of(rows, FACTOR_PLACES)
            ids = state.facts.ids
            chunk, digests = sync_piece_rows(session, creator_id, ids, rows, places, held)
            memo.chosen(part, digests, rows.piece_counts(), places)
            written.add(chunk)
    stamp_if_written(session, creator_id, (written.deleted, written.inserted))
    remember_factors(session, creator_id, memo.digests)
    return replace(state.result(memo.factors), written=written.deleted + written.inserted)


def _cleared(rows: NDArray[Any], pending: NDArray[np.int64]) -> NDArray[Any]:
    """``rows`` (copied if read-only) with the rows ``pending`` zero."""
    found = rows if rows.flags.writeable else rows.copy()
    found[pending] = np.zeros((), dtype=rows.dtype)  # an id's zero is 16 zero bytes, not b"0"
    return found


class _FactorMemo:
    """Which pieces' factors a refresh after a write chooses again (``pending``, indices into
    ``order``), and every piece's digests for the factor memo.

    A piece's kept factors, and so its stored rows, are a function of the choice's
    ``signature`` and the piece's own ``piece_inputs`` (and its id). Where both are as the memo
    stored them (trusted: nothing but this transaction wrote since), the piece's rows are the
    stored ones: it is neither chosen, id'd nor compared, and keeps its digest. Anything else
    (no memo, another signature) and every piece is chosen and compared, as before."""

    def __init__(
        self,
        keys: Keys,
        choice: FactorChoice,
        order: NDArray[np.int64],
        known: Digests | None,
        previous: Previous,
    ) -> None:
        count, self._keys = len(order), keys
        self._inputs, self._signature = choice.piece_inputs(order), choice.signature()
        kept = np.zeros(count, dtype=bool)
        if known is not None and known.signature == self._signature:
            kept = previous.known & (previous.inputs == self._inputs)
        self.pending = np.flatnonzero(~kept)
        # The pending pieces as the memo knows them, compared when chosen (none known: not read).
        self._held = previous.take(self.pending if known is not None else self.pending[:0])
        self._digests = np.where(kept, previous.digests, np.uint64(0))
        self._counts = np.where(kept, previous.counts, np.uint8(0))
        # ``previous``'s own rows with the pending pieces cleared: most pieces are kept, and
        # gathering them into new 2-D arrays (by mask or index) cost ~1 ms at 10,000 pieces.
        stored = (previous.hashes, previous.row_ids)
        self._places = Places(*(_cleared(part, self.pending) for part in stored))

    def held(self, at: slice) -> Previous:
        """The stored rows of the pending pieces ``at`` (a slice of ``pending``)."""
        parts: list[Any] = [part[at] for part in self._held]
        return Previous(*parts)

    def chosen(
        self, part: NDArray[np.int64], digests: Hashes, counts: NDArray[np.uint8], places: Places
    ) -> None:
        """The pieces ``part`` were chosen again: their digests, counts of factors and rows."""
        self._digests[part], self._counts[part] = digests, counts
        for mine, theirs in zip(self._places, places, strict=True):
            mine[part] = theirs

    @property
    def factors(self) -> int:
        """How many factor rows the pieces keep in all."""
        return int(self._counts.sum(dtype=np.int64))

    @property
    def digests(self) -> Digests:
        """What the factor memo keeps of this refresh."""
        kept = (self._keys, self._digests, self._inputs, self._counts, self._signature)
        return Digests(*kept, *self._places)


def refresh_all(session: Session, creator_id: uuid.UUID, now: datetime) -> RefreshResult:
    """Rescore, refresh themes, rediscover patterns and replace every stored insight."""
    with fresh_patterns():  # computed, not looked up: what an incremental refresh is held to
        state = _compute(session, creator_id, now, full=True)
    forget_factors(session, creator_id)
    delete_insights(session, creator_id)
    insert_insights(session, _creator_rows(creator_id, state, now))
    factors = _store_factors(session, creator_id, state, now)
    result = state.result(factors)
    remember(session, creator_id, now, result.until, result)
    after_refresh(session, creator_id, full=True)
    return result


@dataclass(frozen=True)
class _State:
    pieces: int
    rescored: int
    themes: int
    gaps: list[Insight]
    facts: FactArrays
    findings: list[Finding]
    tz: ZoneInfo
    until: datetime | None
    by_id: NDArray[np.int64]  # the pieces' positions in the order of their ids

    def choice(self) -> FactorChoice:
        """The choice of every piece's kept factors."""
        return FactorChoice(self.facts, self.findings, MAX_FACTORS_PER_SIDE, self.tz)

    def result(self, factors: int) -> RefreshResult:
        counts = (self.pieces, self.rescored, self.themes, len(self.findings), factors)
        return RefreshResult(*counts, until=self.until)


def _compute(
    session: Session, creator_id: uuid.UUID, now: datetime, *, full: bool = False
) -> _State:
    """Theme, rescore (writing changed scores) and rediscover patterns; insights not stored."""
    # Loading and scoring allocate a few objects per piece (freed by reference counting): each
    # collection they set off walks the whole heap (a tenth of the compute at 10,000 pieces).
    with collector_paused():
        return _computed(session, creator_id, now, full)


def _computed(session: Session, creator_id: uuid.UUID, now: datetime, full: bool) -> _State:
    tz_name, tz = creator_zone(session, creator_id)
    assign_themes(session, creator_id, after_write=not full)  # themed before scored, grouped
    since = None if full else load_point(session, creator_id)  # for the day cells' update
    # Column arrays, not a row object per piece: memory stays flat in the catalogue's size.
    # After a write, those this process kept and the pieces written since (column_cache).
    columns = load_columns(session, creator_id) if full else resident_columns(session, creator_id)
    scores = score_columns(columns, now, DEFAULT_SCORING)
    # Straight into the arrays the pattern tests and the factor choice run on: no per-piece
    # record (a million PieceFacts held 1.4 GB through the factor phase).
    facts = column_fact_arrays(columns, scores, tz)
    pieces, by_id = len(columns), columns.by_id()
    until = _until(columns, scores.provisional)
    # Without the claims' id sets: the factor choice reads their group masks.
    discover = partial(discover_in_arrays, facts, tz_name, members=False)
    if full or pieces > OVERLAP_MAX or not _writes_elsewhere(session):
        stored = _store_scores(session, creator_id, columns, scores, now, since)
        del columns, scores  # freed before the pattern scans, the refresh's memory peak
        findings = discover()
    else:
        # The pattern tests (numpy, and no database) run while the scores are written, mostly
        # the server's time. The tests see what the scores computed, not what is stored.
        with ThreadPoolExecutor(1, thread_name_prefix="patterns") as pool:
            found = pool.submit(copy_context().run, discover)
            stored = _store_scores(session, creator_id, columns, scores, now, since)
            findings = found.result()
    return _State(pieces, *stored, facts, findings, tz, until, by_id)


def _writes_elsewhere(session: Session) -> bool:
    """Whether the database does its writing in another process (PostgreSQL), where the pattern
    tests can run meanwhile. SQLite writes in this process, mostly holding the GIL: beside the
    tests, both took turns on it, and each hand-over cost. Measured at 200 pieces, the import
    took 15-35 ms longer than one after the other. At 10,000 pieces it saved at most a few ms,
    and none with the bot's threads pinned to one CPU."""
    return session.get_bind().dialect.name != "sqlite"


def _until(columns: PieceColumns, provisional: NDArray[np.bool_]) -> datetime | None:
    """When the first provisional piece comes of age (None: none is). Only the earliest
    instant is made a datetime: one per provisional piece cost ~0.4 ms at 10,000 pieces."""
    young = columns.published_us[provisional]
    first = provisional & (columns.published_us == young.min()) if young.size else provisional
    earliest = columns.published_at(first)
    return coming_of_age(earliest, np.ones(len(earliest), dtype=bool), AGE)


def _store_scores(
    session: Session,
    creator_id: uuid.UUID,
    columns: PieceColumns,
    scores: ScoreColumns,
    now: datetime,
    since: LoadPoint | None,
) -> tuple[int, int, list[Insight]]:
    """Write the scores that changed and the theme aggregates; (scores written, themes, the
    gap insights: what the scores could not use, read while the patterns are tested). The day
    cells: after a write (``since`` the columns' load), only their changed days are rebuilt."""
    full = since is None
    tolerance = 0.0 if full else RANK_TOLERANCE  # the full refresh leaves every rank exact
    rescored = write_column_scores(session, creator_id, columns, scores, now, tolerance)
    unscored = read_unscored(session, creator_id, scored=None if full else columns.content_ids)
    themes = refresh_themes(session, creator_id, now, (columns, scores, unscored))
    cells = None
    # Beyond OVERLAP_MAX the diff's arrays would lift the memory peak: rebuilt whole there.
    if since is not None and len(columns) <= OVERLAP_MAX:
        cells = diff_update(columns, scores, since)
    scores_stored(session, creator_id, full, cells)
    return rescored, themes, insights_of(column_gaps(columns, unscored))


def _store_factors(session: Session, creator_id: uuid.UUID, state: _State, now: datetime) -> int:
    """Store each piece's most relevant factors; returns how many rows were written."""
    written = 0
    choice = state.choice()
    # In the order of the pieces' ids: every index the rows go into (the creator's, by piece id,
    # and the foreign key's lookup of the piece) is then walked in order instead of at random,
    # and so is it by the next full refresh's delete (a third less SQLite time for both).
    order = state.by_id
    # Built, stored and dropped a chunk of pieces at a time, so memory does not grow with the
    # creator's size (a million pieces carry millions of factors).
    with collector_paused():
        for start in range(0, state.pieces, FACTOR_CHUNK):
            rows = choice.rows_of(creator_id, order[start : start + FACTOR_CHUNK], now)
            rules, links = rows.links_apart()
            insert_insights(session, rules)
            insert_link_columns(session, creator_id, links, now)
            written += len(rows)
    return written


def _creator_rows(creator_id: uuid.UUID, state: _State, now: datetime) -> list[Values]:
    rows = []
    for finding in state.findings:
        # The unrounded figures too: the factors linking to the pattern quote them.
        pattern = pattern_insight(finding)
        rows.append(insight_values(creator_id, None, pattern, now, figures(finding)))
        advice = recommendation(finding)
        if advice is not None:
            rows.append(insight_values(creator_id, None, advice, now))
    # What the scores could not use (TikTok's saves, …): said once per platform, as an insight.
    rows += [insight_values(creator_id, None, gap, now) for gap in state.gaps]
    return rows
