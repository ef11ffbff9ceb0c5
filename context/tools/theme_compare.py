"""Two themes side by side: "compare my vlogs and tutorials", "vlogs vs tutorials".

The compare tool asks here first: when both things compared name the creator's own themes
(without case, singular or plural, "my vlogs" or "vlog videos"), the answer is the two themes'
figures (``insights.themes.list_themes``) and what their stored patterns say against the
creator's other themes, like for like; otherwise it compares two pieces.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from context.formatting import percent, score, views
from context.reply import Headline, Paragraph, Reply, Table
from context.tools.base import ToolResult
from context.tools.theme_platforms import overall_line, theme_pattern
from insights.themes import bare_theme

if TYPE_CHECKING:
    from insights.view_models import ThemeStat

LEADING = ("my ", "the ", "our ")
TRAILING = (" videos", " video", " posts", " post", " pieces", " content", " reels", " shorts")


def _bare(ref: str) -> str:
    """'My Vlog videos' → 'vlog'."""
    text = ref.strip().lower()
    for word in LEADING:
        text = text.removeprefix(word)
    for word in TRAILING:
        text = text.removesuffix(word)
    return bare_theme(text)


def two_themes(
    session: Session, creator_id: uuid.UUID, first: str, second: str
) -> tuple[str, str] | None:
    """The creator's two themes the references name, or None unless both name a different one."""
    from insights.themes import known_themes

    by_bare = {_bare(theme): theme for theme in known_themes(session, creator_id)}
    found = (by_bare.get(_bare(first)), by_bare.get(_bare(second)))
    if found[0] is None or found[1] is None or found[0] == found[1]:
        return None
    return found[0], found[1]


def compare_themes(session: Session, creator_id: uuid.UUID, names: tuple[str, str]) -> ToolResult:
    """The two themes' figures, then each one's pattern against the other themes."""
    from insights.themes import list_themes
    from insights.views import creator_patterns

    stats = [s for s in list_themes(session, creator_id) if s.theme in names]
    patterns = creator_patterns(session, creator_id)
    rows = tuple(
        (s.theme, str(s.content_count), score(s.avg_performance_score),
         percent(s.avg_engagement_rate), views(s.total_views))
        for s in stats
    )  # fmt: skip
    table = Table(("theme", "pieces", "avg score", "engagement", "views"), rows)
    lines = [_lead(stats)] if len(stats) == 2 else []
    lines += [overall_line(name, theme_pattern(patterns, name)) for name in names]
    title = f"{names[0]} against {names[1]}"
    reply = Reply((Headline(title), table, *(Paragraph(line) for line in lines)))
    facts = "; ".join(" ".join(row) for row in rows)
    return ToolResult(f"{title}: {facts}. {' '.join(lines)}", reply)


def _lead(stats: list[ThemeStat]) -> str:
    better, worse = sorted(stats, key=lambda s: -s.avg_performance_score)
    return (
        f"{better.theme} average a score of {score(better.avg_performance_score)} against "
        f"{score(worse.avg_performance_score)} for {worse.theme}; whether that is more than chance "
        "is what each theme's pattern below says."
    )
