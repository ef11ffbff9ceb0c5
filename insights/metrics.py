"""Platform rules every part shares: engagement formulas and the short-/long-form split."""

from __future__ import annotations

from insights.records import MetricsRecord

SHORT_FORM_MAX_SECONDS = 60
SHORT_FORM_TYPES = frozenset({"short", "reel", "story"})
LONG_FORM = "long"
SHORT_FORM = "short"
# Formats that are not videos at all (images, carousels) form their own class.
STATIC_FORM = "static"
# What a person reads for each format (the patterns' subjects, the formats view).
FORMAT_NAMES = {SHORT_FORM: "short-form", LONG_FORM: "long-form", STATIC_FORM: "image posts"}
STATIC_TYPES = frozenset({"post", "carousel"})


def known_sum(*values: int | None) -> int | None:
    """The sum of the values reported; None when none was (unknown is not 0)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def interactions(metrics: MetricsRecord) -> int | None:
    """Likes, comments, shares and saves together, from the figures reported.

    A count the platform did not report (TikTok's saves, YouTube's shares without Analytics) is
    left out; with likes, the main figure, unknown the total is unknown (docs/SCORING.md).
    """
    if metrics.likes is None:
        return None
    return metrics.likes + (known_sum(metrics.comments, metrics.shares, metrics.saves) or 0)


def high_intent(shares: int | None, saves: int | None) -> int | None:
    """Shares and saves together, from those reported; None when neither was."""
    return known_sum(shares, saves)


def engagement_rate(platform: str, metrics: MetricsRecord) -> float | None:
    """Engagement in percent by the platform's own formula, or None when it cannot be computed.

    TikTok and YouTube divide interactions by views; Instagram divides by reach (falling back to
    views when a source gives no reach). Unknown when the likes are (``interactions``).
    """
    if metrics.engagement_rate is not None:
        return metrics.engagement_rate
    denominator = metrics.views
    if platform == "instagram" and metrics.reach:
        denominator = metrics.reach
    total = interactions(metrics)
    if not denominator or total is None:
        return None
    return 100.0 * total / denominator


def format_class(content_type: str, duration_seconds: int | None) -> str:
    """'short', 'long' or 'static': the baseline group a piece is compared within."""
    if content_type in STATIC_TYPES:
        return STATIC_FORM
    if content_type in SHORT_FORM_TYPES:
        return SHORT_FORM
    if duration_seconds is not None and duration_seconds <= SHORT_FORM_MAX_SECONDS:
        return SHORT_FORM
    return LONG_FORM
