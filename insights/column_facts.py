"""``insights.facts.build_facts`` over column arrays: the same facts, from a refresh's columns.

``column_fact_arrays`` gives them straight as ``insights.fact_arrays.FactArrays`` (what pattern
discovery and the factor choice run on): a full refresh builds no ``PieceFacts`` per piece (at a
million pieces that list alone was 1.4 GB). ``build_column_facts`` stays the per-piece form the
tests hold both to.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

import numpy as np

from insights.fact_arrays import EPOCH, MICROSECOND, Column, FactArrays, Ints, ratio_logged
from insights.facts import PieceFacts
from insights.piece_columns import Floats, PieceColumns
from insights.score_columns import ScoreColumns, remembered

HOUR = 3_600_000_000  # microseconds
# The ratios the pattern tests take logarithms of (``FactArrays.log_ratio``).
LOGGED_RATIOS = ("view_ratio", "engagement_ratio", "retention_ratio")


def optional(values: Floats) -> list[float | None]:
    """The values as Python floats, NaN as None."""
    return [None if v != v else v for v in values.tolist()]  # NaN is not itself


def build_column_facts(c: PieceColumns, s: ScoreColumns, tz: ZoneInfo) -> list[PieceFacts]:
    """Facts for every scored piece (same order as the columns)."""
    per_like, discussion = _discussion(c)
    known = c.flags["publish_time_known"].tolist()
    published = c.published_at()
    local = [t.astimezone(tz) if k else None for t, k in zip(published, known, strict=True)]
    return list(
        map(
            PieceFacts,
            c.content_ids,
            c.figures["number"].astype(np.int64).tolist(),
            published,
            local,
            c.objects["theme"],
            c.objects["platform"],
            c.objects["format_class"],
            s.provisional.tolist(),
            _view_ratio(s).tolist(),
            optional(s.engagement_ratio),
            optional(s.retention_ratio),
            _log_views(c).tolist(),
            optional(c.engagement_rate),
            optional(c.figures["retention_rate"]),
            optional(per_like),
            optional(c.intent_rate),
            optional(discussion),
            optional(s.intent_ratio),
        )
    )


def column_fact_arrays(c: PieceColumns, s: ScoreColumns, tz: ZoneInfo) -> FactArrays:
    """``fact_arrays(build_column_facts(c, s, tz))``, the same arrays, without the facts."""
    known = c.flags["publish_time_known"]
    optional_figures = {
        "engagement_ratio": s.engagement_ratio,
        "retention_ratio": s.retention_ratio,
        "engagement_rate": c.engagement_rate,
        "retention_rate": c.figures["retention_rate"],
        "discussion_score": _discussion(c)[1],
        "intent_ratio": s.intent_ratio,
    }
    facts = FactArrays(
        ids=c.content_ids,
        tested=np.flatnonzero(~s.provisional).astype(np.int64),
        week_hour=np.where(known, _week_hours(c, tz), -1),
        published_us=c.published_us,
        number=c.figures["number"].astype(np.int64),
        view_ratio=_view_ratio(s),
        log_views=_log_views(c),
        theme=c.theme_codes,
        platform=c.platform_codes,
        format_class=c.format_codes,
        optional={name: _column(values) for name, values in optional_figures.items()},
    )
    if c.memo is not None:  # after a write most ratios are the last refresh's: not logged again
        for name in LOGGED_RATIOS:
            made = remembered(c, f"log {name}", math.log, ratio_logged(facts, name))
            facts.logged[name] = made
    return facts


def _view_ratio(s: ScoreColumns) -> Floats:
    ratio: Floats = np.maximum(s.view_ratio, 1e-6)
    return ratio


def _log_views(c: PieceColumns) -> Floats:
    return remembered(c, "log views", math.log, c.audience + 1.0)


def _discussion(c: PieceColumns) -> tuple[Floats, Floats]:
    """Comments per like and the discussion score of every piece (NaN where unknown)."""
    f = c.figures
    # Both counts are needed (insights.facts): a piece with either unknown counts as 0 and 0.
    both = ~np.isnan(f["likes"]) & ~np.isnan(f["comments"])
    likes, comments = np.where(both, f["likes"], 0.0), np.where(both, f["comments"], 0.0)
    expected = likes * _usual_comments_per_like(c, likes, comments)
    liked = likes != 0
    per_like = np.full(len(c), np.nan)
    per_like[liked] = comments[liked] / likes[liked]
    discussion = np.full(len(c), np.nan)
    discussion[liked] = (comments[liked] - expected[liked]) / np.sqrt(expected[liked] + 1.0)
    return per_like, discussion


def _usual_comments_per_like(c: PieceColumns, likes: Floats, comments: Floats) -> Floats:
    """Each piece's platform's pooled comments ÷ likes (0 where the platform has no likes)."""
    platforms = c.platform_codes
    usual = np.zeros(len(c))
    for code in range(len(platforms.names)):
        mine = platforms.codes == code
        total = likes[mine].sum()
        if total:
            usual[mine] = comments[mine].sum() / total
    return usual


def week_hours(published_us: Ints, tz: ZoneInfo, offsets: Ints | None = None) -> Ints:
    """Each instant's local weekday * 24 + hour (``datetime.astimezone``'s, in whole numbers);
    ``offsets``: the instants' UTC offsets in ``tz`` when already known."""
    offsets = _offsets(published_us, tz) if offsets is None else offsets
    hours = (published_us + offsets) // HOUR
    weekdays = (hours // 24 + 3) % 7  # 1970-01-01 was a Thursday
    week_hours: Ints = weekdays * 24 + hours % 24
    return week_hours


def _week_hours(c: PieceColumns, tz: ZoneInfo) -> Ints:
    """``week_hours`` of the pieces, the offsets of the instants the columns' memo holds for
    the zone not looked up again."""
    if c.memo is None or tz.key is None:  # a zone read from a file has no name to keep it by
        return week_hours(c.published_us, tz)
    offsets = c.memo.computed(f"offsets {tz.key}", c.published_us, lambda us: _offsets(us, tz))
    return week_hours(c.published_us, tz, offsets)


def _offsets(published_us: Ints, tz: ZoneInfo) -> Ints:
    """Each instant's UTC offset in ``tz`` (microseconds), looked up once per hour of them: an
    hour that starts and ends on one offset has it throughout (no zone changes twice an hour)."""
    hours, index = np.unique(published_us // HOUR, return_inverse=True)
    starts = _ints((_offset(h * HOUR, tz) for h in hours.tolist()), hours.size)
    ends = _ints((_offset((h + 1) * HOUR - 1, tz) for h in hours.tolist()), hours.size)
    offsets = starts[index]
    changing = (starts != ends)[index]
    offsets[changing] = [_offset(us, tz) for us in published_us[changing].tolist()]
    return offsets


def _offset(microseconds: int, tz: ZoneInfo) -> int:
    offset = (EPOCH + timedelta(microseconds=microseconds)).astimezone(tz).utcoffset()
    return 0 if offset is None else offset // MICROSECOND


def _ints(values: Iterable[int], n: int) -> Ints:
    return np.fromiter(values, np.int64, n)


def _column(values: Floats) -> Column:
    """NaN (the facts' None) as 0, with where the figure is known."""
    known = ~np.isnan(values)
    return np.where(known, values, 0.0), known
