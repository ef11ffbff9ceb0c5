"""YouTube Studio "Content" exports (``Table data.csv``), the current and the older variant."""

from __future__ import annotations

from insights.importing.build import (
    BuildContext,
    finish,
    fraction,
    read_id,
    read_published,
    views_count,
    whole_seconds,
)
from insights.importing.columns import RowView
from insights.importing.spec import ImportFormat
from insights.metrics import SHORT_FORM_MAX_SECONDS
from insights.records import MetricsRecord, PieceRecord

FIELDS = {
    "id": ("content", "video"),
    "title": ("videotitle",),
    "published": ("videopublishtime",),
    "duration": ("duration",),
    "views": ("views", "videoviews"),
    "watch_hours": ("watchtimehours",),
    "subscribers": ("subscribers",),
    "subscribers_gained": ("subscribersgained",),
    "subscribers_lost": ("subscriberslost",),
    "impressions": ("impressions", "thumbnailimpressions"),
    "likes": ("likes",),
    "shares": ("shares",),
    "comments": ("commentsadded", "comments"),
    "percent_viewed": ("averagepercentageviewed", "averageviewed"),
    "view_duration": ("averageviewduration",),
    # Shorts-only metrics: a value in any of them is YouTube's own short-form marker.
    "swiped": ("viewedvsswipedaway",),
    "stayed": ("stayedtowatch",),
    "shown_in_feed": ("showninfeed",),
}
LABELS = {
    "id": "Content",
    "title": "Video title",
    "published": "Video publish time",
    "views": "Views",
}
_SHORTS_MARKERS = ("swiped", "stayed", "shown_in_feed")


def build_row(view: RowView, ctx: BuildContext) -> PieceRecord | None:
    """A Studio row as a piece; the Total row is counted and skipped."""
    if view.text("id").casefold() == "total":
        ctx.tally["total_rows"] += 1
        return None
    platform_id = read_id(view, "id", ctx, "youtube")
    published = read_published(view, "published", ctx)
    duration = whole_seconds(view.duration("duration"), ctx)
    is_short = _is_short(view, duration)
    metrics = _metrics(view, ctx)
    if platform_id is None or published is None:
        return None
    record = PieceRecord(
        platform="youtube",
        platform_id=platform_id,
        content_type="short" if is_short else "video",
        title=view.text("title") or platform_id,
        published_at=published.at,
        publish_time_known=published.time_known,
        duration_seconds=duration,
        metrics=metrics,
        url=youtube_url(platform_id, is_short),
    )
    return finish(view, ctx, record)


def _metrics(view: RowView, ctx: BuildContext) -> MetricsRecord:
    return MetricsRecord(
        views=views_count(view, "views", ctx),
        likes=view.count("likes"),
        comments=view.count("comments"),
        shares=view.count("shares"),
        saves=None,  # YouTube reports no saves
        impressions=view.count("impressions"),
        watch_time_hours=view.number("watch_hours"),
        retention_rate=fraction(view.percent("percent_viewed")),
        avg_view_duration_seconds=view.duration("view_duration"),
        followers_gained=_subscribers_gained(view, ctx),
    )


def _subscribers_gained(view: RowView, ctx: BuildContext) -> int | None:
    """Subscribers gained; Studio's net figure when that is all there is and not negative."""
    gained = view.count("subscribers_gained")
    if gained is not None:
        return gained
    net = view.signed_count("subscribers")
    if net is not None and net < 0:
        # The pipeline stores gains only; a net loss says nothing about how many were gained.
        ctx.tally["net_subscribers_lost"] += 1
        return None
    return net


def _is_short(view: RowView, duration: int | None) -> bool:
    if duration is not None and duration <= SHORT_FORM_MAX_SECONDS:
        return True
    if (view.percent("percent_viewed") or 0) > 100:
        return True  # only looping Shorts are watched past their end on average
    return any((view.percent(field) or 0) > 0 for field in _SHORTS_MARKERS if view.has(field))


def youtube_url(video_id: str, is_short: bool) -> str:
    """The public address of a video or a Short."""
    if is_short:
        return f"https://www.youtube.com/shorts/{video_id}"
    return f"https://www.youtube.com/watch?v={video_id}"


FORMAT = ImportFormat(
    key="youtube-studio",
    label="YouTube Studio export",
    platform="youtube",
    fields=FIELDS,
    required=("id", "title", "published", "views"),
    date_field="published",
    build=build_row,
    labels=LABELS,
)
