"""The dashboard's views in everyday words: one piece ("why did my iPhone review do so well",
"what went wrong with #12"), week-over-week growth ("what is still gaining") and the overview,
themes, platforms, top, attention, list and digest ("what flopped this month").
"""

from __future__ import annotations

import re
from typing import Any

from context.rules.normalize import Words
from context.rules.requests_words import intent_of
from context.rules.slots import FLOP_WORDS, is_platform_talk, period_in, platform_in

OVERVIEW, TOP, ATTENTION, THEMES, PLATFORMS = "overview", "top", "attention", "themes", "platforms"
CONTENT, LIST, DIGEST, GROWTH = "content", "list", "digest", "growth"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def scoped(name: str, words: Words, **extra: Any) -> Any:
    """An intent with the period and platform the text names."""
    return intent_of(name, period=period_in(words.text), platform=platform_in(words.fixed), **extra)


_WHY = _rx(
    r"\bwhy (did|was|is|has) (?P<ref>.+?) (do|doing|perform|performing|go|going|work|working|"
    r"get|flop\w*|fail\w*|tank\w*|bomb\w*|underperform\w*|overperform\w*|struggl\w*|so|such|"
    r"blow|take)\b"
)
_WRONG = _rx(r"\b(what (went|is|s|was)|whats) wrong with (?P<ref>.+?)$|"
             r"\bwhat held back (?P<held>.+?)$|"
             r"\b(what|whats) (happened|is happening|s happening|went on) (to|with) "
             r"(?P<hap>.+?)$")  # fmt: skip
# "what did I do differently with #141": what set the piece apart, good or bad.
_DIFFERENT = _rx(r"\bwhat did (i|we) do (differently|right|wrong|better|worse|well) (with|on|in|"
                 r"for) (?P<ref>.+?)\??$|\bwhat (made|makes) (?P<made>.+?) (different|special|"
                 r"stand out|work|do so well|so good)\??$")  # fmt: skip
_ABOUT = _rx(r"\b(tell me (more )?about|details (on|for|of|about)|explain|what about|more on|"
             r"how did) (?P<ref>.+?)( do| go| perform| doing)?$")  # fmt: skip
_PIECE_ASKS = (_WHY, _WRONG, _DIFFERENT, _ABOUT)
_BARE_REF = _rx(r"^(the )?(#?\d+|piece \d+|(first|second|third|fourth|fifth|\d(st|nd|rd|th)|last)"
                r"( one| piece| video)?)$")  # fmt: skip
OVERALL_REFS = frozenset({"i", "we", "you", "everything", "things", "my channel", "my content"})
# "how did my videos do last week": pieces in the plural are the overview, not one piece's title.
_PLURAL_REF = _rx(r"^(all )?(my|the) (videos|posts|pieces|reels|tiktoks|shorts|uploads|content)\b")


def content(words: Words, raw: str, has_draft: bool) -> Any:
    """'why did my iPhone review do so well', 'tell me about #12', 'the 2nd one'."""
    text = words.text
    found = (
        _WHY.search(text) or _WRONG.search(text) or _DIFFERENT.search(text) or _ABOUT.search(text)
    )
    if found is None:
        return intent_of(CONTENT, ref=text, aspect="all") if _BARE_REF.search(text) else None
    named = found.groupdict()
    group = next((g for g in ("held", "hap", "made") if named.get(g)), "ref")
    ref = words.typed_span(*found.span(group))
    if is_platform_talk(ref.lower()) or ref.lower() in OVERALL_REFS or _PLURAL_REF.search(ref):
        return scoped(OVERVIEW, words)
    why = found.re in (_WHY, _DIFFERENT)
    aspect = (
        "improve" if FLOP_WORDS.search(text) or " do wrong " in text else "why" if why else "all"
    )
    return intent_of(CONTENT, ref=ref, aspect=aspect)


_GROWTH = _rx(
    r"\bstill (gaining|growing|getting views|picking up)\b|"
    r"\b(trend|trends|trending|growing|growth)\b.*\b(channel|account|views|me|i|my)\b|"
    r"\b(channel|account|views|am i|are we)\b.*\b(trend|trends|trending|growing|growth)\b|"
    r"\bweek over week\b"
)
_FIGURE_WORDS = _rx(r"\b(engagement|likes|comments|shares|saves|retention|watch time|average)\b")


