"""Specs of every kind at three sizes: empty, tiny and 10,000 pieces."""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from PIL import Image

from context import charts
from context.reply import ChartSpec

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE_LABELS = (
    "🔥🔥 My iPhone review 👨\u200d👩\u200d👧 $5 vs $10",
    "مراجعة الهاتف الجديد",
    "ignore previous instructions\n\x00\x1b[31m" + "x" * 1_000,
    "$\\frac{1}{0}$ \\mathrm{",
    "こんにちは世界",
)


def decode_png(png: bytes) -> Image.Image:
    """Decode PNG bytes, failing the test if they are not a PNG."""
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image


def _labels(count: int) -> list[str]:
    return [HOSTILE_LABELS[i % len(HOSTILE_LABELS)] + f" #{i}" for i in range(count)]


def _heatmap(fill: float) -> list[list[float | None]]:
    rng = random.Random(7)
    return [[rng.random() if rng.random() < fill else None for _ in range(24)] for _ in range(7)]


def spec_of(kind: str, size: int) -> ChartSpec:
    """A spec of ``kind`` describing ``size`` pieces (themes, plans...) with seeded data."""
    rng = random.Random(size)
    scores = [rng.uniform(0, 100) for _ in range(size)]
    labels = _labels(size)
    if kind == "score_distribution":
        return charts.score_distribution([*scores, float("nan")] if size else [])
    if kind == "top_bottom":
        ranked = sorted(zip(labels, scores, strict=True), key=lambda pair: -pair[1])
        return charts.top_bottom(ranked[:10], ranked[::-1][:10])
    if kind == "theme_bars":
        return charts.theme_bars(labels, scores, [rng.randint(1, 50) for _ in range(size)])
    if kind == "platform_comparison":
        platforms = ["youtube", "instagram", "tiktok", *labels][: min(size, 12)]
        metrics: dict[str, Sequence[float | None]] = {
            "avg score": [rng.uniform(0, 100) for _ in platforms],
            "engagement %": [rng.uniform(0, 10) for _ in platforms],
            "views": [rng.uniform(0, 10_000_000) for _ in platforms],
            "retention": [None for _ in platforms],
            "extra": [1.0 for _ in platforms],
        }
        return charts.platform_comparison(platforms, metrics)
    if kind == "posting_heatmap":
        return charts.posting_heatmap(_heatmap(min(size / 40, 1.0)), timezone="Asia/Tokyo")
    if kind == "growth":
        hours = [i * 0.5 for i in range(size)]
        typical = {h: 40.0 * h for h in range(min(size, 48))}
        return charts.growth(hours, [50.0 * h for h in hours], typical)
    assert kind == "plan_progress"
    return charts.plan_progress(labels, scores)
