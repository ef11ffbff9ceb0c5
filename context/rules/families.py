"""Question families: figures ("my average engagement this month"), superlative references ("my
best TikTok"), timing in any wording ("which day do my reels do best") and bare follow-ups
("why?", "and on TikTok?"), the newest piece ("how is my new video doing"), formats ("are shorts
better than long videos?"), the latest pieces against the usual ("did my last 5 videos do
better than usual?"), how often to post ("should I post every day?") and asking what to do
next ("any recommendations?").
"""

from __future__ import annotations

import re
from typing import Any

from context.rules import figure_words as fw
from context.rules.next_words import moment_in
from context.rules.normalize import Words
from context.rules.requests_words import intent_of as _intent
from context.rules.slots import DEFAULT_RECENT, FLOP_WORDS, platform_in
from context.tools.superlative_refs import DAY_KEYS, WHICH_RANKED, superlative_in

METRIC = "metric"
_TIMING = re.compile(
    r"\b(when|wen|whens) (should|do|to|can|is|are|would|will|does|did)\b.*"
    r"\b(post|publish|upload|go live|drop|release|share|do (best|well|better)|perform|"
    r"get (the )?most|best|work|hit|online|active)\b|"
    r"\bbest (time|times|day|days|hour|hours|slot|slots|moment|weekday|weekdays)\b|"
    r"\b(worst|good|bad|right|ideal|optimal|perfect|peak) (time|times|day|days|hour|hours|slot)\b|"
    r"\bposting (time|times|schedule|window|windows|slot|hours|days)\b|"
    r"\bwhat (time|hour|day|days|weekday|time of day)\b|\bwhich (day|days|hour|hours|time|"
    r"weekday|weekdays|slot)\b|\bwhen to (post|publish|upload|go live)\b|\bschedule\b|"
    r"\btime of (the )?day\b|\bday of (the )?week\b|\b(morning|evening|night|afternoon) or "
    r"(morning|evening|night|afternoon)\b|\bweekends? or weekdays?\b|\bweekdays? or weekends?\b|"
    r"\b(post|posting|publish|publishing|upload|uploading)( more| less)?( on| at| in the| during "
    r"the)? (weekends?|weekdays?|(mon|tues|wednes|thurs|fri|satur|sun)days?|nights?|mornings?|"
    r"evenings?|afternoons?|late|early)\b|"
    r"\b(do|does|are|is) (my )?(weekends?|weekdays?|(mon|tues|wednes|thurs|fri|satur|sun)days?|"
    r"nights?|mornings?|evenings?|afternoons?) (posts? )?(work|do well|good|better|worse|"
    r"perform)\b|"
    r"\b(should|can|could|shall) (i|we) (post|publish|upload|go live|drop)( it| this| something| "
    r"one)?( right)? (now|today|tonight|tomorrow|rn)\b"
)
_POSTED = re.compile(r"\b(did|have) (i|we) (post|publish|upload)")
_NOT_TIMING = re.compile(r"\b(digest|remind|reminder|quiet)\b")
# Asked of the whole channel only: "what should I do about #12" names a piece (its own answer).
_NEXT = r"( next| now| today| this week| next week| more of| better| differently| instead)?"
_ADVICE = re.compile(
    r"^(so |ok |okay |and )?what (should|shall|can|could|do|would) (i|we) (do|post|make|film|"
    r"create|try|change|focus on|work on|improve|stop doing|start doing|keep doing|avoid)"
    + _NEXT
    + r"( then)?\??$|"
    r"^(so |ok |okay |and )?what (to|else to) (do|post|make|film|create|try|focus on|work on)"
    + _NEXT
    + r"\??$|"
    r"\b(any|some|got any|give me|your|what are your|what do you|recommend|suggest) "
    r"(recommendations?|suggestions?|advice|advise|next steps?|tips for me|ideas for me)\b|"
    r"^(recommendations?|suggestions?|advice|next steps?|what now|now what)\??$|"
    r"\bwhat (do|would) you (suggest|recommend|advise)\b|"
    r"\bideas for (my )?(next|new|the next) (video|post|piece|reel|short|tiktok|upload)\b|"
    r"\bhow (can|do|could|should) (i|we) (improve|do better|grow|get more (views|engagement|reach))"
    r"( my (channel|account|content|views|engagement|numbers))?\??$"
)
_WHY_ALONE = re.compile(
    r"^(and |but |so |ok |okay )?(why|how come|what happened|whats the reason|why is that|"
    r"why was that|why so|why did it|why did that happen|why not)\s*\??$"
)
_FOLLOW_UP = re.compile(r"^(and|what about|how about|ok and|okay and|now|same for|also)\b")
_BARE_FOLLOW_UP = re.compile(
    r"^(and|what about|how about) (my |the )?(best|worst|latest|newest|oldest|weakest|"
    r"strongest|most recent)$"
)
_LISTY = re.compile(
    r"\b(list|show|all)\b.*\b(videos|posts|pieces|reels|tiktoks|shorts|uploads)\b|"
    r"\b(top|best|worst) (performers|videos|posts|pieces|reels|tiktoks|shorts|uploads|ones)\b|"
    r"\bwhich (videos|posts|pieces|reels|tiktoks|shorts)\b"
)


