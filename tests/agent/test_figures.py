"""Figures in chat agree with the dashboard; unknown figures are left out, never counted as 0.

The same period and platform give the same totals, averages and piece counts through
``insights.figures`` as through ``build_dashboard``; the rules engine's answer quotes them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from context.agent import Agent
from context.formatting import counted, percent, views
from insights.content import list_content
from insights.dashboard import build_dashboard
from insights.figures import Scope, figure_stat
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPerformance, ContentPiece
from tests.support.chat import NOW, Chat, creator_id

PERIODS = ("7d", "30d", "90d", "all")
PLATFORMS = (None, "youtube", "instagram", "tiktok")


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_figures_equal_the_dashboards_for_the_same_period_and_platform(
    seeded: Database, period: str, platform: str | None
) -> None:
    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        dash = build_dashboard(s, bo, period=period, platform=platform, now=NOW)
        scope = Scope(platform)
        seen = figure_stat(s, bo, "views", period=period, scope=scope, now=NOW)
        count = figure_stat(s, bo, "pieces", period=period, scope=scope, now=NOW)
        engagement = figure_stat(s, bo, "engagement", period=period, scope=scope, now=NOW)
    summary = dash.summary
    assert count.current.value == summary.total_content == seen.current.pieces
    if summary.total_content:
        assert seen.current.value == summary.total_views
    rounded = None if engagement.current.value is None else round(engagement.current.value, 2)
    assert rounded == summary.avg_engagement_rate


def test_a_figure_nobody_reports_is_unknown_and_a_partly_reported_one_sums_the_known(
    seeded: Database,
) -> None:
    bo = creator_id(seeded, "bo")
    tiktok = select(ContentPiece.id).where(
        ContentPiece.creator_id == bo, ContentPiece.platform == "tiktok"
    )
    with seeded.unit_of_work() as s:
        s.execute(
            update(ContentPerformance)
            .where(ContentPerformance.content_id.in_(tiktok))
            .values(followers_gained=None)
        )
        known = list(
            s.execute(
                select(ContentPerformance.reach)
                .join(ContentPiece, ContentPiece.id == ContentPerformance.content_id)
                .where(ContentPiece.creator_id == bo, ContentPiece.platform == "instagram")
            ).scalars()
        )
    with seeded.read() as s:
        followers = figure_stat(s, bo, "followers", period="all", scope=Scope("tiktok"), now=NOW)
        reach = figure_stat(s, bo, "reach", period="all", scope=Scope("instagram"), now=NOW)
    assert followers.current.value is None and followers.current.reported == 0
    assert followers.current.pieces > 0
    reported = [r for r in known if r is not None]
    assert reach.current.reported == len(reported)
    assert reach.current.value == (sum(reported) if reported else None)
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "unknown-followers")
    text = chat.say("how many followers did my tiktoks gain of all time").plain_text()
    assert f"not reported by any of the {counted(followers.current.pieces, 'piece')}" in text
    assert " 0 in total" not in text


def test_the_answer_quotes_the_figure_its_period_its_pieces_and_the_period_before(
    seeded: Database,
) -> None:
    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        dash = build_dashboard(s, bo, period="30d", platform="youtube", now=NOW)
        answer = figure_stat(s, bo, "views", period="30d", scope=Scope("youtube"), now=NOW)
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "views-30d")
    text = chat.say("total views on youtube in the last 30 days").plain_text()
    expected = f"{views(dash.summary.total_views)} in total over "
    assert expected + counted(dash.summary.total_content, "piece") in text
    assert "the last 30 days" in text and "YouTube" in text
    assert answer.previous is not None and "the 30 days before" in text
    if answer.change is not None and answer.direction != "flat":
        assert f"{answer.direction} {abs(answer.change) * 100:.0f}% on" in text
    follow = chat.say("and the average engagement?").plain_text()
    with seeded.read() as s:
        engagement = figure_stat(s, bo, "engagement", period="30d", scope=Scope("youtube"), now=NOW)
    assert f"average {percent(engagement.current.value)}" in follow and "YouTube" in follow


def test_my_most_viewed_tiktok_is_the_creators_piece_with_the_most_views(
    seeded: Database,
) -> None:
    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        page = list_content(s, bo, platform="tiktok", sort="views", page_size=1)
    top = page.items[0]
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "most-viewed")
    text = chat.say("what's my most viewed tiktok?").plain_text()
    assert f"Your most viewed TikTok piece: #{top.number} {top.title}" in text
    assert chat.state().focus == top.number
    assert chat.state().ref_scope == {"platform": "tiktok", "content_type": None, "period": None}


def test_no_piece_lists_the_same_factor_twice(seeded: Database) -> None:
    from insights.content import content_detail

    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        dash = build_dashboard(s, bo, period="all", now=NOW)
        pieces = dash.top_performers + dash.needs_attention
        details = [content_detail(s, bo, p.number, now=NOW) for p in pieces]
    for piece in pieces:
        titles = [i.title for i in piece.insights]
        assert len(titles) == len(set(titles)), titles
    for detail in details:
        for factors in (detail.success_factors, detail.failure_factors):
            titles = [f.title for f in factors]
            assert len(titles) == len(set(titles)), titles


def test_the_digest_writes_platforms_as_every_other_answer_does(seeded: Database) -> None:
    from context.formatting import PLATFORM_NAMES
    from context.reply import ContentRef
    from context.scheduled.digest import compose_digest

    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        reply = compose_digest(s, bo, now=NOW, since=None).reply
    refs = [b for b in reply.blocks if isinstance(b, ContentRef)]
    assert refs, "the digest lists new pieces"
    assert all(ref.platform in PLATFORM_NAMES.values() for ref in refs)


def test_a_figure_question_naming_a_theme_counts_only_that_themes_pieces(
    seeded: Database,
) -> None:
    from insights.themes import list_themes

    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        theme = list_themes(s, bo)[0].theme
        answer = figure_stat(s, bo, "views", period="all", scope=Scope(theme=theme), now=NOW)
        everything = figure_stat(s, bo, "views", period="all", now=NOW)
    assert answer.current.pieces < everything.current.pieces
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "theme-views")
    text = chat.say(f"total views of my {theme.lower()} videos ever").plain_text()
    assert f"about {theme}" in text
    assert f"{views(answer.current.value)} in total over " in text
    assert counted(answer.current.pieces, "piece") in text


def test_a_day_with_nothing_published_says_so_and_yesterday_counts_its_own_pieces(
    seeded: Database,
) -> None:
    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        today = figure_stat(s, bo, "views", period="today", scope=Scope(), now=NOW)
        yesterday = figure_stat(s, bo, "pieces", period="yesterday", scope=Scope(), now=NOW)
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "days")
    text = chat.say("views today").plain_text()
    assert today.current.pieces == 0  # the fixture publishes nothing on NOW's day
    assert "no pieces published" in text and "of the 0 pieces" not in text
    asked = chat.say("how many pieces did I post yesterday").plain_text()
    assert f"yesterday ({yesterday.current.span.label.split('(')[1]}" in asked
    assert f": {yesterday.current.value:.0f}" in asked


def test_what_was_posted_in_a_short_period_names_the_pieces_newest_first(
    seeded: Database,
) -> None:
    bo = creator_id(seeded, "bo")
    with seeded.read() as s:
        span = figure_stat(s, bo, "pieces", period="last_week", scope=Scope(), now=NOW)
        assert span.current.span.start is not None and span.current.span.end is not None
        query = (
            select(ContentPiece.number)
            .join(ContentPerformance, ContentPerformance.content_id == ContentPiece.id)
            .where(
                ContentPiece.creator_id == bo,
                ContentPiece.published_at >= span.current.span.start,
                ContentPiece.published_at < span.current.span.end,
            )
            .order_by(ContentPiece.published_at.desc(), ContentPiece.number.desc())
        )
        expected = list(s.scalars(query))
    assert 0 < len(expected) <= 10, "bo published a few pieces last week"
    chat = Chat(Agent(seeded, FixedClock(NOW)), seeded, "bo", "posted")
    text = chat.say("what did I post last week?").plain_text()
    places = [text.index(f"#{number} ") for number in expected]
    assert places == sorted(places)
    assert chat.state().last_list == expected
    more = chat.say("what did I post in the last 90 days").plain_text()
    assert "#" not in more.split("\n", 2)[-1]  # too many to name: the count alone
