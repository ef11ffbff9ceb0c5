"""Reading and replacing a creator's stored insights (content_insights)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, Text, bindparam, delete, select, union_all
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from insights.factor_links import PATTERN, Patterns, stored_insight
from insights.view_models import Insight
from storage.bulk import bulk_insert_columns, takes_hex_ids
from storage.data_version import touch
from storage.models import ContentInsight

IMPACT_ORDER = {"high": 0, "medium": 1, "low": 2}
CI = ContentInsight


# Plain columns, not ORM entities: the views only read them, and hydration is the larger cost.
_COLUMNS = (
    CI.content_id,
    CI.title,
    CI.description,
    CI.impact_level,
    CI.is_positive,
    CI.insight_type,
    CI.pattern_key,
    CI.confidence,
    CI.is_link,
    CI.figures,
    CI.supporting_data,
)


def rank_key(insight: Insight) -> tuple[int, float, str, str, str]:
    """Most important first: impact, then confidence, then title; description and pattern key
    last, so insights tied on the rest read in one order whatever order they were stored in
    (an incremental and a full refresh store rows in different orders)."""
    impact = IMPACT_ORDER.get(insight.impact_level, 3)
    return (impact, -insight.confidence, insight.title, insight.description, _key(insight))


def _key(insight: Any) -> str:
    return insight.pattern_key or ""


# What explains a piece best, first: when and what it was, then where, then how it engaged.
FAMILY_ORDER = {
    "timing": 0,
    "theme": 1,
    "format": 2,
    "platform": 3,
    "engagement": 4,
    "retention": 5,
}


def factor_key(insight: Insight, positive_first: bool) -> tuple[Any, ...]:
    """Order of a piece's factors: its verdict's side first, then family, then ``rank_key``."""
    family = FAMILY_ORDER.get(str(insight.supporting_data.get("family")), len(FAMILY_ORDER))
    return (insight.is_positive != positive_first, family, *rank_key(insight))


def distinct_titles(ordered: Iterable[Insight]) -> list[Insight]:
    """The factors in order, each title once: two families can word a finding alike ("On
    TikTok" from the platform and the platform-format family), and a person reads it once."""
    seen: set[str] = set()
    kept = []
    for insight in ordered:
        if insight.title not in seen:
            seen.add(insight.title)
            kept.append(insight)
    return kept


def relevance_key(insight: Insight) -> tuple[int, bool, int, float, str]:
    """Which of a piece's factors matter most: impact, patterns before rules of thumb, then the
    family order the views show them in, confidence and title."""
    impact, confidence, title = rank_key(insight)[:3]
    rule = insight.supporting_data.get("source") == "rule_of_thumb"
    family = FAMILY_ORDER.get(str(insight.supporting_data.get("family")), len(FAMILY_ORDER))
    return (impact, rule, family, confidence, title)


def most_relevant(factors: Sequence[Insight], per_side: int) -> list[Insight]:
    """At most ``per_side`` success and ``per_side`` failure factors, the most relevant ones."""
    kept: list[Insight] = []
    for positive in (True, False):
        side = [f for f in factors if f.is_positive is positive]
        kept += sorted(side, key=relevance_key)[:per_side]
    return kept


def creator_insights(session: Session, creator_id: uuid.UUID) -> list[Insight]:
    """The creator-level patterns and recommendations, most important first."""
    rows = session.execute(_creator_level(creator_id))
    return sorted((stored_insight(r) for r in rows), key=rank_key)


def _creator_level(creator_id: uuid.UUID) -> Any:
    return select(*_COLUMNS).where(CI.creator_id == creator_id, CI.content_id.is_(None))


def _of_pieces(creator_id: uuid.UUID, content_ids: Collection[uuid.UUID]) -> Any:
    return select(CI.id, *_COLUMNS).where(
        CI.creator_id == creator_id, CI.content_id.in_(list(content_ids))
    )


def piece_insights(
    session: Session, creator_id: uuid.UUID, content_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Insight]]:
    """The factors of each listed piece, most important first (links filled in from their
    patterns: insights.factor_links)."""
    if not content_ids:
        return {}
    found: dict[uuid.UUID, list[Insight]] = defaultdict(list)
    for row, insight in _rendered(session, creator_id, _of_pieces(creator_id, content_ids)):
        found[row.content_id].append(insight)
    return {cid: sorted(items, key=rank_key) for cid, items in found.items()}


def piece_factors_with_ids(
    session: Session, creator_id: uuid.UUID, content_id: uuid.UUID, insight_type: str
) -> list[tuple[uuid.UUID, Insight]]:
    """(row id, factor) of the piece's factors of one type (success or failure), unordered."""
    stmt = _of_pieces(creator_id, [content_id]).where(CI.insight_type == insight_type)
    return [(row.id, insight) for row, insight in _rendered(session, creator_id, stmt)]


