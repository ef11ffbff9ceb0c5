"""A piece that arrives without a theme takes the inferred theme its words share most.

Clustering every inferred piece's words again for each import cost a third of a second at
10,000 pieces, and could move pieces the creator already knew under one theme to another. So
the last clustering's telling terms per theme are kept (storage.models.ThemeModel) and a new
piece is scored against them: the summed weights of the theme's terms found in its words (its
words and word pairs, as the clustering's vectoriser reads them). No shared term: "Other".
The words are clustered anew once the pieces named this way reach ``RECLUSTER_SHARE`` of the
pieces clustered, so themes follow a catalogue that grows. Both the refresh after a write and
the full refresh follow the same rule on the same stored state, so they theme alike.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from insights.theme_inference import OTHER, WORD_PATTERN, Inferred
from storage.models import ThemeModel

# New pieces named by their terms, as a share of those clustered, that call for a clustering.
RECLUSTER_SHARE = 0.1
_WORDS = re.compile(WORD_PATTERN)
Profiles = Mapping[str, Mapping[str, float]]
_TABLE: Any = ThemeModel.__table__


def terms(text: str) -> set[str]:
    """The words and adjacent word pairs of a text, lower-cased (the vectoriser's terms)."""
    words = _WORDS.findall(text.lower())
    return {*words, *(f"{a} {b}" for a, b in pairwise(words))}


def best_theme(text: str, profiles: Profiles) -> str:
    """The theme whose terms the text shares most (the first by name on a tie), else Other."""
    return Matcher(profiles).theme(text)


class Matcher:
    """``best_theme`` for many texts: each theme's terms indexed by term once."""

    def __init__(self, profiles: Profiles) -> None:
        self.index: dict[str, list[tuple[str, float]]] = {}
        for theme, weights in profiles.items():
            for term, weight in weights.items():
                self.index.setdefault(term, []).append((theme, weight))

    def theme(self, text: str) -> str:
        """The best theme of one text."""
        scores: dict[str, float] = {}
        for term in sorted(terms(text)):  # summed in one order: the same float in any process
            for theme, weight in self.index.get(term, ()):
                scores[theme] = scores.get(theme, 0.0) + weight
        best = min(scores.items(), key=lambda item: (-item[1], item[0]), default=(OTHER, 0.0))
        return best[0] if best[1] > 0 else OTHER


@dataclass(frozen=True)
class Stored:
    """The creator's theme model as stored."""

    clustered: int
    matched: int
    profiles: Profiles


class Model:
    """The creator's stored theme model, and whether new pieces may be matched on it."""

    def __init__(self, session: Session, creator_id: uuid.UUID) -> None:
        self.session, self.creator_id = session, creator_id
        columns = (_TABLE.c.clustered, _TABLE.c.matched, _TABLE.c.profiles)
        row = session.execute(select(*columns).where(_TABLE.c.creator_id == creator_id)).first()
        self.stored = None if row is None else Stored(*row)

    def matches(self, new: int) -> bool:
        """Whether ``new`` unthemed pieces are matched (else every inferred piece is clustered):
        with nothing new the inferred themes stand; else while the model's share allows. A
        clustering that named no theme is a model too (its new pieces are Other): numbered
        titles re-clustered a 10,000-piece channel at every hourly sync."""
        stored = self.stored
        if new == 0:
            return True
        if stored is None:
            return False
        return stored.matched + new <= RECLUSTER_SHARE * stored.clustered

    @property
    def profiles(self) -> Profiles:
        """Each theme's terms and weights."""
        return self.stored.profiles if self.stored is not None else {}

    def matched(self, new: int) -> None:
        """Count ``new`` pieces named by their terms."""
        if new and self.stored is not None:
            self._store(Stored(self.stored.clustered, self.stored.matched + new, self.profiles))

    def clustered(self, pieces: int, inferred: Inferred) -> None:
        """Keep what a clustering of ``pieces`` pieces found."""
        self._store(Stored(pieces, 0, inferred.profiles))

    def _store(self, stored: Stored) -> None:
        owner = _TABLE.c.creator_id == self.creator_id
        self.session.execute(delete(_TABLE).where(owner))
        values = {"clustered": stored.clustered, "matched": stored.matched}
        row = {"creator_id": self.creator_id, **values, "profiles": dict(stored.profiles)}
        self.session.execute(insert(_TABLE).values(**row))
        self.stored = stored
