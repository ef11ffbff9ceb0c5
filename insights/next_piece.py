"""The brief for the creator's next piece, from the patterns their own pieces support.

"Give me a video idea", "what should I post tomorrow?": each part of the brief is a stored
recommendation (tested against chance, FDR controlled), never a guess. What: the theme that did
better like for like; where: the platform; the format; when: the best posting window; how: the
habits that went with more views (hooks, shares and saves, ...) and the title features that went
with better scores (``insights.title_features``, tested the same way); skip: the themes,
platforms, formats and windows that did worse. The pieces to start from are the creator's
best-scored judged pieces of that theme on that platform (of the theme alone, or the platform
alone, when fewer than two are there). With no recommendation the brief is empty and says only that.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from insights.insight_rows import creator_insights
from insights.piece_queries import creator_zone, scoped, summary_select, to_summary
from insights.stamped_views import stamped_view
from insights.title_features import TitleFeature, title_features
from insights.view_cache import ViewCache
from insights.view_models import Insight, PieceSummary
from insights.views import TIMING_PREFIXES
from storage.models import ContentPerformance as P
from storage.models import ContentPiece as C

NEXT_PIECE_CACHE = ViewCache()
MODELS = 3  # pieces to start from: enough to see what they share, few enough to read
SLOTS = {"theme": "theme:", "platform": "platform:", "format": "format:"}


@dataclass(frozen=True)
class Brief:
    """The parts of the next piece's brief; None or empty where no pattern supports one."""

    timezone: str
    theme: Insight | None
    platform: Insight | None
    format: Insight | None
    window: Insight | None
    habits: tuple[Insight, ...]
    skip: tuple[Insight, ...]
    evidence: dict[str, str]  # pattern key → the pattern's own description, with its figures
    models: tuple[PieceSummary, ...]
    models_theme: str | None  # what the models were chosen by (None: not by theme)
    models_platform: str | None
    titles: tuple[TitleFeature, ...] = ()  # title features that went with better or worse scores

    @property
    def parts(self) -> tuple[Insight, ...]:
        """Every recommendation the brief uses, in the order it names them."""
        slots = (self.theme, self.platform, self.format, self.window)
        return (*(s for s in slots if s is not None), *self.habits, *self.skip)


def next_piece_brief(session: Session, creator_id: uuid.UUID, now: datetime) -> Brief:
    """The brief from the creator's stored recommendations and their best-scored pieces, kept
    per data stamp and timezone (nothing in it depends on the time of asking)."""
    timezone, _ = creator_zone(session, creator_id)
    build = partial(_brief, session, creator_id, timezone, now)
    return stamped_view(
        NEXT_PIECE_CACHE, session, creator_id, timezone, now, lambda: (build(), None)
    )


def _brief(session: Session, creator_id: uuid.UUID, timezone: str, now: datetime) -> Brief:
    stored = creator_insights(session, creator_id)  # patterns and recommendations, one read
    found = [i for i in stored if i.insight_type == "recommendation"]
    evidence = {
        i.pattern_key: i.description
        for i in stored
        if i.insight_type == "pattern" and i.pattern_key
    }
    slots = {name: _first(found, prefix) for name, prefix in SLOTS.items()}
    window = next((r for r in found if _timing(r) and r.is_positive), None)
    habits = tuple(r for r in found if _family(r) is None)
    skip = tuple(r for r in found if _family(r) is not None and not r.is_positive)
    theme = _subject(slots["theme"])
    platform = _platform(slots["platform"])
    models, by_theme, by_platform = _models(session, creator_id, theme, platform)
    titles = tuple(title_features(session, creator_id, now).found)
    return Brief(
        timezone, slots["theme"], slots["platform"], slots["format"], window, habits, skip,
        evidence, models, by_theme, by_platform, titles,
    )  # fmt: skip


def _family(rec: Insight) -> str | None:
    """The slot family of a recommendation: theme, platform, format or timing (None: a habit)."""
    key = rec.pattern_key or ""
    if _timing(rec):
        return "timing"
    return next((name for name, prefix in SLOTS.items() if key.startswith(prefix)), None)


def _timing(rec: Insight) -> bool:
    return (rec.pattern_key or "").startswith(TIMING_PREFIXES)


def _first(found: list[Insight], prefix: str) -> Insight | None:
    """The most important positive recommendation of one slot (views, not a rate: 'platform:x')."""
    for rec in found:
        key = rec.pattern_key or ""
        if rec.is_positive and key.startswith(prefix) and key.count(":") == 1:
            return rec
    return None


def _subject(rec: Insight | None) -> str | None:
    subject = rec.supporting_data.get("subject") if rec else None
    return subject if isinstance(subject, str) else None


def _platform(rec: Insight | None) -> str | None:
    return (rec.pattern_key or "").split(":", 1)[1] if rec else None


def _models(
    session: Session, creator_id: uuid.UUID, theme: str | None, platform: str | None
) -> tuple[tuple[PieceSummary, ...], str | None, str | None]:
    """The best-scored judged pieces by theme and platform, widening while fewer than two."""
    for by_theme, by_platform in ((theme, platform), (theme, None), (None, platform)):
        if by_theme is None and by_platform is None:
            continue
        pieces = _best(session, creator_id, by_theme, by_platform)
        if len(pieces) >= 2:
            return pieces, by_theme, by_platform
    return _best(session, creator_id, None, None), None, None


def _best(
    session: Session, creator_id: uuid.UUID, theme: str | None, platform: str | None
) -> tuple[PieceSummary, ...]:
    """The best-scored judged pieces of the theme and platform (either may be None: any)."""
    _, tz = creator_zone(session, creator_id)
    query = scoped(summary_select(), creator_id, platform=platform, by_score=True)
    query = query.where(P.performance_score.is_not(None), P.is_provisional.is_(False))
    if theme is not None:  # a theme renamed since the patterns were stored matches nothing
        query = query.where(C.theme == theme)
    rows = session.execute(
        query.order_by(P.performance_score.desc(), C.number.desc()).limit(MODELS)
    )
    return tuple(to_summary(row, tz) for row in rows)
