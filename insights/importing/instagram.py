"""Instagram Graph API media tables (and Meta Business Suite post exports)."""

from __future__ import annotations

from insights.importing.build import (
    BuildContext,
    finish,
    first_line,
    read_id,
    read_published,
    views_count,
    whole_seconds,
)
from insights.importing.columns import RowView
from insights.importing.spec import ImportFormat
from insights.records import MetricsRecord, PieceRecord

FIELDS = {
    "id": ("id", "mediaid", "postid"),
    "published": ("timestamp", "publishtime", "publishedat"),
    "media_type": ("mediatype", "posttype"),
    "product_type": ("mediaproducttype",),
    "caption": ("caption", "description", "title"),
    "url": ("permalink", "url", "link"),
    "thumbnail": ("thumbnailurl", "mediaurl"),
    "likes": ("likecount", "likes"),
    "comments": ("commentscount", "comments", "commentcount"),
    "shares": ("shares", "sharecount"),
    "saves": ("saved", "saves"),
    "reach": ("reach", "accountsreached"),
    "views": ("views", "plays", "videoviews"),
    "impressions": ("impressions",),
    "profile_visits": ("profilevisits",),
    "follows": ("follows",),
    "duration": ("duration", "durationsec", "durationseconds"),
    "avg_watch_ms": ("igreelsavgwatchtime",),
    "total_watch_ms": ("igreelsvideoviewtotaltime",),
}
LABELS = {"id": "id", "published": "timestamp", "media_type": "media_type"}
_TYPES = {
    "image": "post",
    "igimage": "post",
    "carouselalbum": "carousel",
    "igcarousel": "carousel",
    "carousel": "carousel",
    "video": "reel",
    "reel": "reel",
    "reels": "reel",
    "igreel": "reel",
    "story": "story",
    "igstory": "story",
    "igvideo": "video",
}


def build_row(view: RowView, ctx: BuildContext) -> PieceRecord | None:
    """An Instagram media row as a piece: images are posts, videos reels, albums carousels."""
    platform_id = read_id(view, "id", ctx, "instagram")
    published = read_published(view, "published", ctx)
    content_type = _content_type(view)
    metrics = _metrics(view, ctx)
    if platform_id is None or published is None or content_type is None:
        return None
    caption = view.text("caption")
    title = first_line(caption)
    if not title:
        ctx.tally["untitled"] += 1
        title = f"Instagram {content_type} of {published.at.date().isoformat()}"
    record = PieceRecord(
        platform="instagram",
        platform_id=platform_id,
        content_type=content_type,
        title=title,
        published_at=published.at,
        publish_time_known=published.time_known,
        duration_seconds=whole_seconds(view.duration("duration"), ctx),
        metrics=metrics,
        url=view.text("url") or None,
        thumbnail_url=view.text("thumbnail") or None,
        description=caption or None,
    )
    return finish(view, ctx, record)


def _content_type(view: RowView) -> str | None:
    product = view.text("product_type").casefold()
    if product == "story":
        return "story"
    kind = "".join(ch for ch in view.text("media_type").casefold() if ch.isalnum())
    content_type = _TYPES.get(kind)
    if content_type is None:
        view.fail("media_type", "is not IMAGE, VIDEO or CAROUSEL_ALBUM")
    elif content_type == "reel" and product == "feed":
        return "video"
    return content_type


def _metrics(view: RowView, ctx: BuildContext) -> MetricsRecord:
    impressions = view.count("impressions")
    if impressions == 0:
        ctx.tally["impressions_deprecated"] += 1
        impressions = None
    reach = view.count("reach")
    views = _views(view, ctx, reach)
    avg_watch_ms = view.number("avg_watch_ms")
    total_watch_ms = view.number("total_watch_ms")
    metrics = MetricsRecord(
        views=views,
        likes=view.count("likes"),
        comments=view.count("comments"),
        shares=view.count("shares"),
        saves=view.count("saves"),
        reach=reach,
        impressions=impressions,
        profile_visits=view.count("profile_visits"),
        followers_gained=view.count("follows"),
        avg_view_duration_seconds=None if avg_watch_ms is None else avg_watch_ms / 1000,
        watch_time_hours=None if total_watch_ms is None else total_watch_ms / 3_600_000,
    )
    return metrics


def _views(view: RowView, ctx: BuildContext, reach: int | None) -> int | None:
    """Views as Instagram reports them for every format; unknown (never reach) when absent."""
    if view.has("views"):
        return views_count(view, "views", ctx)
    ctx.tally["views_unknown_scored_on_reach" if reach else "views_unreported"] += 1
    return None


FORMAT = ImportFormat(
    key="instagram",
    label="Instagram media table",
    platform="instagram",
    fields=FIELDS,
    required=("id", "published", "media_type"),
    date_field="published",
    build=build_row,
    labels=LABELS,
)
