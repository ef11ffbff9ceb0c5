"""TikTok tables: analytics exports and Display API dumps, counts often abbreviated (1.6M)."""

from __future__ import annotations

import re

from insights.importing.build import (
    BuildContext,
    finish,
    first_line,
    read_id,
    read_published,
    views_count,
    whole_seconds,
)
from insights.importing.cells import parse_tags
from insights.importing.columns import RowView
from insights.importing.limits import MAX_DESCRIPTION_CHARS
from insights.importing.spec import ImportFormat
from insights.records import MetricsRecord, PieceRecord

FIELDS = {
    "id": ("videoid", "vidid", "id", "itemid", "postid", "awemeid"),
    "link": ("videolink", "link", "shareurl", "url", "permalink"),
    "published": (
        "createtime",
        "vidposttime",
        "createdate",
        "dateposted",
        "posttime",
        "postdate",
        "publishtime",
        "date",
    ),
    "title": (
        "title",
        "videotitle",
        "vidcaption",
        "description",
        "videodescription",
        "caption",
        "desc",
    ),
    "duration": ("duration", "videoduration", "vidduration"),
    "views": ("playcount", "plays", "vidnview", "videoviews", "views", "viewcount", "totalviews"),
    "likes": ("likecount", "likes", "vidnlike", "diggcount", "totallikes"),
    "comments": ("commentcount", "comments", "vidncomment", "totalcomments"),
    "shares": ("sharecount", "shares", "vidnshare", "totalshares"),
    "saves": (
        "savecount",
        "saves",
        "vidnsave",
        "collectcount",
        "favorites",
        "favourites",
        "addtofavorites",
    ),
    "tags": ("vidhashtags", "hashtags", "challenges"),
    "reach": ("reach", "reachedaudience"),
    "avg_watch": ("averagewatchtime", "avgwatchtime", "averagetimewatched"),
    "thumbnail": ("coverimageurl", "cover"),
}
LABELS = {"id": "Video ID", "link": "Video link", "published": "Create time", "views": "Plays"}
# The last four: the third-party scrapers' layout (vid_id, vid_postTime, vid_nview, …).
MARKERS = (
    "playcount",
    "plays",
    "diggcount",
    "collectcount",
    "createtime",
    "totalplaytime",
    "vidnview",
    "vidid",
    "vidposttime",
    "vidnlike",
)
_ID_IN_LINK = re.compile(r"/(?:video|photo)/(\d+)")


def build_row(view: RowView, ctx: BuildContext) -> PieceRecord | None:
    """A TikTok row as a video; short-form when it lasts 60 seconds or less."""
    platform_id = _platform_id(view, ctx)
    published = read_published(view, "published", ctx)
    duration = whole_seconds(view.duration("duration"), ctx)
    metrics = _metrics(view, duration, ctx)
    if platform_id is None or published is None:
        return None
    caption = view.text("title", MAX_DESCRIPTION_CHARS)
    title = first_line(caption)
    if not title:
        ctx.tally["untitled"] += 1
        title = f"TikTok video of {published.at.date().isoformat()}"
    record = PieceRecord(
        platform="tiktok",
        platform_id=platform_id,
        content_type="video",
        title=title,
        published_at=published.at,
        publish_time_known=published.time_known,
        duration_seconds=duration,
        metrics=metrics,
        url=view.text("link") or None,
        thumbnail_url=view.text("thumbnail") or None,
        description=caption or None,
        tags=_hashtags(view),
    )
    return finish(view, ctx, record, retention_field="avg_watch")


def _hashtags(view: RowView) -> tuple[str, ...]:
    """Hashtags as scrapers write them: ``#a #b``, ``a,b`` or a JSON list."""
    text = view.text("tags")
    if text.startswith("#") and not any(s in text for s in "|;,"):
        return tuple(dict.fromkeys(t.lstrip("#") for t in text.split() if t.lstrip("#")))
    return view.read("tags", parse_tags) or ()


def _platform_id(view: RowView, ctx: BuildContext) -> str | None:
    if view.has("id") and view.text("id"):
        return read_id(view, "id", ctx, "tiktok")
    match = _ID_IN_LINK.search(view.text("link"))
    if match is None:
        view.fail("link" if view.has("link") else "id", "holds no TikTok video id")
        return None
    return read_id_from_link(view, ctx, match.group(1))


def read_id_from_link(view: RowView, ctx: BuildContext, platform_id: str) -> str | None:
    """The id found in a video link, refused when another row had it already."""
    first = ctx.seen.setdefault(("tiktok", platform_id), view.where)
    if first != view.where:
        view.fail("link", f"appears twice in the file (first on {first})")
        return None
    return platform_id


def _metrics(view: RowView, duration: int | None, ctx: BuildContext) -> MetricsRecord:
    avg_watch = view.duration("avg_watch")
    retention = None
    if avg_watch is not None and duration:
        retention = avg_watch / duration
    return MetricsRecord(
        views=views_count(view, "views", ctx),
        likes=view.count("likes"),
        comments=view.count("comments"),
        shares=view.count("shares"),
        saves=view.count("saves"),
        reach=view.count("reach"),
        avg_view_duration_seconds=avg_watch,
        retention_rate=retention,
    )


FORMAT = ImportFormat(
    key="tiktok",
    label="TikTok table",
    platform="tiktok",
    fields=FIELDS,
    required=("id|link", "published", "views"),
    date_field="published",
    build=build_row,
    labels=LABELS,
    markers=MARKERS,
)
