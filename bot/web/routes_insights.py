"""The insights pages: the dashboard with its tabs, the content list, and one piece's detail."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from bot.api.ids import ID_PATTERN, content_number
from bot.web.auth import ViewerDep, WriterDep
from bot.web.pages import render
from context.chat_focus import focus_in_chat
from context.growth_section import trend_sentence
from context.tools.pieces import plan_modes
from insights.filters import MAX_PAGE_SIZE
from insights.growth import cached_growth_summary
from insights.themes import known_themes
from insights.views import Metrics, build_dashboard, content_detail, list_content

router = APIRouter()
Period = Literal["7d", "30d", "90d", "all"]
PlatformFilter = Literal["youtube", "instagram", "tiktok", "all"]
Tab = Literal["top", "attention", "themes", "platforms"]
Category = Literal["overperforming", "normal", "underperforming", "all"]
PieceId = Annotated[str, Path(pattern=ID_PATTERN)]
PAGE_SIZE = 20


def _platform(value: str) -> str | None:
    return None if value == "all" else value


@router.get("/", include_in_schema=False)
def dashboard(
    request: Request,
    viewer: ViewerDep,
    period: Period = "30d",
    platform: PlatformFilter = "all",
    tab: Tab = "top",
) -> HTMLResponse:
    """The seed's dashboard: summary cards, filters, four tabs and the AI insights."""
    with viewer.reading() as session:
        view = build_dashboard(
            session,
            viewer.creator_id,
            period=period,
            platform=_platform(platform),
            now=viewer.now(),
        )
        growth = cached_growth_summary(session, viewer.creator_id, now=viewer.now())
    context = {
        "viewer": viewer,
        "d": view,
        "period": period,
        "platform": platform,
        "tab": tab,
        "growth": growth,
        "trend": trend_sentence(growth),
    }
    return render(request, "dashboard.html", context)


@router.get("/content", include_in_schema=False)
def content_list(
    request: Request,
    viewer: ViewerDep,
    platform: PlatformFilter = "all",
    theme: Annotated[str, Query(max_length=100)] = "",
    category: Category = "all",
    sort: Literal["score", "views", "published"] = "score",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
) -> HTMLResponse:
    """Every piece, filtered by platform, theme and category, sorted, a page at a time."""
    with viewer.reading() as session:
        themes = known_themes(session, viewer.creator_id)
        found = list_content(
            session,
            viewer.creator_id,
            platform=_platform(platform),
            theme=theme or None,
            category=None if category == "all" else category,
            sort=sort,
            page=page,
            page_size=size,
        )
    filters = {"platform": platform, "theme": theme, "category": category, "sort": sort}
    context = {"viewer": viewer, "page": found, "themes": themes, "f": filters, "size": size}
    return render(request, "content_list.html", context)


@router.get("/content/{piece}", include_in_schema=False)
def content_page(request: Request, viewer: ViewerDep, piece: PieceId) -> HTMLResponse:
    """One piece: header, metrics, score card, why it worked, what held it back, actions."""
    with viewer.reading() as session:
        number = content_number(session, viewer.creator_id, piece)
        detail = content_detail(session, viewer.creator_id, number, now=viewer.now())
    can_repeat, can_diagnose = plan_modes(detail)
    context = {
        "viewer": viewer,
        "p": detail,
        "can_repeat": can_repeat,
        "can_diagnose": can_diagnose,
        "growth": _growth(detail.metrics),
    }
    return render(request, "content_detail.html", context)


@router.post("/content/{piece}/ask", include_in_schema=False)
def ask_in_chat(request: Request, viewer: WriterDep, piece: PieceId) -> HTMLResponse:
    """Put the piece in focus in the creator's chat, so a question there is about it."""
    with viewer.writing() as session:
        number = content_number(session, viewer.creator_id, piece)
        focused = focus_in_chat(session, viewer.creator_id, number, now=viewer.now())
    context = {"viewer": viewer, "number": number, "focused": focused}
    return render(request, "asked.html", context)


def _growth(metrics: Metrics) -> list[tuple[str, float]]:
    """Views at 24 h, 48 h and now, where the platform reported them."""
    points = [("24 h", metrics.views_24h), ("48 h", metrics.views_48h), ("now", metrics.views)]
    return [(label, float(v)) for label, v in points if v is not None]
