"""How often the creator posts, and whether a piece posted soon after another has done worse.

"How often should I post?" has no general answer; the creator's own data answers two parts of it:
how often they post now (per platform, the last ``RECENT_DAYS`` days), and whether spacing has
mattered so far. Every judged piece is grouped by the days since the previous piece on its platform
(judged or not: a post is a post), and each group is tested against the rest of its platform. A
score already compares a piece with its platform, format and era, so a group scoring lower holds
pieces that did worse than their own peers. All groups of one question form one family under
Benjamini-Hochberg at the pattern engine's FDR, and a claim needs its minimum lift, as patterns do.
"""

from __future__ import annotations

import bisect
import math
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from insights.filters import PLATFORMS, check_platform
from insights.group_claims import claimable
from insights.piece_columns import microseconds
from insights.stamped_views import stamped_view
from insights.stats import GroupTest, adjust_pvalues, compare_groups
from insights.view_cache import ViewCache
from storage.driver_rows import driver_batches
from storage.models import ContentPerformance, ContentPiece

Floats = NDArray[np.float64]

RECENT_DAYS = 90
# Days since the platform's previous piece: a group starts at each edge, named as people say it.
EDGES = (1.0, 3.0, 7.0)
LABELS = ("under a day", "1-2 days", "3-6 days", "a week or more")
DAY = 86_400.0
# Built once per creator, platform and data stamp: a turn at 10,000 pieces reads them all.
CADENCE_CACHE = ViewCache()


@dataclass(frozen=True)
class GapGroup:
    """The judged pieces posted this long after the platform's previous piece."""

    label: str
    pieces: int
    median_score: float


@dataclass(frozen=True)
class PlatformCadence:
    """One platform: how often the creator posts there now, and its pieces by spacing."""

    platform: str
    recent_posts: int  # published in the last RECENT_DAYS days
    typical_gap_days: float | None  # the median gap before those posts; None under two
    groups: list[GapGroup]

    @property
    def per_week(self) -> float:
        """Posts a week over the last RECENT_DAYS days."""
        return self.recent_posts / (RECENT_DAYS / 7)


@dataclass(frozen=True)
class SpacingFinding:
    """A spacing whose pieces scored apart from the rest of their platform, beyond chance."""

    platform: str
    label: str
    test: GroupTest
    q_value: float

    @property
    def better(self) -> bool:
        """The group scored above the rest."""
        return self.test.direction > 0


@dataclass(frozen=True)
class Cadence:
    """Every platform the creator posts on, and the spacings found to matter."""

    platforms: list[PlatformCadence]
    findings: list[SpacingFinding]
    tested: int  # how many groups could be tested (each and its rest had enough pieces)
    days: int = RECENT_DAYS  # the window of the rhythm


def cadence(
    session: Session, creator_id: uuid.UUID, now: datetime, platform: str | None = None
) -> Cadence:
    """The creator's posting rhythm (on ``platform``, or all) as of ``now``."""
    wanted = check_platform(platform)
    return stamped_view(
        CADENCE_CACHE,
        session,
        creator_id,
        wanted,
        now,
        lambda: _build(session, creator_id, wanted, now),
    )


def _build(
    session: Session, creator_id: uuid.UUID, platform: str | None, now: datetime
) -> tuple[Cadence, datetime | None]:
    """The rhythm, and the next instant a post enters or leaves the recent window."""
    posts = _posts(session, creator_id, platform)
    names = [name for name in PLATFORMS if name in posts]
    groups = {name: _by_label(*posts[name]) for name in names}
    found = [_platform(name, posts[name][0], groups[name], now) for name in names]
    tests = [(name, label, test) for name in names for label, test in _tests(groups[name])]
    return Cadence(found, _findings(tests), len(tests)), _valid_until(posts, now)


