"""`/api/v1/insights/*`: the dashboard, content list and detail, themes — reads only."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from bot.api.auth import CallerDep
from bot.api.errors import responses
from bot.api.fields import NO_NUL
from bot.api.ids import ContentId, content_number
from bot.api.schemas_insights import ContentDetailOut, ContentPageOut, DashboardOut, ThemesOut
from insights.filters import MAX_PAGE_SIZE
from insights.views import build_dashboard, content_detail, list_content, list_themes

router = APIRouter(prefix="/api/v1/insights", tags=["insights"])

Platform = Literal["youtube", "instagram", "tiktok"]
Category = Literal["overperforming", "normal", "underperforming"]
READ_ERRORS = responses(401, 404, 422, 500, 503)


def _platform(value: str | None) -> str | None:
    """'all' (what dashboards send for no filter) means no platform filter."""
    return None if value in (None, "all") else value


@router.get("/dashboard", responses=READ_ERRORS)
def dashboard(
    caller: CallerDep,
    time_period: Literal["7d", "30d", "90d", "all"] = "30d",
    platform_filter: Literal["youtube", "instagram", "tiktok", "all"] | None = None,
) -> DashboardOut:
    """The seed's dashboard for the period, optionally for one platform."""
    with caller.reading() as session:
        view = build_dashboard(
            session,
            caller.creator_id,
            period=time_period,
            platform=_platform(platform_filter),
            now=caller.now(),
        )
    return DashboardOut.model_validate(view)


@router.get("/content", responses=READ_ERRORS)
def content_list(
    caller: CallerDep,
    platform: Platform | None = None,
    theme: Annotated[str | None, Query(min_length=1, max_length=100, pattern=NO_NUL)] = None,
    performance_category: Category | None = None,
    sort: Literal["score", "views", "published"] = "score",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> ContentPageOut:
    """One page of your pieces, filtered by platform, theme and category, sorted."""
    with caller.reading() as session:
        found = list_content(
            session,
            caller.creator_id,
            platform=platform,
            theme=theme,
            category=performance_category,
            sort=sort,
            page=page,
            page_size=page_size,
        )
    return ContentPageOut.model_validate(found)


@router.get("/content/{content_id}", responses=READ_ERRORS)
def content(caller: CallerDep, content_id: ContentId) -> ContentDetailOut:
    """Everything about one of your pieces (by UUID or short number)."""
    with caller.reading() as session:
        number = content_number(session, caller.creator_id, content_id)
        detail = content_detail(session, caller.creator_id, number, now=caller.now())
    return ContentDetailOut.model_validate(detail)


@router.get("/themes", responses=READ_ERRORS)
def themes(caller: CallerDep) -> ThemesOut:
    """Your themes with their performance, best average score first."""
    with caller.reading() as session:
        found = list_themes(session, caller.creator_id)
    return ThemesOut.model_validate({"themes": found})
