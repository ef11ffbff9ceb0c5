"""An Instagram media object (and its insights) as the pipeline's neutral PieceRecord.

A carousel is one piece (its children are slides of it, not pieces). Figures the insights did
not return stay None, and so do counts Instagram leaves out (a like count the owner hid): unknown,
never 0.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from insights.importing.build import first_line
from insights.records import MetricsRecord, PieceRecord

FEED_METRICS = (
    "views",
    "reach",
    "saved",
    "shares",
    "total_interactions",
    "follows",
    "profile_visits",
)
REELS_METRICS = ("views", "reach", "saved", "shares", "total_interactions")


def metrics_for(media: dict[str, Any]) -> tuple[str, ...]:
    """The insight metrics Instagram serves for this kind of media (others are a 400)."""
    return REELS_METRICS if media.get("media_product_type") == "REELS" else FEED_METRICS


def content_type(media: dict[str, Any]) -> str:
    """post, carousel, reel or video, as the Instagram export import names them."""
    kind = media.get("media_type")
    if kind == "CAROUSEL_ALBUM":
        return "carousel"
    if kind == "VIDEO":
        return "reel" if media.get("media_product_type") == "REELS" else "video"
    return "post"


def insight_values(body: dict[str, Any]) -> dict[str, int]:
    """``{"data": [{"name": "reach", "values": [{"value": 12}]}]}`` → ``{"reach": 12}``."""
    found: dict[str, int] = {}
    for item in body.get("data") or []:
        values = item.get("values") or []
        value = item.get("total_value", {}).get("value") if not values else values[0].get("value")
        if isinstance(value, int):
            found[str(item.get("name"))] = value
    return found


def media_record(media: dict[str, Any], insights: dict[str, int]) -> PieceRecord:
    """One media object with its insights."""
    kind = content_type(media)
    published = datetime.fromisoformat(media["timestamp"].replace("+0000", "+00:00"))
    caption = media.get("caption") or ""
    title = first_line(caption) or f"Instagram {kind} of {published.date().isoformat()}"
    return PieceRecord(
        platform="instagram",
        platform_id=str(media["id"]),
        content_type=kind,
        title=title,
        published_at=published,
        publish_time_known=True,
        metrics=MetricsRecord(
            views=insights.get("views"),
            likes=_count(media, "like_count"),
            comments=_count(media, "comments_count"),
            shares=insights.get("shares"),
            saves=insights.get("saved"),
            reach=insights.get("reach"),
            followers_gained=insights.get("follows"),
            profile_visits=insights.get("profile_visits"),
        ),
        url=media.get("permalink"),
        thumbnail_url=media.get("thumbnail_url") or media.get("media_url"),
        description=caption or None,
    )


def _count(media: dict[str, Any], field: str) -> int | None:
    value = media.get(field)
    return None if value is None else int(value)
