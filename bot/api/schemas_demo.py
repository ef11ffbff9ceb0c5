"""Request and response models of the demo endpoints: demo mode and bulk creation of pieces."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from bot.api.fields import LongText, PieceTitle, PlatformId, Tag, Theme, Url
from bot.api.schemas_insights import Out
from bot.api.schemas_plans import In

MAX_BULK_PIECES = 1000
# Larger demos are for the CLI: a request should finish in seconds.
MAX_DEMO_PIECES = 1000
MAX_SEED = 2**63 - 1
# BIGINT columns hold more, but JSON clients lose precision past 2**53.
MAX_FIGURE = 2**53
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100

Niche = Literal[
    "tech_reviews", "fitness", "cooking", "gaming", "beauty", "finance", "education", "travel"
]
Profile = Literal["auto", "small", "mid", "large"]
Count = Annotated[int, Field(ge=0, le=MAX_FIGURE)]
Amount = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]


def _plausible_time(value: datetime) -> datetime:
    """A publish time between 1990 and 2100, as UTC."""
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is outside the years 1990-2100") from None
    if not EARLIEST_YEAR <= utc.year <= LATEST_YEAR:
        raise ValueError("is outside the years 1990-2100")
    return utc


class DemoEnableIn(In):
    """Turn on demo mode: simulated content for the calling creator (the seed's request)."""

    profile_type: Profile = Field(default="auto", description="Channel size; auto draws one")
    niche: Niche = "tech_reviews"
    pieces: Annotated[int, Field(ge=0, le=MAX_DEMO_PIECES)] | None = Field(
        default=None, description="How many pieces (default: 30-50, drawn from the seed)"
    )
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = Field(
        default=None, description="Repeat a run with its seed (default: random, returned)"
    )


class DemoOut(Out):
    """What enabling demo mode did (``profile`` is the resolved channel size)."""

    handle: str
    niche: str
    profile: str
    seed: int
    pieces: int
    created: int
    updated: int
    unchanged: int
    removed: int


class PerformanceIn(In):
    """A piece's lifetime figures (engagement in percent, retention a fraction of the piece)."""

    views: Count = 0
    # null: the platform did not report it (unknown, never 0); absent: 0, as before.
    likes: Count | None = 0
    comments: Count | None = 0
    shares: Count | None = 0
    saves: Count | None = 0
    impressions: Count | None = None
    reach: Count | None = None
    watch_time_hours: Amount | None = None
    retention_rate: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] | None = None
    avg_view_duration_seconds: Amount | None = None
    followers_gained: Count | None = None
    profile_visits: Count | None = None
    views_24h: Count | None = None
    likes_24h: Count | None = None
    views_48h: Count | None = None
    engagement_rate: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)] | None = Field(
        default=None, description="Percent; computed by the platform's formula when absent"
    )


class PieceIn(In):
    """One piece with its performance; the same platform + platform_id updates it in place."""

    platform: Literal["youtube", "instagram", "tiktok"]
    platform_id: PlatformId
    content_type: Literal["video", "short", "reel", "post", "carousel", "story"]
    title: PieceTitle
    published_at: Annotated[AwareDatetime, AfterValidator(_plausible_time)]
    publish_time_known: bool = True
    theme: Theme | None = None
    duration_seconds: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    follower_count_at_post: Count | None = None
    url: Url | None = None
    thumbnail_url: Url | None = None
    description: LongText | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=50)
    performance: PerformanceIn = PerformanceIn()


class IngestOut(BaseModel):
    """How many posted pieces created a piece, changed one, or matched what was stored."""

    created: int
    updated: int
    unchanged: int
    total: int
