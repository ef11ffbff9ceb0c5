"""Response bodies of the fake YouTube Data API v3 list calls and Analytics v2 reports.query."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.support.fakes.google_state import FakeVideo, GoogleState, google_error

MAX_RESULTS = 50
MAX_IDS = 50
ANALYTICS_MAX_RESULTS = 200
Answer = tuple[int, dict[str, Any]]


def channels(state: GoogleState, params: dict[str, str]) -> Answer:
    """channels.list with mine=true: the authorised user's channel."""
    if params.get("mine") != "true":
        return 400, google_error(400, "missingRequiredParameter", "mine=true expected by the fake")
    parts = set(params["part"].split(","))
    item: dict[str, Any] = {"kind": "youtube#channel", "etag": "e", "id": state.channel_id}
    if "snippet" in parts:
        item["snippet"] = {
            "title": state.channel_title,
            "description": "",
            "publishedAt": "2020-01-01T00:00:00Z",
        }
    if "contentDetails" in parts:
        item["contentDetails"] = {
            "relatedPlaylists": {"likes": "", "uploads": state.uploads_playlist}
        }
    if "statistics" in parts:
        item["statistics"] = {
            "videoCount": str(len(state.videos)),
            "viewCount": "0",
            "subscriberCount": "10",
        }
    return 200, _list("youtube#channelListResponse", [item], total=1)


def playlist_items(state: GoogleState, params: dict[str, str]) -> Answer:
    """playlistItems.list of the uploads playlist, newest first, paged by pageToken."""
    if params.get("playlistId") != state.uploads_playlist:
        return 404, google_error(
            404,
            "playlistNotFound",
            "The playlist identified with the request's playlistId parameter cannot be found.",
            "youtube.playlistItem",
        )
    size = int(params.get("maxResults", "5"))
    if not 0 <= size <= MAX_RESULTS:
        return 400, google_error(400, "invalidValue", "Invalid value for maxResults")
    start = _page_start(params.get("pageToken"))
    newest_first = sorted(state.videos, key=lambda v: v.published_at, reverse=True)
    page = newest_first[start : start + size]
    items = [
        {
            "kind": "youtube#playlistItem",
            "etag": "e",
            "id": f"pl{video.id}",
            "contentDetails": {"videoId": video.id, "videoPublishedAt": _iso(video)},
        }
        for video in page
    ]
    body = _list("youtube#playlistItemListResponse", items, total=len(state.videos), per_page=size)
    if start + size < len(newest_first):
        body["nextPageToken"] = f"p{start + size}"
    if start:
        body["prevPageToken"] = f"p{max(start - size, 0)}"
    return 200, body


def videos(state: GoogleState, params: dict[str, str]) -> Answer:
    """videos.list by id (at most 50); unknown ids are left out, as YouTube does."""
    ids = [i for i in params.get("id", "").split(",") if i]
    if len(ids) > MAX_IDS:
        return 400, google_error(400, "invalidValue", "Too many ids (at most 50)")
    by_id = {video.id: video for video in state.videos}
    items = [_video(by_id[i], params["part"]) for i in ids if i in by_id]
    return 200, _list("youtube#videoListResponse", items, total=len(items))


def _video(video: FakeVideo, part: str) -> dict[str, Any]:
    parts = set(part.split(","))
    item: dict[str, Any] = {"kind": "youtube#video", "etag": "e", "id": video.id}
    if "snippet" in parts:
        item["snippet"] = {
            "publishedAt": _iso(video),
            "channelId": "UC",
            "title": video.title,
            "description": video.description,
            "thumbnails": {
                "default": {
                    "url": f"https://i.ytimg.com/vi/{video.id}/default.jpg",
                    "width": 120,
                    "height": 90,
                }
            },
            "liveBroadcastContent": "none",
        }
        if video.tags:
            item["snippet"]["tags"] = list(video.tags)
    if "contentDetails" in parts:
        item["contentDetails"] = {"duration": video.duration, "dimension": "2d", "definition": "hd"}
    if "statistics" in parts:
        stats = {
            "viewCount": str(video.views),
            "favoriteCount": "0",
            "commentCount": str(video.comments),
        }
        if video.likes is not None:  # hidden like counts are left out
            stats["likeCount"] = str(video.likes)
        item["statistics"] = stats
    return item


def analytics_report(state: GoogleState, params: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    """reports.query: per-video totals (dimensions=video) or per-day views (dimensions=day)."""
    if params.get("ids") != "channel==MINE":
        return 403, google_error(403, "forbidden", "Forbidden"), {}
    start, end = date.fromisoformat(params["startDate"]), date.fromisoformat(params["endDate"])
    metrics = params["metrics"].split(",")
    wanted = _filtered_videos(state, params.get("filters", ""))
    dimension = params.get("dimensions", "")
    if dimension == "video":
        if "sort" not in params or int(params.get("maxResults", "0")) > ANALYTICS_MAX_RESULTS:
            return 400, google_error(400, "badRequest", "The query is not supported."), {}
        rows = [[v.id, *(_metric(v, m) for m in metrics)] for v in wanted]
    elif dimension == "day":
        rows = [
            [day.isoformat(), sum(v.daily_views.get(day, 0) for v in wanted)]
            for day in _days(start, end)
        ]
    else:
        return 400, google_error(400, "badRequest", "Unsupported dimensions in the fake"), {}
    headers = [{"name": dimension, "columnType": "DIMENSION", "dataType": "STRING"}]
    headers += [{"name": m, "columnType": "METRIC", "dataType": "INTEGER"} for m in metrics]
    body = {"kind": "youtubeAnalytics#resultTable", "columnHeaders": headers, "rows": rows}
    return 200, body, {}


def _filtered_videos(state: GoogleState, filters: str) -> list[FakeVideo]:
    ids: set[str] = set()
    for clause in filters.split(";"):
        name, _, values = clause.partition("==")
        if name == "video":
            ids |= set(values.split(","))
    return [v for v in state.videos if not ids or v.id in ids]


def _metric(video: FakeVideo, name: str) -> float | int:
    return {
        "views": video.views,
        "estimatedMinutesWatched": video.minutes_watched,
        "averageViewDuration": video.avg_view_duration,
        "averageViewPercentage": video.avg_view_percentage,
        "subscribersGained": video.subscribers_gained,
        "shares": video.shares,
        "likes": video.likes or 0,
        "comments": video.comments,
    }[name]


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _page_start(token: str | None) -> int:
    return int(token[1:]) if token else 0


def _iso(video: FakeVideo) -> str:
    return video.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _list(
    kind: str, items: list[dict[str, Any]], *, total: int, per_page: int | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "etag": "etag",
        "pageInfo": {"totalResults": total, "resultsPerPage": per_page or len(items)},
        "items": items,
    }
