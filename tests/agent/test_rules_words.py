"""Unit tests of the new word readers: periods, clock times, superlatives, bounds, state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from context.rules.figure_words import figure_in, metric_period_in, stat_in
from context.rules.intents import MAX_PARSED, Intent, parse
from context.rules.normalize import correct
from context.rules.requests_words import clock_time
from context.state import ConversationState
from context.tools.superlative_refs import Superlative, superlative_in
from insights.periods import resolve_span
from storage.errors import InvalidInput

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_this_month_is_compared_with_the_same_days_of_the_month_before() -> None:
    span = resolve_span("this_month", NOW, BERLIN)
    assert span.start == datetime(2026, 3, 1, tzinfo=BERLIN) and span.end is None
    assert span.previous is not None
    assert span.previous.start == datetime(2026, 2, 1, tzinfo=BERLIN)
    assert span.previous.end == datetime(2026, 2, 1, tzinfo=BERLIN) + (NOW - span.start)


def test_a_named_month_is_the_latest_one_not_in_the_future_and_whole() -> None:
    span = resolve_span("nov", NOW, BERLIN)
    assert (span.start, span.end) == (
        datetime(2025, 11, 1, tzinfo=BERLIN),
        datetime(2025, 12, 1, tzinfo=BERLIN),
    )
    assert span.label == "November 2025" and span.previous is not None
    assert span.previous.label == "October 2025"
    assert resolve_span("2026-01", NOW, BERLIN).label == "January 2026"


def test_rolling_periods_end_now_like_the_dashboards() -> None:
    span = resolve_span("30d", NOW, BERLIN)
    assert span.start is not None and (NOW - span.start).days == 30 and span.end is None
    assert resolve_span("all", NOW, BERLIN).previous is None


def test_yesterday_is_the_whole_local_day_before_even_across_a_clock_change() -> None:
    after_dst = datetime(2026, 3, 30, 9, 30, tzinfo=UTC)  # Berlin moved to summer time on the 29th
    span = resolve_span("yesterday", after_dst, BERLIN)
    assert (span.start, span.end) == (
        datetime(2026, 3, 29, tzinfo=BERLIN),
        datetime(2026, 3, 30, tzinfo=BERLIN),
    )
    assert span.start is not None and span.end is not None
    assert span.end.astimezone(UTC) - span.start.astimezone(UTC) == timedelta(hours=23)
    today = resolve_span("today", after_dst, BERLIN)
    assert today.start == span.end and today.end is None and today.previous is not None
    assert today.previous.end == datetime(2026, 3, 29, 11, 30, tzinfo=BERLIN)  # the same hours
    assert parse("what did I post yesterday").args["period"] == "yesterday"


def test_an_unknown_period_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="unknown period"):
        resolve_span("fortnight", NOW, BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8am", "08:00"), ("7:30 pm", "19:30"), ("19:00", "19:00"), ("12am", "00:00"),
     ("noon", "12:00"), ("item 2", None)],
)  # fmt: skip
def test_clock_times_as_people_write_them(text: str, expected: str | None) -> None:
    assert clock_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my best one", Superlative("score", False)),
        ("the worst tiktok", Superlative("score", True, platform="tiktok")),
        ("my 2nd newest reel", Superlative("published", False, 2, None, "reel")),
        ("most commented video", Superlative("comments", False)),
        ("my best video in january", Superlative("score", False, period="jan")),
        ("my best videos", None),
        ("best time to post", None),
    ],
)
def test_superlatives_name_what_they_rank_by(text: str, expected: Superlative | None) -> None:
    assert superlative_in(text) == expected


def test_a_follow_up_superlative_keeps_the_previous_scope() -> None:
    remembered = {"platform": "tiktok", "content_type": None, "period": "30d"}
    assert superlative_in("and the worst one?", remembered) == Superlative(
        "score", True, platform="tiktok", period="30d"
    )
    assert superlative_in("the worst one", remembered) == Superlative("score", True)


def test_figures_statistics_and_periods_in_words() -> None:
    assert figure_in("avg er on tiktok") == "engagement"
    assert figure_in("how many reels did i post") == "pieces"
    assert stat_in("median views") == "median"
    assert metric_period_in("views in may 2025") == "2025-05"
    assert metric_period_in("may i see my views") is None
    assert metric_period_in("views last month") == "last_month"


def test_only_the_start_of_a_long_message_is_read() -> None:
    assert parse("x " * MAX_PARSED + "when should i post").name == "unknown"
    assert parse("when should i post " + "x " * 50_000).name == "besttime"


def test_a_stop_request_never_becomes_the_digest() -> None:
    assert parse("stop sending me the daily digest").args == {"what": "digest", "value": "off"}
    assert parse("stop").name == "clarify"
    assert parse("send me my daily digest").name == "digest"


def test_remembered_scopes_survive_storage_and_junk_is_dropped() -> None:
    state = ConversationState(ref_scope={"platform": "tiktok"}, figure={"figure": "views"})
    assert ConversationState.from_dict(state.to_dict()).figure == {"figure": "views"}
    junk = ConversationState.from_dict({"ref_scope": {"a": {"deep": 1}}, "figure": [1]})
    assert junk.ref_scope is None and junk.figure is None


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("why did my last video flop?", "improve"),
        ("why did my worst tiktok tank", "improve"),
        ("why did my best reel do so well", "why"),
        ("my latest short", "all"),
        ("what went wrong with my last video", "improve"),
        ("what held back my latest reel", "improve"),
        ("whats wrong with #12?", "improve"),
    ],
)
def test_a_piece_named_by_a_superlative_that_flopped_is_asked_what_held_it_back(
    text: str, aspect: str
) -> None:
    intent = parse(text)
    assert (intent.name, intent.args["aspect"]) == ("content", aspect)


@pytest.mark.parametrize(
    "text",
    [
        "what should I do next?",
        "what to do next",
        "So what should we focus on now",
        "any recommendations?",
        "what do you suggest",
        "how can I improve my channel?",
        "/advice",
    ],
)
def test_asking_what_to_do_next_is_advice(text: str) -> None:
    assert parse(text).name == "advice"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("whats on my to do list", "plans"),
        ("how did #12 do", "content"),
        ("what should I do about my iphone review", "unknown"),
        ("when should I post", "besttime"),
        ("where should i post", "platforms"),
        ("which theme should I make more of?", "themes"),
        ("make more of this", "more"),
    ],
)
def test_advice_words_leave_the_other_questions_alone(text: str, name: str) -> None:
    assert parse(text).name == name


def test_advice_words_with_a_typo_are_still_advice() -> None:
    assert parse("any recomendations?").name == "advice"
    assert parse("give me some advise").name == "advice"


@pytest.mark.parametrize(
    ("text", "period", "platform"),
    [
        ("how did my videos do last week", "7d", None),
        ("how did my tiktoks do", None, "tiktok"),
        ("tell me about my reels", None, "instagram"),
    ],
)
def test_pieces_in_the_plural_are_the_overview_not_a_title(
    text: str, period: str | None, platform: str | None
) -> None:
    assert parse(text) == Intent("overview", {"period": period, "platform": platform})
    assert parse("how did my iphone review do").name == "content"


@pytest.mark.parametrize(
    ("text", "by", "lowest", "platform"),
    [
        ("which of my videos got the most comments", "comments", False, None),
        ("which reels had the most views", "views", False, "instagram"),
        ("which of my tiktoks got the fewest likes", "likes", True, "tiktok"),
    ],
)
def test_which_piece_got_the_most_is_a_superlative_reference(
    text: str, by: str, lowest: bool, platform: str | None
) -> None:
    intent = parse(text)
    assert intent.name == "content"
    found = superlative_in(intent.args["ref"])
    assert found is not None and (found.by, found.lowest, found.platform) == (by, lowest, platform)
    assert parse("which videos did best").name == "top"


@pytest.mark.parametrize(
    ("text", "period"),
    [("compare this month to last month", "this_month"), ("this week vs last week", "this_week")],
)
def test_two_periods_compared_are_the_views_against_the_period_before(
    text: str, period: str
) -> None:
    assert parse(text) == Intent("metric", {"figure": "views", "period": period})
    assert parse("compare #3 and #7").name == "compare"


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("my top three videos", "top", {}),  # not "theme"
        ("is tiktok worth it", "platforms", {"platform": "tiktok"}),  # not "worst"
        ("start a new plan", "make_plan", {}),  # not "stats"
        ("mean views this month", "metric", {"stat": "average"}),  # not "median"
        ("how is my new reel doing", "content", {"ref": "my latest reel"}),
        ("give me ideas for my next video", "next_piece", {}),
        ("anything new?", "digest", {}),
        ("what works for my audience", "overview", {}),  # not "cadence"
        ("what did I do differently with #141", "content", {"ref": "#141", "aspect": "why"}),
        ("what did i do wrong with #3", "content", {"ref": "#3", "aspect": "improve"}),
        ("what made #141 so good", "content", {"ref": "#141", "aspect": "why"}),
        ("when did I last post", "content", {}),  # the newest piece, not a posting time
        ("how many videos do I have", "metric", {"figure": "pieces", "period": "all"}),
        ("how many videos did i post", "metric", {"figure": "pieces", "period": None}),
        ("what does my audience like", "themes", {}),  # their taste, not the likes figure
        ("how many viewers did i get", "metric", {"figure": "views"}),
    ],
)
def test_ordinary_words_keep_their_meaning(text: str, name: str, args: dict[str, str]) -> None:
    intent = parse(text)
    assert intent.name == name
    assert {key: intent.args.get(key) for key in args} == args


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("how often should I post?", None),
        ("should i post every day on tiktok", "tiktok"),
        ("does posting more often hurt my views", None),
        ("how many reels should I post a week", "instagram"),
        ("am I posting too much", None),
        ("how consistent am I?", None),
        ("how ofen should i upload", None),
        ("/cadence youtube", "youtube"),
    ],
)
def test_how_often_to_post_is_the_cadence(text: str, platform: str | None) -> None:
    assert parse(text) == Intent("cadence", {"platform": platform})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("did i post more this month than last?", "metric"),
        ("when should I post daily", "besttime"),
        ("what should I post next", "next_piece"),
        ("should I post more shorts", "formats"),
        ("should i post on weekends", "besttime"),
        ("is it bad to post at night", "besttime"),
        ("remind me to post on friday", "remind"),
    ],
)
def test_cadence_words_leave_the_other_questions_alone(text: str, name: str) -> None:
    assert parse(text).name == name


def test_a_command_for_one_platform_keeps_it() -> None:
    assert parse("/besttime tiktok") == Intent("besttime", {"platform": "tiktok"})
    assert parse("/formats reels") == Intent("formats", {"platform": "instagram"})


def test_two_swapped_letters_are_read_as_the_word_meant() -> None:
    assert [correct(w) for w in ("bset", "veiws", "tiem", "wrost")] == [
        "best", "views", "time", "worst",
    ]  # fmt: skip
    assert correct("pots") == "post" and correct("from") == "from"  # 'from' is ordinary
    intent = parse("my bset video")
    assert intent.name == "content" and superlative_in(intent.args["ref"]) is not None


@pytest.mark.parametrize(
    ("text", "count", "platform"),
    [
        ("did my last 5 videos do better than usual", 5, None),
        ("how did my last ten posts do", 10, None),
        ("how are my recent reels doing", 5, "instagram"),
        ("did my past couple of tiktoks flop", 2, "tiktok"),
        ("/recent 12 youtube", 12, "youtube"),
        ("am I getting better?", 5, None),
        ("are my videos getting worse", 5, None),
    ],
)
def test_the_latest_pieces_against_the_usual(text: str, count: int, platform: str | None) -> None:
    assert parse(text) == Intent("recent", {"count": count, "platform": platform})
    assert parse("show my last 5 videos").args["sort"] == "published"  # a list, newest first
    assert parse("compare my last 2 posts").name == "compare"  # two pieces side by side


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("do longer titles do better", None),
        ("does the title length matter?", None),
        ("do numbers in titles help on youtube", "youtube"),
        ("do hashtags matter", None),
        ("/titles reels", "instagram"),
    ],
)
def test_questions_about_titles_compare_title_features(text: str, platform: str | None) -> None:
    assert parse(text) == Intent("titles", {"platform": platform})
    assert parse("how did my iPhone review do").name == "content"  # a title named, not titles
    assert parse("what is the best length for a video").name == "formats"  # a video's length
