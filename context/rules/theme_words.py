"""One theme, in everyday words: where it does best ("where should I post my vlogs?", "which
platform is best for reviews?", "do my tutorials do better on YouTube or TikTok?") and whether to
make more or less of it ("should I stop making vlogs?", "are my tutorials worth it?").

The theme is whatever the creator calls it; the tool checks it against their own themes and
names them when it is not one. Words that name pieces in general ("my videos", "my content")
are not a theme: those questions stay the platforms side by side.
"""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words
from context.rules.requests_words import intent_of

_THEME = r"(?P<theme>[a-z][a-z0-9 '&-]{1,40}?)"
_PLATFORM = r"(youtube|instagram|tiktok)"
_WHERE = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\bwhere (should|do|can|could|would|to) (i|we)? ?(post|put|publish|upload|share|focus) "
        rf"(my |the |our )?{_THEME}( videos?| posts?| content| pieces?)?\??$",
        rf"\b(which|what) (platform|app|site) (is|works|would be|s|does) (the )?(best|better|good|"
        rf"right) for (my |the |our )?{_THEME}\??$",
        rf"\bbest (platform|app) for (my |the |our )?{_THEME}\??$",
        rf"\b(do|does|are|is) my {_THEME} (do |doing |perform |performing |work |working |go |"
        rf"going )?(better|best|worse) on {_PLATFORM}( or (on )?{_PLATFORM})?\b",
        rf"\bhow (do|are|does|is|did) my {_THEME} (do|doing|perform|performing|go|going|work|"
        rf"working) on {_PLATFORM}\b",
        rf"\bshould (i|we) (make|post|do|film|create|upload|publish) (more|less|fewer) "
        rf"{_THEME}\??$",
        rf"\bshould (i|we) (stop|keep|start|quit|continue) (making|posting|doing|filming|"
        rf"creating|uploading|publishing) {_THEME}\??$",
        rf"\b(are|is) (my )?{_THEME} (worth it|worth (making|posting|the effort|my time)|working|"
        rf"working for me|good for me)\??$",
        rf"\bdo (my )?{_THEME} (work|do well|perform well|pay off)( for me)?\??$",
    )
)
GENERAL = frozenset(
    {"videos", "video", "posts", "post", "content", "reels", "reel", "shorts", "short",
     "tiktoks", "stuff", "pieces", "piece", "uploads", "clips", "things", "work", "channel",
     "account", "it", "them", "this", "that", "latest", "new", "best", "next", "me", "us",
     "my", "our", "audience", "brand", "business", "niche", "of", "the", "a", "an", "those",
     "these", "what", "which", "one", "ones"}
)  # fmt: skip


# Words of questions other views answer: platforms, and title features ("do questions in titles
# work").
ELSEWHERE = frozenset(
    {"youtube", "instagram", "tiktok", "title", "titles", "hashtag", "hashtags", "emoji",
     "emojis", "question", "questions", "caption", "captions", "weekend", "weekends", "weekday",
     "weekdays", "morning", "mornings", "evening", "evenings", "night", "nights", "afternoon",
     "afternoons", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays",
     "sundays", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "collabs", "collab", "collaborations", "lives", "live", "streams", "stories"}
)  # fmt: skip


def theme_in(text: str) -> str | None:
    """The theme a 'where does it do best' question names, or None."""
    found = next((m for m in (p.search(text) for p in _WHERE) if m), None)
    if found is None:
        return None
    words = found.group("theme").split()
    while words and words[-1] in GENERAL:  # "my cooking videos": the theme is "cooking"
        words.pop()
    if not words or set(words) <= GENERAL or set(words) & ELSEWHERE:
        return None
    return " ".join(words)


def theme_platforms(words: Words, raw: str, has_draft: bool) -> Any:
    """'where should I post my vlogs': the theme on each platform."""
    theme = theme_in(words.text)
    return None if theme is None else intent_of("theme_platforms", theme=theme)


# "which of my reviews did best", "my best tutorials", "my worst vlogs": one theme's pieces.
_RANKED = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\bwhich (of )?(my |the )?{_THEME} (did|do|does|performed|perform|went|got|was|were|is|"
        rf"are) (the )?(?P<how>best|well|worst|badly|poorly|most|top)\b",
        rf"^(show |show me |list |what are |whats |what s |what is )?(my |the )?(?P<how>best|top|"
        rf"worst|weakest|strongest) {_THEME}\??$",
    )
)
# Words these shapes share with other questions: time ("my best month"), the top view itself.
NOT_RANKED = frozenset(
    {"month", "months", "week", "weeks", "day", "days", "year", "time", "times", "hour",
     "hours", "window", "slot", "platform", "platforms", "theme", "themes", "topic", "topics",
     "performers", "performer", "hits", "hit", "format", "formats", "title", "titles"}
)  # fmt: skip


def ranked_theme(words: Words, raw: str, has_draft: bool) -> Any:
    """'my best tutorials': the theme's pieces, best score first ('my worst vlogs': lowest)."""
    found = next((m for m in (p.search(words.text) for p in _RANKED) if m), None)
    if found is None:
        return None
    named = found.group("theme").split()
    if not named or set(named) & (GENERAL | ELSEWHERE | NOT_RANKED):
        return None
    worst = found.group("how") in ("worst", "badly", "poorly", "weakest")
    return intent_of("list", theme=" ".join(named), sort="lowest" if worst else "score")
