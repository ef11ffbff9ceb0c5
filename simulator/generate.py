"""Seeded generation of simulated pieces: whole batches, or streamed in bounded memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import MISSING, dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import numpy as np

from insights.collector import collector_paused
from insights.records import MetricsRecord, PieceRecord
from simulator.config import PLATFORMS, SimulationConfig
from simulator.draws import SLOT_NAMES, Draws, draw_block, local_datetimes, progress
from simulator.metrics_model import BlockMetrics, block_metrics
from simulator.niches import niche
from simulator.titles import TitleRequest, TitleWriter, template_titles, theme_kind, unique_titles
from storage.errors import InvalidInput

# Pieces per generation block. Output depends only on (config, seed, now), never on batch_size;
# titles are unique within each block, so within any batch of up to BLOCK pieces.
BLOCK = 10_000
CATEGORY_NAMES = ("overperforming", "normal", "underperforming")
SIZES = ("small", "mid", "large")
# Followers at the start of the window, drawn log-uniformly per profile.
FOLLOWER_RANGES = {
    "small": (2_000, 15_000),
    "mid": (25_000, 150_000),
    "large": (300_000, 2_000_000),
}
MAX_SEED = 2**63 - 1
# Fixed-width piece indexes (MAX_PIECES has 8 digits): ids of one run sort in generation order,
# which keeps the (creator, platform, platform_id) index append-only during bulk loads.
ID_PREFIX = "sim-"
ID_DIGITS = 8
_RUN_STREAM, _BLOCK_STREAM = 0, 1
# Every MetricsRecord figure but the platform's engagement rate, which the simulator leaves to
# the platform's formula.
METRIC_FIELDS = tuple(f.name for f in fields(MetricsRecord) if f.name != "engagement_rate")
# MetricsRecord fields whose BlockMetrics column has another name.
METRIC_COLUMNS = {"retention_rate": "retention", "avg_view_duration_seconds": "avg_view_duration"}
_Record = TypeVar("_Record")


@dataclass(frozen=True)
class SimulatedPiece:
    """A generated piece and the truth planted in it (for tests and truth benchmarks).

    planted_category: "overperforming" | "normal" | "underperforming" (the drawn category).
    slot: "good" | "poor" | "neutral" — the planted timing slot its local publish time fell in.
    view_multiplier / engagement_multiplier: the category multipliers drawn for it.
    """

    record: PieceRecord
    planted_category: str
    slot: str = "neutral"
    view_multiplier: float = 1.0
    engagement_multiplier: float = 1.0


@dataclass(frozen=True)
class _Run:
    config: SimulationConfig
    seed: int
    now: datetime
    profile: str
    start_followers: float


def platform_id(seed: int, index: int) -> str:
    """The id of the index-th piece of a seed's run: fixed width, so ids sort in index order."""
    return f"{ID_PREFIX}{seed}-{index:0{ID_DIGITS}d}"


def platform_ids(seed: int, start: int, count: int) -> list[str]:
    """``platform_id`` of ``count`` pieces from ``start`` (the format spec built once)."""
    prefix, spec = f"{ID_PREFIX}{seed}-", f"0{ID_DIGITS}d"
    return [prefix + format(index, spec) for index in range(start, start + count)]


def check_seed(seed: object) -> int:
    """The seed as an int, or InvalidInput when it is not a whole number in range."""
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InvalidInput(f"the seed must be a whole number, not {seed!r}")
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"the seed must be between 0 and {MAX_SEED}, not {seed}")
    return seed


def resolve_profile(profile: str, seed: int) -> str:
    """The channel size: the profile itself, or for 'auto' one drawn from the seed."""
    if profile != "auto":
        return profile
    rng = np.random.default_rng([check_seed(seed), _RUN_STREAM])
    return SIZES[int(rng.integers(0, len(SIZES)))]