def _rendered(session: Session, creator_id: uuid.UUID, stmt: Any) -> list[tuple[Any, Insight]]:
    """The piece rows ``stmt`` reads, each with what it says.

    The creator's pattern rows come in the same statement (UNION ALL): on PostgreSQL each
    statement sees its own snapshot, and a refresh committing between two reads could fill a
    link in from a pattern row newer than the link.
    """
    rows = session.execute(union_all(stmt, _patterns_of(creator_id))).all()
    patterns = Patterns(r for r in rows if r.content_id is None)
    found = [(row, patterns.insight(row)) for row in rows if row.content_id is not None]
    return [(row, insight) for row, insight in found if insight is not None]


def _patterns_of(creator_id: uuid.UUID) -> Any:
    return select(CI.id, *_COLUMNS).where(
        CI.creator_id == creator_id, CI.content_id.is_(None), CI.insight_type == PATTERN
    )


def insights_for(
    session: Session,
    creator_id: uuid.UUID,
    content_ids: Collection[uuid.UUID],
    *,
    creator_limit: int | None = None,
) -> dict[uuid.UUID | None, list[Insight]]:
    """Creator-level insights (key None; the ``creator_limit`` most important) and the listed
    pieces' factors.

    One read of two index lookups (UNION ALL): an OR of both conditions would make SQLite scan
    every insight row. supporting_data comes as text and is decoded only for insights returned
    (and for the patterns the pieces' links point at).
    """
    params: dict[str, Any] = {"creator_id": creator_id, "ids": list(content_ids)}
    grouped: dict[uuid.UUID | None, list[Any]] = defaultdict(list)
    for row in session.connection().execute(_insights_statement(bool(content_ids)), params):
        grouped[row.content_id].append(row)
    patterns = Patterns(grouped.get(None, ()))
    found: dict[uuid.UUID | None, list[Insight]] = {}
    for key, rows in grouped.items():
        if key is None:
            ranked = sorted(rows, key=_row_rank)[:creator_limit]
            found[key] = [stored_insight(r) for r in ranked]
        else:
            insights = (patterns.insight(r) for r in rows)
            found[key] = sorted((i for i in insights if i is not None), key=rank_key)
    found.setdefault(None, [])
    return found


def _row_rank(row: Any) -> tuple[int, float, str, str, str]:
    """``rank_key`` of a row not turned into an Insight yet."""
    impact = IMPACT_ORDER.get(row.impact_level, 3)
    return (impact, -row.confidence, row.title, row.description, _key(row))


@lru_cache(maxsize=2)
def _insights_statement(with_pieces: bool) -> Any:
    """``insights_for``'s read, built once (Core over the table, parameters bound per call)."""
    table = cast(Table, CI.__table__)
    columns: list[Any] = [table.c[c.key] for c in _COLUMNS[:-2]]
    # Text, not JSON: PostgreSQL's driver would decode every row's, most of them left unread.
    columns += [cast_(table.c[c.key], Text).label(c.key) for c in _COLUMNS[-2:]]
    creator = table.c.creator_id == bindparam("creator_id")
    stmt: Any = select(*columns).where(creator, table.c.content_id.is_(None))
    if with_pieces:
        pieces = table.c.content_id.in_(bindparam("ids", expanding=True))
        stmt = union_all(stmt, select(*columns).where(creator, pieces))
    return stmt


INSERT_COLUMNS = (
    "id",
    "creator_id",
    "content_id",
    "insight_type",
    "pattern_key",
    "title",
    "description",
    "impact_level",
    "is_positive",
    "confidence",
    "is_link",
    "supporting_data",
    "figures",
    "created_at",
)
# A stored row's values: INSERT_COLUMNS without the id.
Values = tuple[Any, ...]


def insight_values(
    creator_id: uuid.UUID,
    content_id: uuid.UUID | None,
    insight: Insight,
    now: datetime,
    figures: dict[str, float] | None = None,
) -> Values:
    """The column values that store ``insight`` (a pattern's with its unrounded ``figures``)."""
    return (
        creator_id,
        content_id,
        insight.insight_type,
        insight.pattern_key,
        insight.title[:255],
        insight.description,
        insight.impact_level,
        insight.is_positive,
        insight.confidence,
        False,
        insight.supporting_data,
        figures,
        now,
    )


def link_values(
    creator_id: uuid.UUID,
    content_id: uuid.UUID,
    pattern_key: str,
    positive: bool,
    data: dict[str, Any],
    now: datetime,
) -> Values:
    """The column values of a pattern factor stored as a link (insights.factor_links): what it
    copies from the pattern is left empty and filled in when read."""
    return (
        creator_id,
        content_id,
        _KINDS[positive],
        pattern_key,
        "",
        "",
        "",
        positive,
        0.0,
        True,
        data,
        None,
        now,
    )


