"""The YouTube adapter: channel → uploads playlist → video ids → videos.list in 50s → Analytics.

Quota, as Google documents it for the Data API v3: every list call below costs 1 unit, so a
catalogue of N videos costs at least 1 (channel) + ceil(N/50) (playlist pages) + ceil(N/50)
(videos.list batches). Analytics API calls do not draw on the Data API quota; they are counted
as calls.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sync.adapter import Fetched, Meter, Mode, Plan, Progress
from sync.errors import SyncFailure
from sync.youtube.client import GoogleClient, credentials, execute, services, token_document
from sync.youtube.revoke import revoke_grant
from sync.youtube.shape import AnalyticsRow, video_record

PAGE = 50
ANALYTICS_BATCH = 200
DAILY_VIEWS_FOR = timedelta(days=7)
ANALYTICS_METRICS = (
    "estimatedMinutesWatched",
    "averageViewDuration",
    "averageViewPercentage",
    "subscribersGained",
    "shares",
)
UNIT_COST = 1  # channels.list, playlistItems.list, videos.list


@dataclass
class _Calls:
    meter: Meter
    progress: Progress

    def data(self, request: Any) -> dict[str, Any]:
        # Google charges a call even when it fails, so count it first.
        self.meter.units += UNIT_COST
        self.meter.calls += 1
        return execute(request)

    def analytics(self, request: Any) -> dict[str, Any]:
        self.meter.calls += 1
        return execute(request)


@dataclass(frozen=True)
class YouTubeAdapter:
    """PlatformAdapter for YouTube."""

    client: GoogleClient
    platform: str = "youtube"

    def estimate_units(self, plan: Plan, catalogue_size: int) -> int:
        """The documented minimum for the plan (what is booked from the shared budget)."""
        channel = 1 if plan.catalogue_ref is None or plan.mode is Mode.FULL else 0
        if plan.mode is Mode.YOUNG:
            return channel + 2
        batches = max(math.ceil(catalogue_size / PAGE), 1)
        return channel + 2 * batches

    def fetch(
        self, credentials_doc: dict[str, Any], plan: Plan, meter: Meter, progress: Progress
    ) -> Fetched:
        """Everything the plan asks for, as neutral records."""
        creds = credentials(self.client, credentials_doc)
        youtube, analytics = services(self.client, creds)
        calls = _Calls(meter, progress)
        account = _channel(youtube, calls, plan)
        uploads = account[2] if account else str(plan.catalogue_ref)
        ids, complete = _upload_ids(youtube, calls, uploads, plan)
        wanted = _wanted(ids, plan)
        records = _videos(youtube, calls, wanted)
        figures = _analytics(analytics, calls, records, plan.now)
        daily = _daily_views(analytics, calls, records, plan.now)
        return Fetched(
            records=[video_record(r, figures.get(r["id"])) for r in records],
            account_id=account[0] if account else None,
            account_name=account[1] if account else None,
            catalogue_ref=uploads,
            credentials=token_document(creds),
            units=meter.units,
            calls=meter.calls,
            daily_views=daily,
            listed=frozenset(ids) if complete else None,
        )

    def revoke(self, credentials_doc: dict[str, Any]) -> bool:
        """Revoke the grant at Google."""
        token = credentials_doc.get("refresh_token") or credentials_doc.get("token")
        return revoke_grant(self.client.endpoints.revoke_uri, str(token))


def _channel(youtube: Any, calls: _Calls, plan: Plan) -> tuple[str, str, str] | None:
    """The channel's id, title and uploads playlist; skipped when known, except on FULL."""
    if plan.catalogue_ref and plan.mode is not Mode.FULL:
        return None
    answer = calls.data(youtube.channels().list(part="snippet,contentDetails", mine=True))
    items = answer.get("items") or []
    if not items:
        raise SyncFailure("this Google account has no YouTube channel")
    channel = items[0]
    uploads = channel["contentDetails"]["relatedPlaylists"]["uploads"]
    return channel["id"], channel["snippet"]["title"], uploads


