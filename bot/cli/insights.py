"""`whatsworking dashboard | content list/show | insights | rescore` (and `themes`)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import typer

from bot.cli import insights_render as render
from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from insights.views import (
    build_dashboard,
    content_count,
    content_detail,
    creator_patterns,
    creator_recommendations,
    list_content,
    posting_windows,
)
from storage import Session
from storage.creators import resolve_creator
from storage.errors import InvalidInput

content_app = typer.Typer(help="Your pieces: list them, or show one in full.", no_args_is_help=True)

PeriodOption = Annotated[str, typer.Option("--period", help="7d, 30d, 90d or all.")]
PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="youtube, instagram or tiktok.", show_default=False)
]
_NUMBER = re.compile(r"^\s*#?\s*(\d+)\s*$")


@dataclass(frozen=True)
class Scope:
    """One command's session, creator and clock reading."""

    session: Session
    creator_id: uuid.UUID
    handle: str
    now: datetime


@contextmanager
def scoped(db: str | None, creator: str | None, *, write: bool = False) -> Iterator[Scope]:
    """Open the app and a read (or a unit of work) for the chosen creator."""
    with open_app(db) as wired, wired.db.unit_of_work() if write else wired.db.read() as s:
        owner = resolve_creator(s, creator)
        yield Scope(s, owner.id, owner.handle, wired.clock.now())


def nothing_yet(scope: Scope, json_: bool) -> bool:
    """True (after saying so) when a person asks about a creator with no content yet."""
    if json_ or content_count(scope.session, scope.creator_id):
        return False
    console.print(render.nothing_to_score(scope.handle))
    return True


def dashboard(
    period: PeriodOption = "30d",
    platform: PlatformOption = None,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Summary, top performers, needs attention, themes, platforms and insights."""
    with scoped(db, creator) as s:
        board = build_dashboard(
            s.session, s.creator_id, period=period, platform=platform, now=s.now
        )
        if nothing_yet(s, json_):
            return
    if json_:
        print_json(board)
        return
    render.print_dashboard(board)


@content_app.command("list")
def content_list(
    platform: PlatformOption = None,
    theme: Annotated[
        str | None, typer.Option(help="One of your themes.", show_default=False)
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(help="overperforming, normal or underperforming.", show_default=False),
    ] = None,
    sort: Annotated[str, typer.Option(help="score, views or published.")] = "score",
    page: Annotated[int, typer.Option(help="Page number, from 1.")] = 1,
    page_size: Annotated[int, typer.Option("--page-size", help="Pieces per page (1-100).")] = 20,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """List your pieces, filtered and sorted, a page at a time."""
    with scoped(db, creator) as s:
        result = list_content(
            s.session,
            s.creator_id,
            platform=platform,
            theme=theme,
            category=category,
            sort=sort,
            page=page,
            page_size=page_size,
        )
        if nothing_yet(s, json_):
            return
    if json_:
        print_json(render.jsonable_page(result))
        return
    render.print_content_page(result)


@content_app.command("show")
def content_show(
    piece: Annotated[str, typer.Argument(help="The piece's number, e.g. 12.")],
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Everything about one piece: figures, score, comparison, why it worked, what to improve."""
    match = _NUMBER.match(piece)
    if not match:
        raise InvalidInput(f"piece ids are whole numbers like 12; got {piece!r}")
    with scoped(db, creator) as s:
        detail = content_detail(s.session, s.creator_id, int(match.group(1)), now=s.now)
    if json_:
        print_json(detail)
        return
    render.print_detail(detail)


def insights(creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """The patterns found in your content, your best and worst posting windows, what to do."""
    with scoped(db, creator) as s:
        windows = posting_windows(s.session, s.creator_id)
        patterns = creator_patterns(s.session, s.creator_id)
        advice = creator_recommendations(s.session, s.creator_id)
        if nothing_yet(s, json_):
            return
    if json_:
        print_json({"posting_windows": windows, "patterns": patterns, "recommendations": advice})
        return
    render.print_insights(windows, patterns, advice)


FullOption = Annotated[
    bool, typer.Option("--full", help="Delete and rewrite every insight (as the nightly job does).")
]


def rescore(
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
    full: FullOption = False,
) -> None:
    """Rescore every piece and rebuild themes, patterns and factors now."""
    # Here, not at the top: the scoring and pattern stack (numpy, scipy) would add about half a
    # second to the start of every other command of this module (dashboard, content, ...).
    from insights.refresh import refresh_all, refresh_creator

    with scoped(db, creator, write=True) as s:
        refresh = refresh_all if full else refresh_creator
        result = refresh(s.session, s.creator_id, s.now)
    if json_:
        print_json(result)
        return
    console.print(
        f"Rescored {result.pieces} pieces ({result.rescored} changed): {result.themes} themes, "
        f"{result.patterns} patterns, {result.factors} piece factors"
        + ("." if result.written is None else f" ({result.written} insight rows rewritten).")
    )


def register(app: typer.Typer) -> None:
    """Add the insights commands to the top-level app."""
    app.command("dashboard")(dashboard)
    app.add_typer(content_app, name="content")
    from bot.cli import themes as theme_commands  # imports this module's scoped()

    app.add_typer(theme_commands.app, name="themes")
    app.command("insights")(insights)
    app.command("rescore")(rescore)