def replace_insights(session: Session, creator_id: uuid.UUID, rows: Sequence[Values]) -> None:
    """Delete every stored insight of the creator and store ``rows`` instead."""
    delete_insights(session, creator_id)
    insert_insights(session, rows)


def delete_insights(session: Session, creator_id: uuid.UUID) -> None:
    """Delete every stored insight of the creator (its data stamp is renewed)."""
    touch(session, [creator_id], pieces=())
    # Core, not an ORM-enabled DELETE: storage's hook for those renews every creator's stamp
    # (it cannot tell whose rows they touch), and this one is already stamped above.
    table: Any = CI.__table__
    session.connection().execute(delete(table).where(table.c.creator_id == creator_id))


def insert_insights(
    session: Session, rows: Sequence[Values], numbers: Sequence[int] | None = None
) -> None:
    """Store ``rows`` (``insight_values``, ``link_values``) with new ids (those of ``numbers``,
    ``storage.row_ids.id_numbers``, row by row, when the caller keeps them); callers renew the
    stamp (``delete_insights``).

    Links (most of a refresh's rows) are stored on their own: the columns their patterns fill
    in hold the same blanks in every link, so the statement carries them once (a refresh's
    372,000 links at 100,000 pieces bind 8 values a row instead of 14).
    """
    if numbers is not None:
        for link, blanks in ((False, ()), (True, _LINK_BLANKS)):
            at = [i for i, row in enumerate(rows) if (row[_IS_LINK] is True) is link]
            if at:
                _insert(session, [rows[i] for i in at], blanks, [numbers[i] for i in at])
        return
    links = [row for row in rows if row[_IS_LINK] is True]
    if len(links) < len(rows):
        _insert(session, [row for row in rows if row[_IS_LINK] is not True])
    if links:
        _insert(session, links, blanks=_LINK_BLANKS)


class LinkColumns(NamedTuple):
    """Links (``link_values``) given a column at a time: each one's piece (its id's 32 hex
    digits), pattern key, side and own data."""

    content_hex: list[str]
    pattern_keys: list[str]
    positive: list[bool]
    data: list[dict[str, Any]]


def insert_link_columns(
    session: Session, creator_id: uuid.UUID, links: LinkColumns, now: datetime
) -> None:
    """Store links given as columns: the rows ``link_values`` makes, without a tuple per link
    or a UUID per piece (a full refresh stores 372,000 at 100,000 pieces)."""
    if not links.pattern_keys:
        return
    content: Sequence[Any] = links.content_hex
    ready: tuple[str, ...] = ("content_id",)
    if not takes_hex_ids(session.connection().dialect):
        content, ready = [uuid.UUID(digits) for digits in content], ()
    kinds = [_KINDS[positive] for positive in links.positive]
    values = [content, kinds, links.pattern_keys, links.positive, links.data]
    blanks = dict(zip(_LINK_BLANKS, ("", "", "", 0.0, True, None), strict=True))
    constant = {"creator_id": creator_id, "created_at": now, **blanks}
    bulk_insert_columns(
        session,
        CI.__table__,  # type: ignore[arg-type]
        ["content_id", "insight_type", "pattern_key", "is_positive", "supporting_data"],
        values,
        repeating=("insight_type", "pattern_key", "is_positive"),
        fresh_ids="id",
        ready=ready,
        constant=constant,
    )


_KINDS = {True: "success_factor", False: "failure_factor"}
_IS_LINK = INSERT_COLUMNS.index("is_link") - 1
# What a link leaves to its pattern (link_values), written once when every link holds the same.
_LINK_BLANKS = ("title", "description", "impact_level", "confidence", "is_link", "figures")
_REPEATING = ("insight_type", "impact_level", "is_positive", "is_link")


def _insert(
    session: Session,
    rows: Sequence[Values],
    blanks: Collection[str] = (),
    numbers: Sequence[int] | None = None,
) -> None:
    names = INSERT_COLUMNS[1:]
    values = list(zip(*rows, strict=True))
    constant = {}
    for name in blanks:
        column = values[names.index(name)]
        if column.count(column[0]) == len(column):
            constant[name] = column[0]
    kept = [i for i, name in enumerate(names) if name not in constant]
    bulk_insert_columns(
        session,
        CI.__table__,  # type: ignore[arg-type]
        [names[i] for i in kept],
        [values[i] for i in kept],
        repeating=[name for name in _REPEATING if name not in constant],
        fresh_ids="id",
        constant=constant,
        numbers=numbers,
    )