def timing(words: Words, raw: str, has_draft: bool) -> Any:
    """Every common wording of 'when should I post', for all platforms or one."""
    text = words.text
    if not _TIMING.search(text) or _NOT_TIMING.search(text) or _day_piece(text):
        return None
    if _LAST_POSTED.search(text):
        return None  # "when did I last post": the newest piece
    if _POSTED.search(text) and fw.metric_period_in(text) and not text.startswith("when"):
        return None  # "what did I post on Monday" asks what went out
    moment = moment_in(text)
    return _intent(
        "besttime", platform=platform_in(words.fixed), **({"moment": moment} if moment else {})
    )


def _day_piece(text: str) -> bool:
    """'the reel I posted on Friday' names a piece by its day, not a posting time."""
    found = superlative_in(text)
    return found is not None and found.by == "published" and found.period in DAY_KEYS.values()


# What costs the creator: the recommendations to stop or avoid something.
_HOLDING = re.compile(
    r"\b(holding|holds|hold|held) (me|us|my (channel|account|content|views)) back\b|"
    r"\bwhat (am i|are we|have i been|m i) doing wrong\b|"
    r"\b(what is|whats|what s) (wrong|not working) with my (channel|account|content|strategy)\b|"
    r"\b(what is|whats|what s|what are|who is|what could be) (hurting|killing|dragging down|"
    r"costing|limiting|hold(ing)? back)\b|"
    r"\bwhat should (i|we) (stop doing|avoid|stop)\b|\bwhat (mistakes|am i getting wrong)\b"
)


# What to post on one named platform: its own themes and times, not the pooled advice.
_FOR_PLATFORM = re.compile(
    r"\bwhat (should|shall|can|could|do|would) (i|we) (post|make|film|create|upload|put out|"
    r"share|do)\b|\bwhat (works|does well|do well|performs|works best|to post|to make)\b|"
    r"\b(what|which) (kind|kinds|type|types|sort) of (content|videos?|posts?|reels?|tiktoks?)\b|"
    r"\b(which|what) (themes?|topics?) (work|works|do|does|perform|performs|should)\b|"
    r"\bbest (content|topics?|themes?) (for|on)\b|\bbest (performing )?(themes?|topics?)\b"
)
_ON_PLATFORM = re.compile(
    r"\b(on|for|to|in) (my )?(youtube|yt|instagram|insta|ig|tiktok|tik tok)\b"
)


def advice(words: Words, raw: str, has_draft: bool) -> Any:
    """'what should I do next', 'any recommendations?': what the creator's patterns suggest;
    'what is holding me back': only what costs them; 'what should I post on TikTok': that
    platform's own themes and times."""
    text = words.text
    platform = platform_in(words.fixed)
    asks = _ON_PLATFORM.search(text) and _FOR_PLATFORM.search(text)
    if platform and asks and not _FORMATS.search(text):
        return _intent("platform_advice", platform=platform)
    if _HOLDING.search(words.text):
        return _intent("advice", holding_back=True)
    return _intent("advice") if _ADVICE.search(words.text) else None


_FORMATS = re.compile(
    r"\b(formats?|short ?form|long ?form|long videos?|longer videos?|shorter videos?|"
    r"(video )?length|how long should (my )?(videos?|posts?|reels?|shorts?|tiktoks?))\b|"
    r"\bshorts? (or|vs|versus|better than|compared to|against) (long|longer|regular|normal)\b|"
    r"\b(more|fewer|less) (shorts|long videos|longer videos|short videos|reels|carousels)\b"
)


