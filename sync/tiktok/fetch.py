"""The TikTok adapter: /v2/user/info/ → /v2/video/list/ (cursor paging, 20 a page).

Calls: 1 (user info) + ceil(N/20) list pages for a catalogue of N videos; a YOUNG sync stops at
the first page reaching past 48 h. The Display API gives views, likes, comments and shares;
saves, watch time, retention and reach are not in it and stay unknown (None), never 0
(``insights.availability``, docs/SYNC.md). A count a video's answer leaves out is unknown too.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from insights.importing.build import first_line
from insights.records import MetricsRecord, PieceRecord
from sync.adapter import YOUNG_AGE, Fetched, Meter, Mode, Plan, Progress
from sync.errors import SyncFailure
from sync.http import JsonClient
from sync.tiktok.client import TikTokClient, refresh_if_due, refusal, revoke

PAGE = 20
USER_FIELDS = "open_id,union_id,avatar_url,display_name"
VIDEO_FIELDS = (
    "id,title,video_description,create_time,duration,view_count,like_count,comment_count,"
    "share_count,cover_image_url,share_url"
)


class TikTokAdapter:
    """PlatformAdapter for TikTok."""

    platform = "tiktok"

    def __init__(self, client: TikTokClient) -> None:
        self.client = client

    def estimate_units(self, plan: Plan, catalogue_size: int) -> int:
        """TikTok has no daily unit quota to book (calls are counted, not booked)."""
        return 0

    def fetch(
        self, credentials_doc: dict[str, Any], plan: Plan, meter: Meter, progress: Progress
    ) -> Fetched:
        """The account and its videos as neutral records."""
        http = JsonClient("TikTok", refusal, meter)
        try:
            document = refresh_if_due(http, self.client, credentials_doc, plan.now)
            auth = {"Authorization": f"Bearer {document['access_token']}"}
            user = self._get(http, "v2/user/info/", auth, {"fields": USER_FIELDS})["user"]
            videos, complete = self._videos(http, auth, plan, progress)
        finally:
            http.close()
        return Fetched(
            records=[video_record(v) for v in videos],
            # Only a listing that reached the last page may remove a piece (sync/removal.py).
            listed=frozenset(str(v["id"]) for v in videos) if complete else None,
            account_id=str(user.get("open_id") or document.get("open_id")),
            account_name=str(user.get("display_name") or ""),
            catalogue_ref=None,
            credentials=document,
            units=0,
            calls=meter.calls,
        )

    def revoke(self, credentials_doc: dict[str, Any]) -> bool:
        """Revoke the grant at TikTok."""
        http = JsonClient("TikTok", refusal)
        try:
            return revoke(http, self.client, credentials_doc)
        finally:
            http.close()

    def _get(
        self, http: JsonClient, path: str, auth: dict[str, str], params: dict[str, Any]
    ) -> dict[str, Any]:
        body = http.call("GET", self.client.endpoints.url(path), headers=auth, params=params).body
        return _data(body)

    def _videos(
        self, http: JsonClient, auth: dict[str, str], plan: Plan, progress: Progress
    ) -> tuple[list[dict[str, Any]], bool]:
        """The videos newest first, and whether the listing reached the last page."""
        found: list[dict[str, Any]] = []
        cursor: int | None = None
        url = self.client.endpoints.url("v2/video/list/")
        while True:
            payload: dict[str, Any] = {"max_count": PAGE}
            if cursor is not None:
                payload["cursor"] = cursor
            body = http.call(
                "POST", url, params={"fields": VIDEO_FIELDS}, json=payload, headers=auth
            ).body
            data = _data(body)
            page = data.get("videos") or []
            found += page
            progress("videos", len(found), None)
            if not page or not data.get("has_more"):
                return found, True
            if plan.mode is Mode.YOUNG and plan.now - _created(page[-1]) > YOUNG_AGE:
                return found, False
            cursor = int(data["cursor"])


def _data(body: dict[str, Any]) -> dict[str, Any]:
    error = body.get("error") or {}
    if error.get("code", "ok") != "ok":
        raise refusal(200, body)
    data = body.get("data")
    if not isinstance(data, dict):
        raise SyncFailure("TikTok answered without data")
    return data


def _created(video: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(int(video["create_time"]), UTC)


def video_record(video: dict[str, Any]) -> PieceRecord:
    """One Display API video; what the API does not give stays None."""
    published = _created(video)
    description = video.get("video_description") or ""
    title = (
        video.get("title")
        or first_line(description)
        or (f"TikTok video of {published.date().isoformat()}")
    )
    return PieceRecord(
        platform="tiktok",
        platform_id=str(video["id"]),
        content_type="video",
        title=title,
        published_at=published,
        publish_time_known=True,
        duration_seconds=int(video["duration"]) if video.get("duration") is not None else None,
        metrics=MetricsRecord(
            views=_count(video, "view_count"),
            likes=_count(video, "like_count"),
            comments=_count(video, "comment_count"),
            shares=_count(video, "share_count"),
            saves=None,
        ),
        url=video.get("share_url"),
        thumbnail_url=video.get("cover_image_url"),
        description=description or None,
    )


def _count(video: dict[str, Any], field: str) -> int | None:
    value = video.get(field)
    return None if value is None else int(value)


def minimum_calls(pieces: int) -> int:
    """The fewest calls a full sync of ``pieces`` can make (docs/SYNC.md)."""
    return 1 + max(math.ceil(pieces / PAGE), 1)