def _posts(
    session: Session, creator_id: uuid.UUID, platform: str | None
) -> dict[str, tuple[Floats, Floats]]:
    """Per platform, oldest first: every post's instant (epoch seconds) and its score (NaN when
    not judged: unknown figures or too young)."""
    query = (
        select(
            ContentPiece.platform,
            ContentPiece.published_at,
            ContentPerformance.performance_score,
            ContentPerformance.is_provisional,
        )
        .outerjoin(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
        .where(ContentPiece.creator_id == creator_id)
        .order_by(ContentPiece.published_at, ContentPiece.number)
    )
    if platform is not None:
        query = query.where(ContentPiece.platform == platform)
    rows: dict[str, tuple[list[Any], list[float]]] = defaultdict(lambda: ([], []))
    # Below SQLAlchemy (storage.driver_rows): turning 10,000 instants into datetimes one by one
    # took a third of the turn; they become seconds column-wise instead.
    for batch in driver_batches(session, query):
        for where, published, score, provisional in batch:
            instants, scores = rows[where]
            instants.append(published)
            scores.append(math.nan if provisional or score is None else score)
    return {name: (_seconds(t), np.array(s, dtype=float)) for name, (t, s) in rows.items()}


def _seconds(instants: list[Any]) -> Floats:
    """Instants as the driver gave them, as POSIX seconds."""
    seconds: Floats = microseconds(instants).astype(np.float64) / 1e6
    return seconds


def gap_label(days: float) -> str:
    """The spacing group of a gap of ``days``."""
    return LABELS[bisect.bisect_right(EDGES, days)]


def _by_label(times: Floats, scores: Floats) -> dict[str, Floats]:
    """The judged scores of the posts after the first, by the days since the post before (only
    the groups that hold any)."""
    groups = np.searchsorted(EDGES, np.diff(times) / DAY, side="right")
    later, judged = scores[1:], ~np.isnan(scores[1:])
    found = {label: later[judged & (groups == at)] for at, label in enumerate(LABELS)}
    return {label: values for label, values in found.items() if values.size}


def _platform(
    name: str, times: Floats, by_label: dict[str, Floats], now: datetime
) -> PlatformCadence:
    recent = (times >= (now - timedelta(days=RECENT_DAYS)).timestamp()) & (times <= now.timestamp())
    count = int(recent.sum())
    gaps = np.diff(times)[recent[1:]] / DAY
    typical = float(np.median(gaps)) if count >= 2 and gaps.size else None
    groups = [
        GapGroup(label, int(values.size), float(np.median(values)))
        for label, values in by_label.items()
    ]
    return PlatformCadence(name, count, typical, groups)


def _tests(groups: dict[str, Floats]) -> list[tuple[str, GroupTest]]:
    """Each spacing group against the platform's other judged pieces (when both are big enough)."""
    # With two groups, each one's rest is the other: one test says it all (the closer spacing).
    tested = list(groups.items())[:1] if len(groups) == 2 else groups.items()
    found = []
    for label, values in tested:
        rest = np.concatenate([np.zeros(0), *(v for other, v in groups.items() if other != label)])
        test = compare_groups(values, rest)
        if test is not None:
            found.append((label, test))
    return found


def _valid_until(posts: dict[str, tuple[Floats, Floats]], now: datetime) -> datetime | None:
    """The next instant a post enters or leaves the recent window (the rhythm changes then)."""
    window, at = RECENT_DAYS * DAY, now.timestamp()
    times = np.concatenate([t for t, _ in posts.values()]) if posts else np.zeros(0)
    changes = np.concatenate([times[times > at], times[times + window >= at] + window + 1e-6])
    return None if not changes.size else now + timedelta(seconds=float(changes.min()) - at)


def _findings(tests: list[tuple[str, str, GroupTest]]) -> list[SpacingFinding]:
    q_values = adjust_pvalues([test.p_value for *_, test in tests])
    found = [
        SpacingFinding(platform, label, test, q)
        for (platform, label, test), q in zip(tests, q_values, strict=True)
        if claimable(test, q)
    ]
    return sorted(found, key=lambda f: f.q_value)
