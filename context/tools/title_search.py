"""Find a creator's piece by words of its title ("my iPhone review"), fast on big catalogues.

A title scores the summed weight of the query words it contains (as lower-case substrings); a
word weighs ``ln(1 + titles / titles containing it)``, so rare words decide. The best title must
reach half the query's total weight; titles tied for best are all returned so the caller can
ask which one. Counting and scoring run in SQL (two scans, no rows shipped); only a word no
title contains — a typo — loads the creator's vocabulary to find the closest real word.

``rank_titles`` runs the same search over an in-memory list (tests, small callers).
"""

from __future__ import annotations

import difflib
import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from insights.view_cache import Entry, ViewCache
from storage.data_version import read_state
from storage.models import ContentPiece

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    {"my", "the", "a", "an", "of", "on", "in", "to", "for", "and", "or", "is", "was", "it"}
    | {"i", "me", "about", "video", "videos", "post", "posts", "piece", "one", "that", "this"}
    | {"did", "do", "so", "well", "how", "why", "what"}
)
MIN_MATCH = 0.5
TYPO_CUTOFF = 0.8
MIN_TYPO_LENGTH = 4
MAX_HITS = 6
TITLE_CACHE = ViewCache()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a search does not depend on the time of asking


@dataclass(frozen=True)
class PieceHit:
    """A piece a reference resolved to."""

    number: int
    title: str
    why: str | None = None  # how a superlative found it: "your best TikTok of all time"


class Titles(Protocol):
    """Where the titles live: the database (scored in SQL) or a list."""

    def counts(self, wanted: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many titles there are, and how many contain each word."""
        ...

    def vocabulary(self) -> list[str]:
        """Every word of every title (only needed to correct a typo)."""
        ...

    def best(self, weights: dict[str, float], limit: int) -> list[tuple[float, int, str]]:
        """The highest-scoring titles as (score, number, title), best first, newest on ties."""
        ...


def words(text: str) -> list[str]:
    """The meaningful lower-case words of a text, without repeats."""
    return list(dict.fromkeys(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS))


def search(titles: Titles, query: str) -> list[PieceHit]:
    """The titles tied for the best match (empty: nothing matches well enough)."""
    wanted = words(query)
    if not wanted:
        return []
    total, counts = titles.counts(wanted)
    if total == 0:
        return []
    if any(counts[w] == 0 for w in wanted):
        wanted = _corrected(wanted, counts, titles.vocabulary())
        total, counts = titles.counts(wanted)
    weights = {w: math.log(1 + total / max(counts.get(w, 0), 1)) for w in wanted}
    found = {w: weight for w, weight in weights.items() if counts.get(w)}
    # A word no title contains still counts in the total, so noise cannot pass for a match.
    missing = sum(math.log(1 + total) for w in wanted if not counts.get(w))
    return _tied_best(titles.best(found, MAX_HITS), sum(found.values()) + missing)


def _corrected(wanted: list[str], counts: dict[str, int], vocabulary: list[str]) -> list[str]:
    fixed = []
    for word in wanted:
        close = []
        if counts[word] == 0 and len(word) >= MIN_TYPO_LENGTH:
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=TYPO_CUTOFF)
        fixed.append(close[0] if close else word)
    return list(dict.fromkeys(fixed))


def _tied_best(scored: list[tuple[float, int, str]], total_weight: float) -> list[PieceHit]:
    if not scored or total_weight <= 0 or scored[0][0] / total_weight < MIN_MATCH:
        return []
    best = scored[0][0]
    return [PieceHit(n, t) for s, n, t in scored if math.isclose(s, best, rel_tol=1e-9)]


class SqlTitles:
    """One creator's titles, counted and scored by the database."""

    def __init__(self, session: Session, creator_id: uuid.UUID) -> None:
        """Bind to one creator."""
        self.session, self.creator_id = session, creator_id
        # SQLite's LIKE already ignores ASCII case; elsewhere ILIKE (or lower() LIKE) is needed.
        self.plain_like = session.get_bind().dialect.name == "sqlite"

    def _contains(self, word: str) -> Any:
        pattern = f"%{word}%"  # words are [a-z0-9]+: no wildcard to escape
        return (
            ContentPiece.title.like(pattern)
            if self.plain_like
            else ContentPiece.title.ilike(pattern)
        )

    def counts(self, wanted: Sequence[str]) -> tuple[int, dict[str, int]]:
        """One scan: the number of titles and how many contain each word."""
        columns = [func.sum(case((self._contains(w), 1), else_=0)) for w in wanted]
        row = self.session.execute(
            select(func.count(), *columns).where(ContentPiece.creator_id == self.creator_id)
        ).one()
        return int(row[0]), {w: int(n or 0) for w, n in zip(wanted, row[1:], strict=True)}

    def vocabulary(self) -> list[str]:
        """Every distinct word of the creator's titles."""
        query = select(ContentPiece.title).where(ContentPiece.creator_id == self.creator_id)
        return sorted({w for title in self.session.scalars(query) for w in words(title)})

    def best(self, weights: dict[str, float], limit: int) -> list[tuple[float, int, str]]:
        """One scan scoring every title; only the best few come back."""
        if not weights:
            return []
        score = sum(
            (
                case((self._contains(w), literal(weight)), else_=literal(0.0))
                for w, weight in weights.items()
            ),
            start=literal(0.0),
        ).label("score")
        rows = self.session.execute(
            select(score, ContentPiece.number, ContentPiece.title)
            .where(ContentPiece.creator_id == self.creator_id, score > 0)
            .order_by(score.desc(), ContentPiece.number.desc())
            .limit(limit)
        )
        return [(float(s), int(n), str(t)) for s, n, t in rows]


class ListTitles:
    """Titles held in memory, searched exactly like the database does."""

    def __init__(self, titles: Sequence[tuple[int, str]]) -> None:
        """Keep (number, title) pairs."""
        self.titles = [(n, t, t.lower()) for n, t in titles]

    def counts(self, wanted: Sequence[str]) -> tuple[int, dict[str, int]]:
        """The number of titles and how many contain each word."""
        return len(self.titles), {w: sum(w in low for _, _, low in self.titles) for w in wanted}

    def vocabulary(self) -> list[str]:
        """Every distinct word of the titles."""
        return sorted({w for _, title, _ in self.titles for w in words(title)})

    def best(self, weights: dict[str, float], limit: int) -> list[tuple[float, int, str]]:
        """The highest-scoring titles, best first, newest on ties."""
        scored = [
            (sum(weight for w, weight in weights.items() if w in low), n, t)
            for n, t, low in self.titles
        ]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], -s[1]))
        return ranked[:limit]


def search_creator(session: Session, creator_id: uuid.UUID, query: str) -> list[PieceHit]:
    """``search`` over the creator's stored titles, kept until their data stamp changes.

    Titles change only with a write of the creator's pieces, which renews the stamp; the same
    words ("my iPhone review", then "make more like my iPhone review") cost one read after that.
    """
    state = read_state(session, creator_id)
    if state is None:
        return []
    key = ("title_search", creator_id, tuple(words(query)))
    hits = TITLE_CACHE.get(key, state[1], _EPOCH)
    if hits is None:
        hits = tuple(search(SqlTitles(session, creator_id), query))
        TITLE_CACHE.put(key, Entry(state[1], _EPOCH, None, hits))
    return list(hits)


def rank_titles(query: str, titles: Sequence[tuple[int, str]]) -> list[PieceHit]:
    """The in-memory search: the titles tied for the best match."""
    return search(ListTitles(titles), query)
