"""The project's own documented CSV: one column per field of a piece (see docs/IMPORT.md)."""

from __future__ import annotations

from dataclasses import dataclass

from insights.importing.build import (
    BuildContext,
    finish,
    fraction,
    read_id,
    read_published,
    views_count,
    whole_seconds,
)
from insights.importing.cells import parse_tags, unescape_formula
from insights.importing.columns import RowView
from insights.importing.spec import ImportFormat
from insights.records import MetricsRecord, PieceRecord
from insights.validation import CONTENT_TYPES, MAX_THEME, PLATFORMS

DEFAULT_TYPE = {"youtube": "video", "instagram": "post", "tiktok": "video"}


@dataclass(frozen=True)
class GenericColumn:
    """One column of the generic CSV, as docs/IMPORT.md and the template describe it."""

    name: str
    kind: str
    required: str
    example: str
    meaning: str


COLUMNS = (
    GenericColumn(
        "platform",
        "youtube, instagram or tiktok",
        "yes, unless --platform",
        "youtube",
        "where the piece was published",
    ),
    GenericColumn(
        "platform_id",
        "text",
        "yes",
        "dQw4w9WgXcQ",
        "the platform's id of the piece; a re-import with the same id updates it",
    ),
    GenericColumn(
        "content_type",
        ", ".join(CONTENT_TYPES),
        "no (video; post on Instagram)",
        "video",
        "short and reel are short-form; post and carousel are static",
    ),
    GenericColumn("title", "text", "yes", "How I edit a video in 10 minutes", "title or caption"),
    GenericColumn(
        "published_at",
        "ISO-8601 date or date-time",
        "yes",
        "2024-05-03T17:30:00+02:00",
        "a date alone (2024-05-03) means the time of day is unknown",
    ),
    GenericColumn(
        "duration",
        "seconds, m:ss, h:mm:ss or PT4M13S",
        "no",
        "10:42",
        "60 seconds or less counts as short-form",
    ),
    GenericColumn("views", "whole number", "yes", "12500", "lifetime views or plays"),
    GenericColumn("likes", "whole number", "no", "830", ""),
    GenericColumn("comments", "whole number", "no", "64", ""),
    GenericColumn("shares", "whole number", "no", "21", ""),
    GenericColumn("saves", "whole number", "no", "40", ""),
    GenericColumn("impressions", "whole number", "no", "98000", "times shown"),
    GenericColumn("reach", "whole number", "no", "9100", "unique accounts reached"),
    GenericColumn("watch_time_hours", "decimal number", "no", "1043.5", ""),
    GenericColumn("avg_view_duration", "seconds, m:ss or h:mm:ss", "no", "5:01", ""),
    GenericColumn(
        "avg_percent_viewed",
        "percent",
        "no",
        "46.9",
        "average percentage viewed; above 100 on looping Shorts",
    ),
    GenericColumn(
        "followers_gained", "whole number", "no", "37", "followers or subscribers gained"
    ),
    GenericColumn("profile_visits", "whole number", "no", "120", ""),
    GenericColumn("theme", "text", "no", "editing", "your own topic label"),
    GenericColumn("tags", "text", "no", "editing|premiere pro", "tags separated by a vertical bar"),
    GenericColumn("url", "text", "no", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ""),
    GenericColumn("thumbnail_url", "text", "no", "", ""),
    GenericColumn("description", "text", "no", "", ""),
)
_ALIASES = {"duration": ("durationseconds",), "avg_view_duration": ("avgviewdurationseconds",)}
FIELDS = {c.name: (c.name.replace("_", ""), *_ALIASES.get(c.name, ())) for c in COLUMNS}


def build_row(view: RowView, ctx: BuildContext) -> PieceRecord | None:
    """A generic row as a piece."""
    platform = _platform(view, ctx)
    platform_id = read_id(view, "platform_id", ctx, platform or "?")
    published = read_published(view, "published_at", ctx)
    content_type = _content_type(view, platform)
    title = _text(view, "title")
    if not title:
        view.fail("title", "is empty; every piece needs a title", show_value=False)
    duration = whole_seconds(view.duration("duration"), ctx)
    metrics = _metrics(view, ctx)
    tags = view.read("tags", parse_tags) or ()
    if platform is None or platform_id is None or published is None or content_type is None:
        return None
    record = PieceRecord(
        platform=platform,
        platform_id=platform_id,
        content_type=content_type,
        title=title,
        published_at=published.at,
        publish_time_known=published.time_known,
        duration_seconds=duration,
        metrics=metrics,
        theme=_theme(view),
        tags=tuple(unescape_formula(t) for t in tags),
        url=_text(view, "url") or None,
        thumbnail_url=_text(view, "thumbnail_url") or None,
        description=_text(view, "description") or None,
    )
    return finish(view, ctx, record, retention_field="avg_percent_viewed")


def _text(view: RowView, field: str) -> str:
    return unescape_formula(view.text(field))


def _theme(view: RowView) -> str | None:
    theme = _text(view, "theme")
    if len(theme) > MAX_THEME:
        view.fail("theme", f"is longer than {MAX_THEME} characters")
    return theme or None


def _platform(view: RowView, ctx: BuildContext) -> str | None:
    platform = view.text("platform").casefold() or ctx.platform
    if platform is None:
        view.fail("platform", "is empty; name the platform or pass --platform", show_value=False)
        return None
    if platform not in PLATFORMS:
        view.fail("platform", f"is not one of {', '.join(PLATFORMS)}")
        return None
    if ctx.platform and platform != ctx.platform:
        view.fail("platform", f"differs from --platform {ctx.platform}")
        return None
    return platform


def _content_type(view: RowView, platform: str | None) -> str | None:
    content_type = view.text("content_type").casefold()
    if not content_type:
        return DEFAULT_TYPE.get(platform or "", "video")
    if content_type not in CONTENT_TYPES:
        view.fail("content_type", f"is not one of {', '.join(CONTENT_TYPES)}")
        return None
    return content_type


def _metrics(view: RowView, ctx: BuildContext) -> MetricsRecord:
    return MetricsRecord(
        views=views_count(view, "views", ctx),
        likes=view.count("likes"),
        comments=view.count("comments"),
        shares=view.count("shares"),
        saves=view.count("saves"),
        impressions=view.count("impressions"),
        reach=view.count("reach"),
        watch_time_hours=view.number("watch_time_hours"),
        avg_view_duration_seconds=view.duration("avg_view_duration"),
        retention_rate=fraction(view.percent("avg_percent_viewed")),
        followers_gained=view.count("followers_gained"),
        profile_visits=view.count("profile_visits"),
    )


FORMAT = ImportFormat(
    key="generic",
    label="generic CSV",
    platform=None,
    fields=FIELDS,
    required=("platform_id", "title", "published_at", "views"),
    date_field="published_at",
    build=build_row,
    labels={c.name: c.name for c in COLUMNS},
)
