"""Why a figure moved, in everyday words: "why are my views down?", "what happened to my
reach?", "my views dropped this month", "why am I getting fewer likes?"; the months side by side
("what was my best month?"); how one period went ("how did November go?") and whether the pieces
did better than before ("am I doing better than last month?", by the score, like for like).

A question about a summed figure (views, reach, likes …) that asks why it changed, or says that
it went up or down, is answered by taking the change apart (``explain_change``); so is a rate
(engagement, retention), by where the pieces went and how the rate moved there. The score is
left to the figure answer; one piece ("why did my video get fewer views") to the piece's own.
"""

from __future__ import annotations

import re
from typing import Any

from context.rules import figure_words as fw
from context.rules.normalize import Words
from context.rules.requests_words import intent_of
from context.rules.slots import period_in, platform_in

CHANGE = "change"
TAKEN_APART = frozenset(
    {"views", "reach", "impressions", "likes", "comments", "shares", "saves", "followers",
     "watch_time", "engagement", "retention"}
)  # fmt: skip
_CHANNEL = re.compile(r"\b(numbers|traffic|channel|account)\b")
_ASKS = re.compile(
    r"\b(why|how come|what happened (to|with)|whats (happening|going on) (to|with)|"
    r"what (caused|causes|is causing|explains)|whats causing|reason|reasons|explain)\b"
)
_DOWN = (
    r"down|dropp\w*|drops?|declin\w*|decreas\w*|falls?|falling|fell|tank\w*|dying|dead|dipp\w*|dips?|"
    r"shrink\w*|shrunk|stuck|slow\w*|flat|stagnat\w*|plummet\w*|crash\w*|lost|losing"
)
_UP = (
    r"up|rising|rose|risen|increas\w*|grow\w*|grew|jump\w*|spik\w*|climb\w*|took off|blew up|"
    r"exploded|skyrocket\w*|boost\w*"
)
_STRONG = re.compile(rf"\b({_DOWN}|{_UP}|changed|changing|(so|this|really|super) low)\b")
# "fewer", "more", "lower" compare with something: with a time, not with another platform.
_COMPARED = re.compile(r"\b(less|fewer|more|lower|higher|better|worse|low|high)\b")
_WHEN = re.compile(
    r"\b(getting|gotten|anymore|any more|lately|recently|now|these days|this|last|suddenly|"
    r"since|used to|compared|than (before|last|usual|normal|it used|they used))\b"
)
# "my views dropped", "views are down this month": a statement asks for the reason too.
_SAYS = re.compile(
    rf"^(my |our |the )?(channel |account |youtube |yt |instagram |insta |ig |tiktok |reel |reels |"
    rf"shorts? )?(views|reach|impressions|likes|comments|shares|saves|"
    rf"followers|subscribers|subs|watch ?time|numbers|traffic|engagement|retention)( on \w+)? "
    rf"(rate )?(are|is|have|has|went|"
    rf"keep|kept|seem|seems|just|really|got|suddenly|been|totally)?\s*(been |gone |really |so |"
    rf"suddenly |completely )?({_DOWN}|{_UP}|low|lower)\b"
)
# One piece is its own question ("why did my video get fewer views", "why is #12 down").
_ONE_PIECE = re.compile(
    r"#\d|\bpiece \d|\b(this|that|the|my|latest|last|new|newest) (one|video|post|reel|short|"
    r"tiktok|upload|piece)\b(?! (views|likes|reach|comments|shares|saves|followers|numbers))|"
    r"\b(video|post|reel|short|tiktok|upload|piece) (\d|about|on)\b"
)


def why_change(words: Words, raw: str, has_draft: bool) -> Any:
    """A question (or a statement) that a summed figure moved: explain_change's slots."""
    text = words.text
    figure = _figure(text)
    if figure is None or _ONE_PIECE.search(text):
        return None
    if not (_SAYS.search(text) or (_ASKS.search(text) and _moved(text))):
        return None
    period = fw.metric_period_in(text)
    return intent_of(
        CHANGE,
        figure=figure,
        period=None if period == "all" else period,
        platform=platform_in(words.fixed),
    )


# Months side by side: "what was my best month", "month by month", "how did I do this year".
_MONTHS = re.compile(
    r"\b(best|worst|top|strongest|weakest|biggest|busiest) months?\b|"
    r"\bwhich months? (did|was|were|had|got|performed|went)\b|"
    r"\bmonth (by|over|to|after) month\b|\bmonthly (views|numbers|stats|results|report|breakdown|"
    r"performance|growth|trend)\b|\b(each|every) month\b(?!.*\b(post|upload|publish))|"
    r"\b(how did i do|how have i done|how did i grow|how much did i grow|my growth) this year\b|"
    r"\bthis year so far\b|\bover the (last|past) (year|12 months|twelve months)\b"
)


def months(words: Words, raw: str, has_draft: bool) -> Any:
    """'what was my best month', 'show my monthly views': the last twelve months."""
    if not _MONTHS.search(words.text):
        return None
    return intent_of("monthly", platform=platform_in(words.fixed))


def _moved(text: str) -> bool:
    if _STRONG.search(text) or re.search(r"\bhappen|\bgoing on\b", text):
        return True
    return bool(_COMPARED.search(text) and _WHEN.search(text))


def _figure(text: str) -> str | None:
    named = fw.figure_in(text)
    if named in TAKEN_APART:
        return named
    return "views" if named is None and _CHANNEL.search(text) else None


# "how did November go", "how was last week": a period's views against the one before it.
_PERIOD_ASKED = re.compile(
    r"^(so |and |ok )?how (was|did|has been|is|went) (my |the )?(?P<when>[a-z0-9 ]+?)"
    r"( go| going| been| do| for me)?\??$"
)
PERIOD_WORDS = frozenset(
    {"last", "this", "past", "previous", "week", "month", "year", "quarter", "in", "of",
     *fw.MONTH_NAMES}
)  # fmt: skip


def period_summary(words: Words, raw: str, has_draft: bool) -> Any:
    """'how did November go': the views of that month's pieces against the month before; 'how
    did last week go': the overview of the week (as 'how was last week' is)."""
    found = _PERIOD_ASKED.search(words.text)
    if found is None:
        return None
    when = found.group("when")
    named = when.split()
    if not all(w in PERIOD_WORDS or w.isdigit() for w in named):
        return None
    if not set(named) & set(fw.MONTH_NAMES):
        return intent_of("overview", period=period_in(words.text), platform=None)
    period = fw.metric_period_in(f"in {when}")
    return None if period is None else intent_of("metric", figure="views", period=period)


# "am I doing better than last month": the pieces like for like, this period against the last.
_BETTER_THAN = re.compile(
    r"\b(am i|are we|is my (channel|account|content)|are my (videos|posts|pieces)) (doing |"
    r"performing )?(better|worse|worst) than (last|the last|the previous) (?P<unit>week|month)\b"
)


def better_than_before(words: Words, raw: str, has_draft: bool) -> Any:
    """'am I doing better than last month': the average score of this month's pieces against
    the same days of last month (a score is like for like, so age and reach do not blur it)."""
    found = _BETTER_THAN.search(words.text)
    if found is None:
        return None
    period = f"this_{found.group('unit')}"
    return intent_of("metric", figure="score", stat="average", period=period)
