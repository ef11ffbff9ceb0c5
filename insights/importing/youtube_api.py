"""YouTube Data API v3 dumps of ``videos.list``: flat CSV tables or the JSON responses."""

from __future__ import annotations

from insights.importing.build import (
    BuildContext,
    finish,
    read_id,
    read_published,
    views_count,
    whole_seconds,
)
from insights.importing.cells import parse_tags
from insights.importing.columns import RowView
from insights.importing.spec import ImportFormat
from insights.importing.youtube_studio import youtube_url
from insights.metrics import SHORT_FORM_MAX_SECONDS
from insights.records import MetricsRecord, PieceRecord

FIELDS = {
    "id": ("videoid", "id"),
    "title": ("title", "snippettitle"),
    "published": ("publishedat", "snippetpublishedat"),
    "duration": ("duration", "contentdetailsduration"),
    "views": ("viewcount", "statisticsviewcount"),
    "likes": ("likecount", "statisticslikecount"),
    "comments": ("commentcount", "statisticscommentcount"),
    "tags": ("tags", "snippettags"),
    "description": ("description", "snippetdescription"),
    "thumbnail": ("thumbnail", "thumbnailurl"),
    "live": ("livebroadcastcontent", "snippetlivebroadcastcontent"),
}
LABELS = {"id": "id", "title": "title", "published": "publishedAt", "views": "viewCount"}
_SHORTS_TAG = "#shorts"


def build_row(view: RowView, ctx: BuildContext) -> PieceRecord | None:
    """An API video as a piece; upcoming premieres (no statistics yet) are skipped."""
    if view.text("live").casefold() == "upcoming":
        ctx.tally["upcoming"] += 1
        return None
    platform_id = read_id(view, "id", ctx, "youtube")
    published = read_published(view, "published", ctx)
    duration = whole_seconds(view.duration("duration"), ctx)
    tags = view.read("tags", parse_tags) or ()
    title = view.text("title")
    description = view.text("description")
    if not title:
        view.fail("title", "is empty; every video needs a title", show_value=False)
    metrics = _metrics(view, ctx)
    if platform_id is None or published is None:
        return None
    short = is_short(duration, title, description, tags)
    record = PieceRecord(
        platform="youtube",
        platform_id=platform_id,
        content_type="short" if short else "video",
        title=title,
        published_at=published.at,
        publish_time_known=published.time_known,
        duration_seconds=duration,
        metrics=metrics,
        url=youtube_url(platform_id, short),
        thumbnail_url=view.text("thumbnail") or None,
        description=description or None,
        tags=tags,
    )
    return finish(view, ctx, record)


def _metrics(view: RowView, ctx: BuildContext) -> MetricsRecord:
    likes = view.count("likes")
    if likes is None and not view.failed:
        ctx.tally["likes_hidden"] += 1
    return MetricsRecord(
        views=views_count(view, "views", ctx),
        likes=likes,
        comments=view.count("comments"),
        shares=None,  # the Data API's statistics carry no shares, and YouTube has no saves
        saves=None,
    )


def is_short(duration: int | None, title: str, description: str, tags: tuple[str, ...]) -> bool:
    """A Short: at most a minute long, or marked #shorts in its words or tags."""
    if duration is not None and duration <= SHORT_FORM_MAX_SECONDS:
        return True
    words = f"{title} {description}".casefold()
    return _SHORTS_TAG in words or any(t.casefold() == "shorts" for t in tags)


FORMAT = ImportFormat(
    key="youtube-api",
    label="YouTube Data API dump",
    platform="youtube",
    fields=FIELDS,
    required=("id", "title", "published", "views"),
    date_field="published",
    build=build_row,
    labels=LABELS,
)
