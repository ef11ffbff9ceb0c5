"""Seeded generation of simulated pieces: whole batches, or streamed in bounded memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

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
    if batch_size < 1:
        raise InvalidInput(f"batch_size must be at least 1, not {batch_size}")
    run = _start(config, seed, now)
    pending: list[SimulatedPiece] = []
    for start in range(0, config.pieces, BLOCK):
        pending.extend(_block(run, start, min(BLOCK, config.pieces - start), title_writer))
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


def _block(run: _Run, start: int, n: int, writer: TitleWriter | None) -> list[SimulatedPiece]:
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
    return _assemble(run, start, draws, published, followers, metrics, titles)


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
    config = run.config
    themes = config.ranked_themes
    tags_of = [(config.niche, theme.lower()) for theme in themes]
    pieces = []
    ids = platform_ids(run.seed, start, len(titles))
    columns = zip(
        draws.platform.tolist(),
        draws.theme.tolist(),
        draws.category.tolist(),
        draws.slot.tolist(),
        draws.view_multiplier.tolist(),
        draws.engagement_multiplier.tolist(),
        np.rint(followers).astype(np.int64).tolist(),
        strict=True,
    )
    for i, (platform, theme, category, slot, view_mult, eng_mult, follower_count) in enumerate(
        columns
    ):
        metrics = MetricsRecord(
            views=m.views[i],
            likes=m.likes[i],
            comments=m.comments[i],
            shares=m.shares[i],
            saves=m.saves[i],
            impressions=m.impressions[i],
            reach=m.reach[i],
            watch_time_hours=m.watch_time_hours[i],
            retention_rate=m.retention[i],
            avg_view_duration_seconds=m.avg_view_duration[i],
            followers_gained=m.followers_gained[i],
            profile_visits=m.profile_visits[i],
            views_24h=m.views_24h[i],
            likes_24h=m.likes_24h[i],
            views_48h=m.views_48h[i],
        )
        record = PieceRecord(
            platform=PLATFORMS[platform],
            platform_id=ids[i],
            content_type=draws.content_type[i],
            title=titles[i],
            published_at=published[i],
            metrics=metrics,
            theme=themes[theme],
            duration_seconds=draws.duration[i],
            follower_count_at_post=follower_count,
            tags=tags_of[theme],
        )
        pieces.append(
            SimulatedPiece(record, CATEGORY_NAMES[category], SLOT_NAMES[slot], view_mult, eng_mult)
        )
    return pieces
