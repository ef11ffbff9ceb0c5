"""`/api/v1/insights/themes/*` writes: rename and merge themes, set one piece's theme."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from bot.api.auth import CallerDep
from bot.api.errors import responses
from bot.api.fields import NO_NUL
from bot.api.ids import ContentId, content_number
from bot.api.schemas_insights import ThemesOut
from insights.theme_choices import merge_themes, rename_theme, set_piece_theme
from insights.views import list_themes

router = APIRouter(prefix="/api/v1/insights", tags=["insights"])
WRITE_ERRORS = responses(400, 401, 404, 413, 422, 500, 503)
ThemeName = Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ThemeRename(_In):
    """Call a theme by another name from now on."""

    theme: ThemeName
    new_name: ThemeName


class ThemeMerge(_In):
    """Fold themes into one (an existing theme or a new name)."""

    themes: Annotated[list[ThemeName], Field(min_length=1, max_length=50)]
    into: ThemeName


class PieceTheme(_In):
    """The theme of one piece, whatever files or the inference say."""

    theme: ThemeName


def _themes_after(caller: CallerDep, change: Callable[[Session], object]) -> ThemesOut:
    """Apply one theme change in a unit of work and answer with the themes as they now are."""
    with caller.writing() as session:
        change(session)
        found = list_themes(session, caller.creator_id)
    return ThemesOut.model_validate({"themes": found})


@router.post("/themes/rename", responses=WRITE_ERRORS)
def rename(caller: CallerDep, body: ThemeRename) -> ThemesOut:
    """Rename one of your themes; re-imports and re-inference keep your name."""
    return _themes_after(
        caller,
        lambda s: rename_theme(s, caller.creator_id, body.theme, body.new_name, caller.now()),
    )


@router.post("/themes/merge", responses=WRITE_ERRORS)
def merge(caller: CallerDep, body: ThemeMerge) -> ThemesOut:
    """Merge themes into one."""
    return _themes_after(
        caller, lambda s: merge_themes(s, caller.creator_id, body.themes, body.into, caller.now())
    )


@router.put("/content/{content_id}/theme", responses=WRITE_ERRORS)
def set_theme(caller: CallerDep, content_id: ContentId, body: PieceTheme) -> ThemesOut:
    """Set one piece's theme (by its UUID or short number)."""

    def change(session: Session) -> object:
        number = content_number(session, caller.creator_id, content_id)
        return set_piece_theme(session, caller.creator_id, number, body.theme, caller.now())

    return _themes_after(caller, change)
