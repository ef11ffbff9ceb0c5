"""Everyday phrasings and the KIND of answer each must get from the rules engine.

Written as creators type: varied wording, typos, odd casing, other word orders, follow-ups
(``before`` turns run first in the same chat). A kind names the intent and the tool that must
answer; ``{top}``/``{bottom}`` are filled from the data. Grow it with every phrasing a user
trips on.
"""

from __future__ import annotations

from dataclasses import dataclass

# kind → (intent, tool) the stored answer must carry
KINDS: dict[str, tuple[str, str | None]] = {
    "metric": ("metric", "query_figure"),
    "piece": ("content", "explain_piece"),
    "compare": ("compare", "compare_pieces"),
    "timing": ("besttime", "best_posting_times"),
    "setting": ("setting", "change_setting"),
    "clarify": ("clarify", None),
    "remind": ("remind", "remind_me"),
    "move": ("move_item", "move_item"),
    "overview": ("overview", "query_performance"),
    "top": ("top", "query_performance"),
    "attention": ("attention", "query_performance"),
    "list": ("list", "list_content"),
    "themes": ("themes", "themes"),
    "platforms": ("platforms", "platforms"),
    "plans": ("plans", "list_plans"),
    "digest": ("digest", None),
    "help": ("help", None),
    "unknown": ("unknown", "query_performance"),
    "account": ("account", None),  # answered by the account flows (a city typed on its own)
}


@dataclass(frozen=True)
class Phrase:
    """One phrasing, the kind of answer it must get, and the turns said before it."""

    text: str
    kind: str
    before: tuple[str, ...] = ()


def _many(kind: str, *texts: str, before: tuple[str, ...] = ()) -> tuple[Phrase, ...]:
    return tuple(Phrase(text, kind, before) for text in texts)