def generate_pieces(
    config: SimulationConfig,
    *,
    seed: int,
    now: datetime,
    title_writer: TitleWriter | None = None,
) -> list[SimulatedPiece]:
    """All ``config.pieces`` pieces at once (deterministic for a seed, config and ``now``)."""
    return [
        piece
        for batch in iter_piece_batches(
            config, seed=seed, now=now, batch_size=BLOCK, title_writer=title_writer
        )
        for piece in batch
    ]


def iter_piece_batches(
    config: SimulationConfig,
    *,
    seed: int,
    now: datetime,
    batch_size: int,
    title_writer: TitleWriter | None = None,
) -> Iterator[list[SimulatedPiece]]:
    """The same pieces as generate_pieces, in lists of ``batch_size`` (memory stays bounded)."""
    return _batches(config, seed, now, batch_size, title_writer, _assemble)


def iter_record_batches(
    config: SimulationConfig,
    *,
    seed: int,
    now: datetime,
    batch_size: int,
    title_writer: TitleWriter | None = None,
) -> Iterator[list[PieceRecord]]:
    """The records of iter_piece_batches' pieces, without the truth planted in them: what the
    ingestion pipeline takes (a million pieces need no SimulatedPiece each)."""
    return _batches(config, seed, now, batch_size, title_writer, _assemble_records)


def _batches(
    config: SimulationConfig,
    seed: int,
    now: datetime,
    batch_size: int,
    writer: TitleWriter | None,
    assemble: Callable[..., list[_Record]],
) -> Iterator[list[_Record]]:
    if batch_size < 1:
        raise InvalidInput(f"batch_size must be at least 1, not {batch_size}")
    run = _start(config, seed, now)
    return _batches_of(run, batch_size, writer, assemble)


def _batches_of(
    run: _Run, batch_size: int, writer: TitleWriter | None, assemble: Callable[..., list[_Record]]
) -> Iterator[list[_Record]]:
    pieces = run.config.pieces
    pending: list[_Record] = []
    for start in range(0, pieces, BLOCK):
        with collector_paused():
            pending.extend(_block(run, start, min(BLOCK, pieces - start), writer, assemble))
        cut = len(pending) - len(pending) % batch_size
        for offset in range(0, cut, batch_size):
            yield pending[offset : offset + batch_size]
        pending = pending[cut:]
    if pending:
        yield pending


def _start(config: SimulationConfig, seed: int, now: datetime) -> _Run:
    check_seed(seed)
    if now.tzinfo is None:
        raise InvalidInput("the simulator needs a timezone-aware 'now'")
    profile = resolve_profile(config.profile, seed)
    low, high = FOLLOWER_RANGES[profile]
    rng = np.random.default_rng([seed, _RUN_STREAM, 1])
    followers = float(np.exp(rng.uniform(np.log(low), np.log(high))))
    return _Run(config, seed, now.astimezone(UTC), profile, followers)


