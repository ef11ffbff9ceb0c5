"""`whatsworking themes [rename | merge | set]`: see your themes, and name them your way."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli import insights_render as render
from bot.cli.common import CreatorOption, DbOption, JsonOption, print_json
from bot.cli.insights import nothing_yet, scoped
from insights.theme_choices import merge_themes, rename_theme, set_piece_theme
from insights.views import list_themes

app = typer.Typer(
    help="How each of your themes performs; rename, merge, or set a piece's theme.",
    invoke_without_command=True,
)


@app.callback()
def themes(
    ctx: typer.Context,
    creator: CreatorOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """How each of your themes performs (themes are inferred for pieces that came without)."""
    if ctx.invoked_subcommand is not None:
        return
    with scoped(db, creator) as s:
        found = list_themes(s.session, s.creator_id)
        if nothing_yet(s, json_):
            return
    if json_:
        print_json(found)
        return
    render.print_themes(found)


@app.command()
def rename(
    old: Annotated[str, typer.Argument(help="The theme as it is called now.")],
    new: Annotated[str, typer.Argument(help="What to call it from now on.")],
    creator: CreatorOption = None,
    db: DbOption = None,
) -> None:
    """Rename a theme; re-imports and re-inference keep your name."""
    with scoped(db, creator, write=True) as s:
        name = rename_theme(s.session, s.creator_id, old, new, s.now)
    typer.echo(f"Renamed {old!r} to {name!r}.")


@app.command()
def merge(
    themes_: Annotated[list[str], typer.Argument(metavar="THEME...", help="Themes to fold in.")],
    into: Annotated[str, typer.Option("--into", help="The theme they become.")],
    creator: CreatorOption = None,
    db: DbOption = None,
) -> None:
    """Merge themes into one (an existing theme or a new name)."""
    with scoped(db, creator, write=True) as s:
        name = merge_themes(s.session, s.creator_id, themes_, into, s.now)
    typer.echo(f"Merged {', '.join(map(repr, themes_))} into {name!r}.")


@app.command("set")
def set_(
    piece: Annotated[int, typer.Argument(help="The piece's number.")],
    theme: Annotated[str, typer.Argument(help="Its theme.")],
    creator: CreatorOption = None,
    db: DbOption = None,
) -> None:
    """Set one piece's theme, whatever files or the inference say."""
    with scoped(db, creator, write=True) as s:
        name = set_piece_theme(s.session, s.creator_id, piece, theme, s.now)
    typer.echo(f"Piece {piece} is now in {name!r}.")