_TITLES = re.compile(
    r"\b(titles?|title length|headlines?|captions?)\b.*\b(matter|matters|work|works|help|helps|"
    r"better|worse|best|worst|perform|performs|do|does|good|bad|long|longer|short|shorter|"
    r"numbers?|questions?|emojis?|hashtags?|length)\b|"
    r"\b(long|longer|short|shorter|good|best|better|catchy)\b.*\btitles?\b|"
    r"\b(numbers?|questions?|emojis?|hashtags?) in (my |the )?titles?\b|"
    r"^(do|does|are) (hashtags|emojis) (matter|help|work)\b"
)


def titles(words: Words, raw: str, has_draft: bool) -> Any:
    """'do longer titles do better', 'do numbers in titles help', 'do hashtags matter': the title
    features that went with better or worse scores."""
    if not _TITLES.search(words.text):
        return None
    return _intent("titles", platform=platform_in(words.fixed))


def formats(words: Words, raw: str, has_draft: bool) -> Any:
    """'are shorts better than long videos?', 'which format works best for me' (a figure named,
    "retention of long videos", is that figure's question)."""
    if not _FORMATS.search(words.text) or fw.figure_in(words.text) is not None:
        return None
    return _intent("formats", platform=platform_in(words.fixed))


_POSTING = r"(post|posting|upload|uploading|publish|publishing|drop|release)"
_CADENCE = re.compile(
    r"\bhow (often|frequently|regularly) (should|do|to|can|must|would|did|shall) (i|we)( be)? "
    + _POSTING
    + r"\b|\bhow (often|frequently) to "
    + _POSTING
    + r"\b|\bhow many (videos|posts|reels|shorts|tiktoks|uploads|pieces|times)\b.*"
    r"\b(a|per|each|every) (day|week|month)\b|\b"
    + _POSTING
    + r"( more| less)? (every day|everyday|daily|more often|less often|more frequently|"
    r"less frequently|too often|too much|enough|twice a (day|week)|once a (day|week)|"
    r"every other day|[0-9]+ times a (day|week))\b|\b"
    + _POSTING
    + r" (more|less)( or (more|less))?$|"
    r"\b(posting|upload|uploading|publishing|content) (frequency|cadence|rhythm|consistency)\b|"
    r"\bcadence\b|\bhow (consistent|regular) (am i|are we|is my posting)\b|"
    r"\b(am i|are we) (posting|uploading) (consistently|regularly|enough|too much|too often)\b"
)


_AMOUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_AMOUNTS |= {"nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "couple": 2}
_AMOUNTS |= {"couple of": 2, "few": 3, "several": 5}
_RECENT = re.compile(
    r"\b(last|latest|recent|past|newest|most recent) (?P<n>[0-9]{1,3}|"
    + "|".join(sorted(_AMOUNTS, key=len, reverse=True))
    + r")? ?(videos|posts|pieces|reels|tiktoks|shorts|uploads)\b"
)
# "Am I getting better?": the latest pieces against the usual answer it.
_IMPROVING = re.compile(
    r"^(so |and )?(am i|are we|is my (channel|content)|are my (videos|posts|reels|tiktoks)) "
    r"(getting|doing) (any )?(better|worse|worst)\b|^(am i|are we) improving\b"
)
_JUDGED = re.compile(
    r"\b(do|did|doing|done|perform|performing|performed|better|worse|usual|normal|compare|"
    r"compared|go|going|gone|hold up|stack up)\b"
)


def recent(words: Words, raw: str, has_draft: bool) -> Any:
    """'did my last 5 videos do better than usual', 'how are my recent reels doing': the latest
    pieces against the creator's usual."""
    if _IMPROVING.search(words.text):
        return _intent("recent", count=DEFAULT_RECENT, platform=platform_in(words.fixed))
    found = _RECENT.search(words.text)
    if found is None or not _JUDGED.search(words.text):
        return None
    amount = found.group("n")
    count = DEFAULT_RECENT if amount is None else _AMOUNTS.get(amount) or int(amount)
    return _intent("recent", count=count, platform=platform_in(words.fixed))


def cadence(words: Words, raw: str, has_draft: bool) -> Any:
    """'how often should I post', 'should I post every day', 'does posting more often hurt my
    views': the posting rhythm, and whether spacing has mattered."""
    if not _CADENCE.search(words.text):
        return None
    return _intent("cadence", platform=platform_in(words.fixed))


_NEW_PIECE = re.compile(
    r"\bhow(s| is| s| are| was) my (new|newest|latest|last|most recent) "
    r"(?P<noun>video|piece|post|short|upload|reel|tiktok)\b"
)


# "when did I last post" names the newest piece (a reference), not a posting time.
_LAST_POSTED = re.compile(
    r"\bwhen (did|have) (i|we) last (post|upload|publish)|\bwhen was my (last|latest|most "
    r"recent) (video|piece|post|short|upload|reel|tiktok)\b"
)


def new_piece(words: Words, raw: str, has_draft: bool) -> Any:
    """'how is my new video doing': the newest piece, against the creator's usual first hours."""
    found = _NEW_PIECE.search(words.text)
    if found is None:
        return None
    return _intent("content", ref=f"my latest {found.group('noun')}", aspect="all")


def why_alone(words: Words, raw: str, has_draft: bool) -> Any:
    """'why?' after a piece: why that piece did as it did."""
    if not _WHY_ALONE.search(words.text):
        return None
    return _intent("content", ref="this", aspect="all")


def reference(words: Words, raw: str, has_draft: bool) -> Any:
    """'my best one', 'and the worst one?', 'my latest TikTok', 'most commented reel'."""
    text = words.text
    listy = _LISTY.search(text) and not WHICH_RANKED.search(text)
    if fw.figure_in(text) == "pieces" or listy:
        return None
    bare = _BARE_FOLLOW_UP.search(text)
    if bare:
        return _intent("content", ref=f"{text} one", aspect="all")
    if superlative_in(text) is None:
        return None
    asks_why = re.search(r"\bwhy\b", text)
    aspect = "improve" if FLOP_WORDS.search(text) else "why" if asks_why else "all"
    typed = " ".join(words.typed)  # a title's own words, unless only a typo fix makes it ranked
    ref = typed if superlative_in(typed) is not None else text
    return _intent("content", ref=ref, aspect=aspect)


_VIRAL = re.compile(r"\b(viral|blew up|took off|exploded)\b")
_HAPPENED = re.compile(r"^(so |and )?what (happened|went out|came out|was posted|did i put out)\b")


_TASTE = re.compile(
    r"\bwhat (does|do) my \w+ (like|love|want|enjoy|prefer|respond to|care about)\b|"
    r"\bwhat (works|resonates|clicks|lands) (for|with) "
)


def metric(words: Words, raw: str, has_draft: bool) -> Any:
    """Totals, averages, medians, counts and directions of a figure over a period and scope;
    "what happened on Friday" is what was published then."""
    text = words.text
    if _TASTE.search(text):
        return None  # "what does my audience like": their taste, not the likes figure
    figure = fw.figure_in(text)
    if figure is None and _HAPPENED.search(text) and fw.metric_period_in(text):
        figure = "pieces"
    if figure == "pieces" and _VIRAL.search(text):
        return None  # "how many videos went viral": the top performers, counted
    if figure is None or (figure != "pieces" and _LISTY.search(text)):
        return None
    return _intent(METRIC, **figure_args(words, figure))


_OWNED = re.compile(r"\b(do|have) (i|we) (have|got)\b|\bin total\b|\baltogether\b|\bso far\b")


def figure_args(words: Words, figure: str | None) -> dict[str, Any]:
    """The slots of a figure question; unnamed ones are left out (None)."""
    text = words.text
    stat = fw.stat_in(text)
    if figure == "pieces" or (stat == "total" and "how many" in text and figure is None):
        stat = "count"
    period = fw.metric_period_in(text)
    if period is None and figure == "pieces" and _OWNED.search(text):
        period = "all"  # "how many videos do I have": the whole catalogue, not 30 days
    return {
        "figure": figure,
        "stat": stat,
        "period": period,
        "platform": platform_in(words.fixed),
        "content_type": fw.format_in(words.fixed),
        "theme": fw.theme_in(text),
    }


def follow_up(words: Words, remembered: dict[str, Any] | None) -> Any:
    """'and on TikTok?', 'what about last month?', 'and the median?' after a figure."""
    if not remembered or not _FOLLOW_UP.search(words.text):
        return None
    changed = {k: v for k, v in figure_args(words, fw.figure_in(words.text)).items() if v}
    if not changed:
        return None
    merged = {**remembered, **changed}
    if "figure" in changed and "stat" not in changed:
        merged.pop("stat", None)  # a new figure gets its own default statistic
    return _intent(METRIC, **merged)
