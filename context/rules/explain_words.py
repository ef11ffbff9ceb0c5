"""Asking what the assistant's words mean: "how do you calculate the score?", "what does
overperforming mean?", "why isn't my video judged yet?", "how do you find patterns?", "how is
engagement calculated?".

Only a question about the term itself: "what is my average score" asks for a figure, and "why is
#12 underperforming" about a piece; neither is read as a definition.
"""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words
from context.rules.requests_words import intent_of

_VERB = (
    r"(calculate|calculated|compute|computed|work out|worked out|measure|measured|decide|decided|"
    r"determine|determined|come up with|find|found|get|judge|judged|count|counted|define|defined)"
)


def _asks_about(terms: str) -> re.Pattern[str]:
    """The ways of asking what ``terms`` mean or how they are worked out."""
    term = rf"(?:{terms})"
    return re.compile(
        rf"\bwhat (does|do|did) (a |an |the |your )?{term} (mean|means|stand for|tell me)\b|"
        rf"\bwhat (is|s|are) (a |an |the |your )?{term}\??$|\bwhats (a |an |the |your )?{term}\??$|"
        rf"\b(meaning of|define|explain) (the |a |an |your )?{term}\b|"
        rf"\bhow (do|does|did|are|is) (you|it|the app|this|whatsworking) {_VERB} (the |a |an |my |"
        rf"your )?{term}\b|"
        rf"\bhow (is|are|was|were) (the |a |an |my |your )?{term} {_VERB}\b"
    )


_TOPICS = (
    ("categories", _asks_about(r"overperform\w*|underperform\w*|normal|categor\w*")),
    ("recent", _asks_about(r"too recent( to judge)?|provisional|early score|early scores")),
    ("patterns", _asks_about(r"patterns?|best (time|window)s?|recommendations?|significan\w*")),
    ("engagement", _asks_about(r"engagement( rate)?s?")),
    ("score", _asks_about(r"(performance )?scores?|scoring|percentiles?|percentile ranks?")),
)
_NOT_JUDGED = re.compile(
    r"\b(why|how come) (is|isnt|is not|arent|are not|hasnt|has not|wasnt)\b.*\b(judged|scored)"
    r"( yet)?\b|\bhow long (until|till|before|does it take)\b.*\b(judged|scored)\b|"
    r"\bwhen (will|does|do) (it|my \w+|they|the \w+) (be |get )?(judged|scored)\b|"
    r"\bwhy (is|does) (it|my \w+|this|#?\d+) (say|show) (too recent|provisional)\b"
)
_SURE = re.compile(
    r"\b(is|are) (this|that|it|these|they) (statistically )?significant\b|"
    r"\bhow (sure|confident|certain) are you\b|\bcould (this|that|it) (just )?be (luck|chance)\b"
)


def topic_in(text: str) -> str | None:
    """Which of the assistant's terms the text asks about, or None."""
    if _NOT_JUDGED.search(text):
        return "recent"
    if _SURE.search(text):
        return "patterns"
    return next((topic for topic, pattern in _TOPICS if pattern.search(text)), None)


def explain(words: Words, raw: str, has_draft: bool) -> Any:
    """'what does overperforming mean': the term, from the engine's own configuration."""
    topic = topic_in(words.text)
    return None if topic is None else intent_of("explain", topic=topic)