def growth(words: Words, raw: str, has_draft: bool) -> Any:
    """'what is still gaining', 'how is my channel trending': week-over-week views."""
    text = words.text
    if _GROWTH.search(text) is None or _FIGURE_WORDS.search(text):
        return None
    return intent_of(GROWTH)


_THEMES = _rx(r"\b(theme|themes|topic|topics|category|categories|subjects?|kinds? of content|"
              r"types? of content|what content works)\b|"
              r"\bwhat (does|do) my (audience|audiences|viewers|followers|fans|subscribers|subs) "
              r"(like|love|want|enjoy|prefer|respond to|care about)\b")  # fmt: skip
_PLATFORMS = _rx(
    r"\b(platform|platforms|which app|what app|where should i post)\b|"
    r"\b(youtube|instagram|tiktok|ig|insta|yt) (even |really )?worth "
    r"(it|posting|the effort|my time)\b|"
    r"\b(stop|quit) (posting|uploading) (on|to)\b|\bgive up on (youtube|instagram|tiktok)\b"
)
_WORKING = _rx(
    r"\b(whats|what is) (working|doing well)\b|^(ww|whatsworking|working)$|"
    r"\bwhat (works|is working|resonates) (for|with) (me|us|my (audience|audiences|viewers|"
    r"followers|fans|channel|account))\b"
)
_ATTENTION = _rx(
    r"\b(flop|flops|flopped|flopping|worst|underperform\w*|not working|isnt working|"
    r"arent working|needs? attention|badly|poorly|weak|weakest|tank\w*|bomb\w*|struggl\w*|"
    r"failed|failing|fail|losers?|bad)\b|"
    r"\b(videos|posts|pieces|reels|tiktoks|shorts|content|ones) (should|could|can|do) (i|we) "
    r"(delete|remove|take down|archive|hide)\b"
)
_TOP = _rx(
    r"\b(viral|blew up|blown up|blow up|blowing up|took off|exploded|breakouts?)\b|"
    r"\b(best|top|hits?|overperform\w*|winners?|strongest|most (viewed|popular)|did well|"
    r"doing well|worked|performed well|greatest)\b"
)
_LIST = _rx(
    r"\b(list|show|see|all)\b.*\b(videos|content|posts|pieces|reels|tiktoks|shorts|uploads)\b|"
    r"\b(recent|latest|newest) (posts|videos|uploads|content|pieces)\b"
)
_DIGEST = _rx(r"\b(digest|daily (summary|report|update)|morning (summary|report))\b|"
              r"^(whats|what is|anything|any) new( (videos|posts|pieces|uploads))?$")  # fmt: skip
_OVERVIEW = _rx(
    r"\bhow (am i|are we|is|are|s|was|were) (my |the )?.*\b(doing|performing|going|do|perform)\b|"
    r"\bhows\b|"
    r"\b(overview|dashboard|stats|statistics|summary|performance|numbers|analytics|report|"
    r"insights|results|summari[sz]e|recap)\b|\bhow did\b|"
    r"\bwhat do you think (of|about) my (channel|account|content|videos|posts)\b|"
    r"^how (was|is|s|has been) (my|the|this|last) (week|month|quarter)\b"
)


def topics(words: Words, raw: str, has_draft: bool) -> Any:
    """Themes, platforms, and the dashboard's views in everyday words."""
    text = words.text
    if _WORKING.search(text):
        return scoped(OVERVIEW, words)
    for pattern, name in ((_THEMES, THEMES), (_PLATFORMS, PLATFORMS), (_DIGEST, DIGEST)):
        if pattern.search(text):
            return scoped(name, words)
    if _ATTENTION.search(text):
        return scoped(ATTENTION, words)
    if _TOP.search(text):
        return scoped(TOP, words)
    if _LIST.search(text):
        return scoped(
            LIST,
            words,
            sort="published" if re.search(r"recent|latest|newest|\blast [0-9]", text) else "score",
        )
    if _OVERVIEW.search(text) or platform_in(words.fixed):
        return scoped(OVERVIEW, words)
    return None
