"""``insights.facts.build_facts`` over column arrays: the same facts, from a refresh's columns."""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

import numpy as np

from insights.facts import PieceFacts
from insights.piece_columns import Floats, PieceColumns
from insights.score_columns import ScoreColumns, mapped


def optional(values: Floats) -> list[float | None]:
    """The values as Python floats, NaN as None."""
    return [None if v != v else v for v in values.tolist()]  # NaN is not itself


def build_column_facts(c: PieceColumns, s: ScoreColumns, tz: ZoneInfo) -> list[PieceFacts]:
    """Facts for every scored piece (same order as the columns)."""
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
    known = c.flags["publish_time_known"].tolist()
    local = [t.astimezone(tz) if k else None for t, k in zip(c.published_at, known, strict=True)]
    return list(
        map(
            PieceFacts,
            c.content_ids,
            f["number"].astype(np.int64).tolist(),
            c.published_at,
            local,
            c.objects["theme"],
            c.objects["platform"],
            c.objects["format_class"],
            s.provisional.tolist(),
            np.maximum(s.view_ratio, 1e-6).tolist(),
            optional(s.engagement_ratio),
            optional(s.retention_ratio),
            mapped(math.log, c.audience + 1.0).tolist(),
            optional(c.engagement_rate),
            optional(f["retention_rate"]),
            optional(per_like),
            optional(c.intent_rate),
            optional(discussion),
            optional(s.intent_ratio),
        )
    )


def _usual_comments_per_like(c: PieceColumns, likes: Floats, comments: Floats) -> Floats:
    """Each piece's platform's pooled comments ÷ likes (0 where the platform has no likes)."""
    platforms = c.objects["platform"]
    usual = np.zeros(len(c))
    for platform in sorted(set(platforms)):
        mine = np.array([p == platform for p in platforms], dtype=bool)
        total = likes[mine].sum()
        if total:
            usual[mine] = comments[mine].sum() / total
    return usual
