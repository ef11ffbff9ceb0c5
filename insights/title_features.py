"""What the creator's titles have in common when pieces do well: "do longer titles do better?".

Each feature a person can act on when writing a title (a number, a question, a two-part title, an
emoji, a hashtag, "I" or "my", a long or a short title) splits the judged pieces in two, and the
scores of the two sides are compared (two-sided Mann-Whitney U). A score already compares a piece
with its own platform, format and era, so titles of different platforms compare like for like.
All features of one question form one family under Benjamini-Hochberg at the pattern engine's
FDR, and a claim needs its minimum lift, as patterns do. It is a comparison of the creator's own
pieces, not proof that the title caused the difference.
"""

from __future__ import annotations

import math
import re
import statistics
import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from insights.filters import check_platform
from insights.group_claims import claimable
from insights.piece_queries import judged_select
from insights.stamped_views import stamped_view
from insights.stats import GroupTest, adjust_pvalues, compare_groups
from insights.view_cache import ViewCache
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

# Built once per creator, platform and data stamp (nothing here depends on the time of asking).
TITLES_CACHE = ViewCache()
LONG_SHARE = 1 / 3  # "long" and "short": the longest and the shortest third by characters
# Compiled once and searched directly: 10,000 titles × 6 features through ``re.search`` spent
# half the time finding each pattern in re's cache.
_FEATURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a number", re.compile(r"\d")),
    ("a question", re.compile(r"\?")),
    ("two parts (a colon or a dash)", re.compile(r":|\s[-–—|]\s")),
    ("an emoji", re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")),
    ("a hashtag", re.compile(r"#\w")),
    ("“I” or “my”", re.compile(r"\b(i|my|me|i'm|im)\b", re.IGNORECASE)),
)


@dataclass(frozen=True)
class TitleFeature:
    """One feature: the judged pieces whose titles have it, and how both sides scored."""

    name: str
    with_it: int
    without: int
    median_with: float | None
    median_without: float | None
    test: GroupTest | None  # None: too few on one side to test
    q_value: float | None = None

    @property
    def claimed(self) -> bool:
        """Beyond chance at the pattern engine's FDR, with its minimum lift the same way."""
        return claimable(self.test, self.q_value)


@dataclass(frozen=True)
class TitleFeatures:
    """Every feature, and how many judged pieces were compared."""

    features: list[TitleFeature]
    judged: int

    @property
    def found(self) -> list[TitleFeature]:
        """The features that made a difference, most certain first."""
        claimed = [f for f in self.features if f.claimed]
        return sorted(claimed, key=lambda f: f.q_value or 0.0)


def title_features(
    session: Session, creator_id: uuid.UUID, now: datetime, platform: str | None = None
) -> TitleFeatures:
    """The creator's title features (on ``platform``, or all) and what each did for scores."""
    wanted = check_platform(platform)
    return stamped_view(
        TITLES_CACHE,
        session,
        creator_id,
        wanted,
        now,
        lambda: (_compare(_judged_titles(session, creator_id, wanted)), None),
    )


def _judged_titles(
    session: Session, creator_id: uuid.UUID, platform: str | None
) -> list[tuple[str, float]]:
    query = judged_select(C.title, P.performance_score, creator_id=creator_id, platform=platform)
    return [(t, s) for t, s in session.execute(query) if s is not None and not math.isnan(s)]


def _compare(rows: list[tuple[str, float]]) -> TitleFeatures:
    splits = [(name, [has.search(t) is not None for t, _ in rows]) for name, has in _FEATURES]
    splits += _length_splits([len(t) for t, _ in rows])
    scores = [s for _, s in rows]
    features = [_feature(name, inside, scores) for name, inside in splits]
    tests = [(at, f.test) for at, f in enumerate(features) if f.test is not None]
    q_values = adjust_pvalues([test.p_value for _, test in tests])
    by_place = {at: q for (at, _), q in zip(tests, q_values, strict=True)}
    return TitleFeatures(
        [replace(f, q_value=by_place.get(at)) for at, f in enumerate(features)], len(rows)
    )


def _length_splits(lengths: list[int]) -> list[tuple[str, list[bool]]]:
    """The longest and the shortest third of titles by characters; titles as long as the next
    one in are left out with it, so a side is at most a third."""
    cut = int(len(lengths) * LONG_SHARE)
    if not cut:
        return []
    ordered = sorted(lengths)
    short_max, long_min = ordered[cut] - 1, ordered[-cut - 1] + 1
    return [
        (f"a long title ({long_min}+ characters)", [n >= long_min for n in lengths]),
        (f"a short title (up to {short_max} characters)", [n <= short_max for n in lengths]),
    ]


def _feature(name: str, inside: list[bool], scores: list[float]) -> TitleFeature:
    group = [s for s, yes in zip(scores, inside, strict=True) if yes]
    rest = [s for s, yes in zip(scores, inside, strict=True) if not yes]
    return TitleFeature(
        name,
        len(group),
        len(rest),
        statistics.median(group) if group else None,
        statistics.median(rest) if rest else None,
        compare_groups(group, rest),
    )