def _upload_ids(youtube: Any, calls: _Calls, uploads: str, plan: Plan) -> tuple[list[str], bool]:
    """Video ids of the uploads playlist, newest first (only the first page for YOUNG), and
    whether that is the complete listing (every page read, as many ids as Google counts)."""
    ids: list[str] = []
    token: str | None = None
    total: int | None = None
    while True:
        request = youtube.playlistItems().list(
            part="contentDetails", playlistId=uploads, maxResults=PAGE, pageToken=token
        )
        answer = calls.data(request)
        total = (answer.get("pageInfo") or {}).get("totalResults", total)
        ids += [item["contentDetails"]["videoId"] for item in answer.get("items") or []]
        calls.progress("playlist", len(ids), total)
        token = answer.get("nextPageToken")
        if not token or plan.mode is Mode.YOUNG:
            complete = not token and plan.mode is not Mode.YOUNG
            return ids, complete and (total is None or len(set(ids)) >= total)


def _wanted(ids: list[str], plan: Plan) -> list[str]:
    if plan.mode is not Mode.YOUNG:
        return ids
    young = list(plan.young)  # the stored pieces under YOUNG_AGE
    stored = plan.stored(ids)
    new = [i for i in ids if i not in stored]
    return list(dict.fromkeys([*new, *young]))


def _videos(youtube: Any, calls: _Calls, ids: Sequence[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for batch in _batches(ids, PAGE):
        request = youtube.videos().list(
            part="snippet,contentDetails,statistics", id=",".join(batch)
        )
        found += calls.data(request).get("items") or []
        calls.progress("videos", len(found), len(ids))
    return found


def _analytics(
    analytics: Any, calls: _Calls, videos: list[dict[str, Any]], now: datetime
) -> dict[str, AnalyticsRow]:
    """Lifetime watch time, average view duration and percentage, subscribers, shares."""
    found: dict[str, AnalyticsRow] = {}
    for batch in _batches(videos, ANALYTICS_BATCH):
        first = min(v["snippet"]["publishedAt"][:10] for v in batch)
        request = analytics.reports().query(
            ids="channel==MINE",
            startDate=first,
            endDate=now.date().isoformat(),
            metrics=",".join(ANALYTICS_METRICS),
            dimensions="video",
            filters="video==" + ",".join(v["id"] for v in batch),
            sort="-estimatedMinutesWatched",
            maxResults=ANALYTICS_BATCH,
        )
        for row in _rows(calls.analytics(request)):
            found[str(row["video"])] = AnalyticsRow.from_row(row)
        calls.progress("analytics", len(found), len(videos))
    return found


def _daily_views(
    analytics: Any, calls: _Calls, videos: list[dict[str, Any]], now: datetime
) -> dict[str, list[tuple[datetime, int]]]:
    """Per-day views of each video published in the last week (its first days' curve)."""
    found: dict[str, list[tuple[datetime, int]]] = {}
    for video in videos:
        published = datetime.fromisoformat(video["snippet"]["publishedAt"].replace("Z", "+00:00"))
        if now - published > DAILY_VIEWS_FOR:
            continue
        request = analytics.reports().query(
            ids="channel==MINE",
            startDate=published.date().isoformat(),
            endDate=now.date().isoformat(),
            metrics="views",
            dimensions="day",
            filters=f"video=={video['id']}",
            sort="day",
        )
        rows = _rows(calls.analytics(request))
        found[video["id"]] = [
            (
                datetime.fromisoformat(str(r["day"])).replace(tzinfo=published.tzinfo),
                int(r["views"]),
            )
            for r in rows
        ]
    return found


def _rows(table: dict[str, Any]) -> Iterator[dict[str, Any]]:
    names = [h["name"] for h in table.get("columnHeaders") or []]
    for row in table.get("rows") or []:
        yield dict(zip(names, row, strict=True))


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
