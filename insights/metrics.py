"""Platform rules every part shares: engagement formulas and the short-/long-form split."""

from __future__ import annotations

from insights.records import MetricsRecord

SHORT_FORM_MAX_SECONDS = 60
SHORT_FORM_TYPES = frozenset({"short", "reel", "story"})
LONG_FORM = "long"
SHORT_FORM = "short"
# Formats that are not videos at all (images, carousels) form their own class.
STATIC_FORM = "static"
STATIC_TYPES = frozenset({"post", "carousel"})


def interactions(metrics: MetricsRecord) -> int:
    """Likes, comments, shares and saves together."""
    return metrics.likes + metrics.comments + metrics.shares + metrics.saves


def engagement_rate(platform: str, metrics: MetricsRecord) -> float | None:
    """Engagement in percent by the platform's own formula, or None when it cannot be computed.

    TikTok and YouTube divide interactions by views; Instagram divides by reach (falling back to
    views when a source gives no reach).
    """
    if metrics.engagement_rate is not None:
        return metrics.engagement_rate
    denominator = metrics.views
    if platform == "instagram" and metrics.reach:
        denominator = metrics.reach
    if not denominator:
        return None
    return 100.0 * interactions(metrics) / denominator


def format_class(content_type: str, duration_seconds: int | None) -> str:
    """'short', 'long' or 'static': the baseline group a piece is compared within."""
    if content_type in STATIC_TYPES:
        return STATIC_FORM
    if content_type in SHORT_FORM_TYPES:
        return SHORT_FORM
    if duration_seconds is not None and duration_seconds <= SHORT_FORM_MAX_SECONDS:
        return SHORT_FORM
    return LONG_FORM
