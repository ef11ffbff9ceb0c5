"""What the assistant's words mean: "how do you calculate the score?", "what does
overperforming mean?", "why is my video not judged yet?", "how do you find patterns?".

Every figure in these answers is read from the configuration the insights engine runs with
(``insights.score_math``, ``insights.findings``, ``insights.metrics``), so an answer cannot drift
from what the engine does. docs/SCORING.md is the long version.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, Field

from context.reply import Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult

Topic = Literal["score", "categories", "recent", "patterns", "engagement"]
TITLES = {
    "score": "How a score is worked out",
    "categories": "Overperforming, normal, underperforming",
    "recent": "Too recent to judge",
    "patterns": "How patterns are found",
    "engagement": "How engagement is counted",
}


class TermArgs(BaseModel):
    """Arguments of explain_terms."""

    topic: Topic = Field(
        default="score",
        description="the score, the categories, 'too recent to judge', how patterns are found, "
        "or how engagement is counted",
    )


def score_at(ratio: float) -> float:
    """The score of a piece ``ratio`` times its typical piece on every component."""
    from insights.scoring import DEFAULT_SCORING as config

    return 100 / (1 + math.exp(-(config.intercept + config.slope * math.log(ratio))))


def score_text() -> str:
    """The score: against what, which figures with which weights, and a few anchors."""
    from insights.findings import DEFAULT_PATTERNS
    from insights.scoring import DEFAULT_SCORING as c

    weights = f"views {c.weight_views:.0%}, engagement {c.weight_engagement:.0%}, retention " \
        f"{c.weight_retention:.0%}, shares and saves {c.weight_intent:.0%}"  # fmt: skip
    return (
        "A score (0-100) says how a piece did against your own typical piece: the same platform "
        f"and format, published around the same time (the {DEFAULT_PATTERNS.era_neighbours} such "
        f"pieces nearest to it, from at least {c.min_group_size}). Each figure is compared as a "
        f"ratio to the typical one and they are weighed: {weights}. A typical piece scores "
        f"{score_at(1):.0f}; one {c.over_ratio:g}× better on every figure scores "
        f"{score_at(c.over_ratio):.0f}, 2× scores {score_at(2):.0f}, and one {c.over_ratio:g}× "
        f"worse scores {score_at(1 / c.over_ratio):.0f}. It is never a rank against other "
        "creators."
    )


def categories_text() -> str:
    """The categories' thresholds, and that they are not quotas."""
    from insights.score_math import OVER_THRESHOLD, UNDER_THRESHOLD
    from insights.scoring import DEFAULT_SCORING as c

    return (
        f"Overperforming: a score above {OVER_THRESHOLD:.0f}, about {c.over_ratio:g}× your typical "
        f"piece or better. Normal: {UNDER_THRESHOLD:.0f} to {OVER_THRESHOLD:.0f}. Underperforming: "
        f"below {UNDER_THRESHOLD:.0f}, about {c.over_ratio:g}× worse or more. They are not quotas: "
        "if all your pieces do alike, all of them are normal."
    )


def recent_text() -> str:
    """When a piece is judged, and what it is compared on until then."""
    from insights.scoring import DEFAULT_SCORING as c

    days = c.provisional_age.days
    return (
        f"A piece younger than {days} days is too recent to judge: until then its early score "
        "compares its first 24 hours with your other pieces' first 24 hours (its totals when the "
        "platform gave no 24-hour figures), it is counted apart from the categories, and it "
        f"moves no judged piece's rank. At {days} days it is judged on its totals against your "
        "typical piece."
    )


def patterns_text() -> str:
    """How a pattern is found and when it is said."""
    from insights.findings import DEFAULT_PATTERNS as p

    return (
        "A pattern (a best posting window, a theme or platform that does better, a habit) is "
        "said only when it is unlikely to be chance. Each is a test of your own pieces "
        "(Mann-Whitney, or a permutation scan over every posting window), comparing them like "
        "for like (same platform, format and era). A whole family of tests is held to a "
        f"{p.fdr:.0%} false discovery rate (Benjamini-Hochberg), the difference must be at least "
        f"{p.min_lift:g}×, and what was found on your older pieces must hold on your newer ones "
        f"(by at least {p.replication_min_lift:g}×). It says what went with better results, not "
        "what caused them."
    )


def engagement_text() -> str:
    """Each platform's engagement formula and what happens to a figure not reported."""
    return (
        "Engagement rate is likes, comments, shares and saves over views, in percent, on YouTube "
        "and TikTok; on Instagram it is over reach (over views when a source gives no reach). A "
        "count a platform does not report is left out of the sum; without likes the rate is "
        "unknown, never 0."
    )


TEXTS = {
    "score": score_text,
    "categories": categories_text,
    "recent": recent_text,
    "patterns": patterns_text,
    "engagement": engagement_text,
}


class ExplainTerms(BoundTool[TermArgs]):
    """What a score, a category, 'too recent to judge', a pattern or engagement means here."""

    name = "explain_terms"
    description = (
        "How the assistant works out what it says: the score, the categories "
        "(overperforming/normal/underperforming), 'too recent to judge', how patterns are found, "
        "how engagement is counted. For 'how do you calculate the score', 'what does "
        "overperforming mean'."
    )
    args_model: type[BaseModel] = TermArgs

    def execute(self, args: TermArgs) -> ToolResult:
        """The topic's text, from the engine's own configuration."""
        text = TEXTS[args.topic]()
        title = TITLES[args.topic]
        return ToolResult(f"{title}: {text}", Reply((Headline(title), Paragraph(text))))
