"""The Instagram adapter: /me → /me/media (paged, newest first) → /{media-id}/insights.

Calls: 1 (/me) + ceil(N/100) media pages + one insights call per piece whose insights are due
(young pieces every sync, the last 30 days daily, every piece weekly). Instagram has no daily
unit quota; its Business Use Case limit is reported on every answer
(``X-Business-Use-Case-Usage``). At ``BACK_OFF_AT`` % of any figure the sync stops calling:
insights not fetched yet wait for the next sync (those pieces are left as stored), and a media
listing not finished yet fails the sync (nothing written) until Instagram's estimate has passed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sync.adapter import YOUNG_AGE, Fetched, Meter, Mode, Plan, Progress
from sync.errors import Gone, RateLimited
from sync.http import JsonClient
from sync.instagram.client import (
    BACK_OFF_AT,
    InstagramClient,
    api,
    refresh_if_due,
    refusal,
    usage_percent,
)
from sync.instagram.shape import insight_values, media_record, metrics_for

PAGE = 100
DAILY_INSIGHTS_FOR = timedelta(days=30)
MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,timestamp,permalink,like_count,comments_count,"
    "thumbnail_url,media_url"
)


@dataclass
class _Session:
    http: JsonClient
    client: InstagramClient
    token: str
    user_id: str
    near_limit: bool = False
    retry_after: timedelta = timedelta(hours=1)

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        if self.near_limit:
            raise RateLimited("Instagram's usage is near its limit", self.retry_after)
        answer = self.http.call(
            "GET", self.client.endpoints.api(path), params={**params, "access_token": self.token}
        )
        percent, regain = usage_percent(answer.headers, self.user_id)
        if percent >= BACK_OFF_AT:
            self.near_limit = True
            self.retry_after = timedelta(minutes=max(regain, 60))
        return answer.body


@dataclass(frozen=True)
class InstagramAdapter:
    """PlatformAdapter for Instagram professional accounts."""

    client: InstagramClient
    platform: str = "instagram"

    def estimate_units(self, plan: Plan, catalogue_size: int) -> int:
        """Instagram has no daily unit quota to book (calls are counted, not booked)."""
        return 0

    def fetch(
        self, credentials_doc: dict[str, Any], plan: Plan, meter: Meter, progress: Progress
    ) -> Fetched:
        """The account, its media and the due insights, as neutral records."""
        http = api(JsonClient("Instagram", refusal, meter))
        try:
            document = refresh_if_due(http, self.client, credentials_doc, plan.now)
            s = _Session(http, self.client, document["access_token"], document["user_id"])
            me = s.get("me", fields="user_id,username")
            media, complete = _media(s, plan, progress)
            insights = _insights(s, _due(media, plan), progress)
        finally:
            http.close()
        records = [media_record(m, insights[m["id"]]) for m in media if m["id"] in insights]
        return Fetched(
            records=records,
            # Only a listing that reached the last page may remove a piece (sync/removal.py).
            listed=frozenset(str(m["id"]) for m in media) if complete else None,
            account_id=str(me.get("user_id") or document["user_id"]),
            account_name=str(me.get("username") or ""),
            catalogue_ref=None,
            credentials=document,
            units=0,
            calls=meter.calls,
        )

    def revoke(self, credentials_doc: dict[str, Any]) -> bool:
        """Instagram Login has no revoke endpoint: the creator removes the app in Instagram."""
        return False


def _media(s: _Session, plan: Plan, progress: Progress) -> tuple[list[dict[str, Any]], bool]:
    """Media newest first, and whether the listing reached the last page (YOUNG stops at the
    first page reaching past 48 h)."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"fields": MEDIA_FIELDS, "limit": PAGE}
    while True:
        body = s.get("me/media", **params)
        page = body.get("data") or []
        found += page
        progress("media", len(found), None)
        after = ((body.get("paging") or {}).get("cursors") or {}).get("after")
        if not page or not (body.get("paging") or {}).get("next") or not after:
            return found, True
        if plan.mode is Mode.YOUNG and plan.now - _published(page[-1]) > YOUNG_AGE:
            return found, False
        params["after"] = after


def _due(media: list[dict[str, Any]], plan: Plan) -> list[dict[str, Any]]:
    """Media whose insights this sync fetches, youngest first."""
    if plan.mode is Mode.FULL:
        return media
    window = YOUNG_AGE if plan.mode is Mode.YOUNG else DAILY_INSIGHTS_FOR
    stored = plan.stored([m["id"] for m in media])
    return [m for m in media if m["id"] not in stored or plan.now - _published(m) <= window]


def _insights(
    s: _Session, media: list[dict[str, Any]], progress: Progress
) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for item in media:
        if s.near_limit:
            break  # the rest waits for the next sync; nothing is invented for them
        try:
            body = s.get(f"{item['id']}/insights", metric=",".join(metrics_for(item)))
        except Gone:
            continue
        found[item["id"]] = insight_values(body)
        progress("insights", len(found), len(media))
    return found


def _published(media: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(media["timestamp"].replace("+0000", "+00:00"))


def minimum_calls(pieces: int) -> int:
    """The fewest calls a full sync of ``pieces`` can make (docs/SYNC.md)."""
    return 1 + max(math.ceil(pieces / PAGE), 1) + pieces
