"""`whatsworking demo …`: give a creator simulated content to try the product, or remove it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from bot.settings import Settings
from context.llm.agent import LLMSettings
from context.llm.title_writer import MAX_LLM_TITLES, LLMTitleWriter
from simulator import NICHES, PROFILES, DemoResult, disable_demo, enable_demo
from simulator.config import MAX_PIECES
from simulator.demo import STREAM_BATCH
from simulator.generate import MAX_SEED
from storage.creators import resolve_creator
from storage.errors import InvalidInput

app = typer.Typer(help="Demo mode: simulated content to try everything with.", no_args_is_help=True)

DEFAULT_HANDLE = "demo"
# Seeds drawn for the user stay short, so they are easy to type back in.
RANDOM_SEED_LIMIT = 1_000_000


def parse_whole_number(text: str | None, name: str, *, low: int, high: int) -> int | None:
    """``text`` as an int within [low, high], or InvalidInput naming the option."""
    if text is None:
        return None
    try:
        value = int(text.strip().replace(",", "_"))
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low:,} and {high:,}, not {value:,}")
    return value


def _choice(value: str, name: str, allowed: tuple[str, ...]) -> str:
    cleaned = value.strip().lower()
    if cleaned not in allowed:
        raise InvalidInput(f"unknown {name} {value!r} (use {', '.join(allowed)})")
    return cleaned


@app.command("enable")
def enable(
    profile: Annotated[str, typer.Option(help=f"Channel size: {', '.join(PROFILES)}.")] = "auto",
    niche: Annotated[str, typer.Option(help=f"One of: {', '.join(NICHES)}.")] = "tech_reviews",
    pieces: Annotated[
        str | None, typer.Option(help="How many pieces (default: 30-50).", show_default=False)
    ] = None,
    seed: Annotated[
        str | None, typer.Option(help="Seed to repeat a run (default: random, printed).")
    ] = None,
    creator: Annotated[
        str, typer.Option("--creator", help="Handle of the demo creator (created if needed).")
    ] = DEFAULT_HANDLE,
    timezone: Annotated[str, typer.Option(help="Timezone of a new creator.")] = "UTC",
    llm_titles: Annotated[
        bool, typer.Option("--llm-titles", help="Ask the configured LLM for the titles.")
    ] = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Give a creator simulated content (same seed and arguments: same content)."""
    profile = _choice(profile, "profile", PROFILES)
    niche = _choice(niche, "niche", NICHES)
    count = parse_whole_number(pieces, "--pieces", low=0, high=MAX_PIECES)
    chosen = parse_whole_number(seed, "--seed", low=0, high=MAX_SEED)
    run_seed = secrets.randbelow(RANDOM_SEED_LIMIT) if chosen is None else chosen
    if llm_titles and (count or 0) > MAX_LLM_TITLES:
        raise InvalidInput(
            f"--llm-titles writes at most {MAX_LLM_TITLES} titles; use fewer --pieces"
        )
    with (
        open_app(db) as wired,
        _progress(count, quiet=json_) as advance,
        wired.db.unit_of_work() as session,
    ):
        writer = _title_writer(wired.settings) if llm_titles else None
        result = enable_demo(
            session,
            handle=creator,
            niche=niche,
            profile=profile,
            pieces=count,
            seed=run_seed,
            now=wired.clock.now(),
            timezone=timezone,
            batch_size=STREAM_BATCH,
            on_progress=advance,
            title_writer=writer,
        )
    if json_:
        print_json(result)
        return
    _report(result)


def _title_writer(settings: Settings) -> LLMTitleWriter:
    """The LLM title writer, or InvalidInput when no LLM is configured."""
    llm = LLMSettings(
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
        model=settings.llm_model,
    )
    if not llm.is_configured:
        raise InvalidInput("--llm-titles needs OPENAI_API_KEY or OPENAI_BASE_URL to be set")
    return LLMTitleWriter(llm)


@contextmanager
def _progress(count: int | None, *, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar for runs that stream in several batches; nothing for small runs."""
    if quiet or count is None or count <= STREAM_BATCH:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("simulating and storing", total=count)

        def advance(done: int) -> None:
            progress.advance(task, done)
            if progress.tasks[task].finished:
                progress.update(task, description="rescoring and refreshing insights")

        yield advance


def _report(result: DemoResult) -> None:
    who = "Created demo creator" if result.creator_created else "Demo content for"
    console.print(
        f"{who} [bold]{result.handle}[/bold]: {result.niche}, {result.profile} channel, "
        f"{result.pieces:,} pieces ({result.created:,} new, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged; {result.removed:,} old demo pieces removed)."
    )
    console.print(f"Seed {result.seed} — repeat this run with --seed {result.seed}.")


@app.command("disable")
def disable(creator: CreatorOption = None, db: DbOption = None) -> None:
    """Remove a creator's demo content (and only that)."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        target = resolve_creator(session, creator)
        handle = target.handle
        removed = disable_demo(session, target.id, now=wired.clock.now())
    console.print(f"Removed {removed:,} demo pieces from [bold]{handle}[/bold].")