METRICS = _many(
    "metric",
    "my average engagement",
    "whats my avg engagement rate",
    "views this month",
    "How many views did I get this week?",
    "is engagement going up",
    "is my engagment going down?",
    "total views last 30 days",
    "total reach on instagram in january",
    "median retention of my shorts",
    "average views per video on youtube last 90 days",
    "how many followers did i gain this month",
    "followers gained last month",
    "my views in february",
    "VIEWS LAST WEEK",
    "views all time",
    "total views ever",
    "how much reach did my reels get",
    "what's my retention like on youtube",
    "avg retention",
    "engagement on tiktok this month",
    "tiktok engagement last 7 days",
    "are my views growing?",
    "is my reach declining",
    "how are my views trending",
    "views compared to last month",
    "how many comments did i get last month",
    "total likes this quarter",
    "how many shares on tiktok",
    "saves on instagram last 90 days",
    "how many impressions did my posts get",
    "watch time on youtube this month",
    "total watch hours",
    "median views",
    "median views per tiktok",
    "my typical views on instagram",
    "how many subscribers did i get",
    "new subs last week",
    "average score of my tiktoks",
    "what is my engagement rate",
    "engagemnt rate pls",
    "how many videos did I post this month",
    "how many posts did i publish last week",
    "how many reels did i post in february",
    "number of uploads last 90 days",
    "how many tiktoks have i posted",
    "how often do i post",
    "did i post more this month than last?",
    "how many pieces did i publish all time",
    "views on youtube shorts",
    "retention of long videos",
    "average views for tutorials",
    "views this week vs last week",
    "reach this month",
    "how many likes did my tiktoks get in january",
    "is my retention improving on youtube",
    "avg views per post",
    "total views on instagram",
)
METRIC_FOLLOW_UPS = (
    *_many(
        "metric",
        "and on tiktok?",
        "what about last month?",
        "and the median?",
        "and instagram",
        "how about youtube",
        "and last 90 days",
        before=("my average engagement",),
    ),
    *_many(
        "metric",
        "and reach?",
        "what about comments",
        "and for reels?",
        before=("total views last 30 days",),
    ),
)
REFERENCES = _many(
    "piece",
    "my best one",
    "my worst one",
    "my best video",
    "whats my best tiktok",
    "my latest video",
    "my newest tiktok",
    "my latest tiktok",
    "show me my most viewed reel",
    "most commented video",
    "my most liked post",
    "my weakest instagram post",
    "my strongest youtube video",
    "my oldest video",
    "my most recent upload",
    "the best one",
    "the worst one",
    "my best performing short",
    "my worst performing tiktok",
    "MY BEST VIDEO",
    "my bset video",
    "my second best video",
    "my 2nd newest tiktok",
    "least viewed video",
    "my most engaging tiktok",
    "my best video in the last 90 days",
    "my top reel",
    "whats my most popular video",
    "why did my best video do so well",
    "why did my worst tiktok flop",
    "tell me about my latest post",
    "my most shared tiktok",
    "my biggest flop",
    "my last video",
)
REFERENCE_FOLLOW_UPS = (
    *_many(
        "piece",
        "and the worst one?",
        "why?",
        "and my latest?",
        "what about the newest one",
        before=("my best one",),
    ),
    *_many("piece", "and the best one?", "why", "how come?", before=("my worst tiktok",)),
    *_many("piece", "and the second best one", before=("my best video",)),
)
COMPARISONS = (
    *_many(
        "compare",
        "compare my last two videos",
        "compare my last 2 posts",
        "compare my latest two tiktoks",
        "#{top} vs #{bottom}",
        "compare #{top} and #{bottom}",
        "compare my best and worst video",
        "compare my best video with my worst video",
        "#{top} versus #{bottom}",
        "Compare #{bottom} to #{top}",
        "compair my last two uploads",
    ),
)
TIMING = _many(
    "timing",
    "when should I post",
    "when do my videos do well",
    "when do my posts do best",
    "what time should i post on instagram",
    "best day to post on tiktok",
    "which day is best for youtube",
    "best hour to upload",
    "whats the best time to post",
    "when is the best time to post reels",
    "which days work best",
    "what day should i upload",
    "when do my tiktoks perform best",
    "When should I go live",
    "best time for shorts",
    "morning or evening?",
    "should i post in the morning or evening",
    "weekends or weekdays",
    "what are my best posting times",
    "posting schedule",
    "when to post on ig",
    "wen should i post",
    "when do i get the most views",
    "which hour gets the most engagement",
    "best days",
    "what time of day works for me",
    "which weekday performs best on instagram",
    "when is my audience online",
    "ideal time to publish",
)
SETTINGS = (
    *_many(
        "setting",
        "stop sending me the daily digest",
        "turn off the digest",
        "pause my daily digest",
        "disable reminders",
        "turn off reminders",
        "no more reminders please",
        "stop reminding me",
        "turn the digest back on",
        "enable reminders",
        "resume the daily digest",
        "change my digest to 8am",
        "move my digest to 7:30",
        "set the digest time to 19:00",
        "change my daily digest to 6 pm",
        "set my timezone to Berlin",
        "change timezone to America/New_York",
        "quiet hours 22:00-07:00",
        "set quiet hours from 23:00 to 08:00",
        "turn off quiet hours",
        "Stop the digest",
        "dont send me the digest anymore",
        "mute reminders",
        "unsubscribe from the daily summaries",
    ),
)
ACCOUNT = _many("account", "my timezone is Tokyo", "Berlin", "I'm in Lisbon")
CLARIFY = _many(
    "clarify",
    "stop",
    "turn it off",
    "stop sending me stuff",
    "please stop the messages",
    "change the digest time",
    "stop the digest and reminders",
    "pause",
    "quiet hours",
)
PLAN_REQUESTS = (
    *_many(
        "remind",
        "remind me tomorrow to edit the vlog",
        "remind me to post the reel on friday",
        "Remind me in 3 days to film b-roll",
        "remind me next week to check analytics",
        "please remind me to reply to comments tomorrow",
        "remind me to upload the tutorial",
    ),
    *_many(
        "move",
        "move 1 to monday",
        "push 2 to friday",
        "reschedule 1 to tomorrow",
        before=("remind me tomorrow to edit the vlog", "remind me to write the script tomorrow"),
    ),
)
EVERYDAY = (
    *_many("overview", "what's working?", "how am i doing", "how's my tiktok doing",
           "give me an overview", "my stats", "dashboard", "how are my youtube videos doing"),
    *_many("top", "what did best this month", "show my top performers", "my biggest hits",
           "top videos on instagram", "which videos did best", "my best videos"),
    *_many("attention", "what flopped", "what's not working on tiktok",
           "which posts underperformed", "my worst videos"),
    *_many("list", "list my videos", "show me my latest posts", "show all my tiktoks"),
    *_many("themes", "which topics work best", "how do my themes compare"),
    *_many("platforms", "which platform is best for me", "youtube vs instagram",
           "compare youtube and tiktok"),
    *_many("plans", "show my plans", "my to do list"),
    *_many("digest", "send me my daily digest", "/digest"),
    *_many("help", "help", "hi", "what can you do?"),
    *_many("unknown", "sing me a song", "what's the capital of peru", "tell me a joke"),
)  # fmt: skip
CORPUS: tuple[Phrase, ...] = (
    *METRICS,
    *METRIC_FOLLOW_UPS,
    *REFERENCES,
    *REFERENCE_FOLLOW_UPS,
    *COMPARISONS,
    *TIMING,
    *SETTINGS,
    *CLARIFY,
    *ACCOUNT,
    *PLAN_REQUESTS,
    *EVERYDAY,
)