def _block(
    run: _Run,
    start: int,
    n: int,
    writer: TitleWriter | None,
    assemble: Callable[..., list[_Record]],
) -> list[_Record]:
    config = run.config
    rng = np.random.default_rng([run.seed, _BLOCK_STREAM, start // BLOCK])
    tz = ZoneInfo(config.timezone)
    today = run.now.astimezone(tz).date()
    draws = draw_block(config, rng, n, today)
    published = [dt.astimezone(UTC) for dt in local_datetimes(draws, today, tz)]
    stamps = np.array([dt.timestamp() for dt in published])
    window_start = (run.now - timedelta(days=config.days)).timestamp()
    fraction = (stamps - window_start) / (run.now.timestamp() - window_start)
    followers = run.start_followers * (1.0 + config.follower_growth) ** fraction
    growth = channel_growth(config, fraction)
    metrics = block_metrics(config, rng, draws, followers * growth, run.now.timestamp() - stamps)
    titles = _titles(run, rng, draws, writer)
    return assemble(run, start, draws, published, followers, metrics, titles)


def channel_growth(config: SimulationConfig, elapsed: np.ndarray) -> np.ndarray:
    """The view multiplier of channel growth at each elapsed fraction of the window (0 to 1)."""
    if config.view_growth == 1.0:
        return np.ones(elapsed.size)
    growth: np.ndarray = config.view_growth ** progress(config, elapsed)
    return growth


def _titles(
    run: _Run, rng: np.random.Generator, draws: Draws, writer: TitleWriter | None
) -> list[str]:
    config = run.config
    data = niche(config.niche)
    themes = config.ranked_themes
    ranks = draws.theme.tolist()
    kinds = [theme_kind(data, themes[r], r) for r in ranks]
    titles = template_titles(data, kinds, rng, year=run.now.year)
    if writer is not None:
        requests = [
            TitleRequest(config.niche, themes[r], PLATFORMS[p], t)
            for r, p, t in zip(ranks, draws.platform.tolist(), draws.content_type, strict=True)
        ]
        written = list(writer.write_titles(requests))
        titles = [
            w.strip() if i < len(written) and (w := written[i]) and w.strip() else fallback
            for i, fallback in enumerate(titles)
        ]
    return unique_titles(titles)


def _assemble(
    run: _Run,
    start: int,
    draws: Draws,
    published: list[datetime],
    followers: np.ndarray,
    m: BlockMetrics,
    titles: list[str],
) -> list[SimulatedPiece]:
    records = _assemble_records(run, start, draws, published, followers, m, titles)
    truth = {
        "record": records,
        "planted_category": [CATEGORY_NAMES[c] for c in draws.category.tolist()],
        "slot": [SLOT_NAMES[s] for s in draws.slot.tolist()],
        "view_multiplier": draws.view_multiplier.tolist(),
        "engagement_multiplier": draws.engagement_multiplier.tolist(),
    }
    return _records(SimulatedPiece, truth)


def _assemble_records(
    run: _Run,
    start: int,
    draws: Draws,
    published: list[datetime],
    followers: np.ndarray,
    m: BlockMetrics,
    titles: list[str],
) -> list[PieceRecord]:
    themes = run.config.ranked_themes
    tags_of = [(run.config.niche, theme.lower()) for theme in themes]
    theme_ranks = draws.theme.tolist()
    metrics = _metrics_records(m)
    pieces = {
        "platform": [PLATFORMS[p] for p in draws.platform.tolist()],
        "platform_id": platform_ids(run.seed, start, len(titles)),
        "content_type": draws.content_type,
        "title": titles,
        "published_at": published,
        "metrics": metrics,
        "theme": [themes[t] for t in theme_ranks],
        "duration_seconds": draws.duration,
        "follower_count_at_post": np.rint(followers).astype(np.int64).tolist(),
        "tags": [tags_of[t] for t in theme_ranks],
    }
    return _records(PieceRecord, pieces)


def _metrics_records(m: BlockMetrics) -> list[MetricsRecord]:
    columns = {name: getattr(m, METRIC_COLUMNS.get(name, name)) for name in METRIC_FIELDS}
    return _records(MetricsRecord, columns)


def _records(cls: type[_Record], columns: dict[str, list[Any]]) -> list[_Record]:
    """``cls(**fields)`` for each row of the columns (a frozen dataclass; omitted fields take
    their defaults), without ``__init__``: it sets every field through object.__setattr__,
    which made building a million records a third of generating them."""
    omitted = {
        f.name: f.default
        for f in fields(cls)  # type: ignore[arg-type]
        if f.name not in columns and f.default is not MISSING
    }
    if unset := {f.name for f in fields(cls)} - set(columns) - set(omitted):  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__} needs {', '.join(sorted(unset))}")
    count = len(next(iter(columns.values()), ()))
    # The defaults as columns too: one dict update a record.
    every = [*columns.values(), *([value] * count for value in omitted.values())]
    names, new = [*columns, *omitted], object.__new__
    made = []
    for row in zip(*every, strict=True):
        record = new(cls)
        record.__dict__.update(zip(names, row, strict=True))
        made.append(record)
    return made
