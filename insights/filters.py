"""Validation of what people pass to the views: periods, platforms, categories, sorts, pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.errors import InvalidInput

PERIODS: dict[str, timedelta | None] = {
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
    "90d": timedelta(days=90),
    "all": None,
}
PLATFORMS = ("youtube", "instagram", "tiktok")
CATEGORIES = ("overperforming", "normal", "underperforming")
SORTS = ("score", "lowest", "views", "published")
MAX_PAGE_SIZE = 100
# For period "all" the trend compares the latest 30 days with the 30 days before them.
ALL_TIME_TREND_WINDOW = timedelta(days=30)


def period_length(period: str) -> timedelta | None:
    """The length of ``period`` (None for all time), or InvalidInput naming the choices."""
    key = period.strip().lower()
    if key not in PERIODS:
        raise InvalidInput(f"unknown period {period!r}: use 7d, 30d, 90d or all")
    return PERIODS[key]


def period_start(period: str, now: datetime) -> datetime | None:
    """The first instant inside ``period`` ending at ``now`` (None for all time)."""
    length = period_length(period)
    return None if length is None else now - length


def trend_window(period: str) -> timedelta:
    """How long each of the two windows compared for the engagement trend is."""
    return period_length(period) or ALL_TIME_TREND_WINDOW


def check_platform(platform: str | None) -> str | None:
    """The normalised platform, or InvalidInput naming the choices."""
    if platform is None:
        return None
    key = platform.strip().lower()
    if key not in PLATFORMS:
        raise InvalidInput(f"unknown platform {platform!r}: use youtube, instagram or tiktok")
    return key


def check_category(category: str | None) -> str | None:
    """The normalised performance category, or InvalidInput naming the choices."""
    if category is None:
        return None
    key = category.strip().lower()
    if key not in CATEGORIES:
        raise InvalidInput(
            f"unknown category {category!r}: use overperforming, normal or underperforming"
        )
    return key


def check_sort(sort: str) -> str:
    """The normalised sort key, or InvalidInput naming the choices."""
    key = sort.strip().lower()
    if key not in SORTS:
        raise InvalidInput(f"unknown sort {sort!r}: use score, lowest, views or published")
    return key


def check_paging(page: int, page_size: int) -> None:
    """Refuse page numbers below 1 and page sizes outside 1..100."""
    if page < 1:
        raise InvalidInput(f"page must be 1 or more, not {page}")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {page_size}")
