"""The digest's content against the insights and plans services it reports on."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from context.scheduled.digest import compose_digest
from context.scheduled.digest_facts import clip_text, score_sentence
from insights.views import PieceSummary, build_dashboard, content_detail, list_content
from plans import complete_item, due_items, list_plans
from plans.urgency import end_of_local_day, local_day
from storage import Database
from storage.models import ContentPiece
from tests.scheduler.helpers import NOW, add_plan, hours, ingest, new_creator, simulated_records

NEW_YORK = ZoneInfo("America/New_York")


def _stored_creator(db: Database, handle: str, seed: int) -> tuple[uuid.UUID, datetime]:
    """A creator whose history arrived 3 days ago and whose newer pieces arrived an hour ago."""
    creator = new_creator(db, handle, timezone="America/New_York")
    records = simulated_records(80, seed=seed, timezone="America/New_York")
    ingest(db, creator, records, at=NOW - hours(1))
    arrived = NOW - timedelta(days=3)
    with db.unit_of_work() as session:  # one refresh is enough; backdate the history's arrival
        session.execute(
            update(ContentPiece)
            .where(ContentPiece.creator_id == creator, ContentPiece.published_at < arrived)
            .values(created_at=arrived)
        )
    return creator, arrived + timedelta(seconds=1)


def _week(db: Database, creator: uuid.UUID) -> list[PieceSummary]:
    with db.read() as session:
        page = list_content(session, creator, sort="published", page_size=100)
    return [p for p in page.items if NOW - timedelta(days=7) <= p.published_at <= NOW]


def test_new_pieces_best_weakest_and_trend_match_the_insights_views(db: Database) -> None:
    mia, since = _stored_creator(db, "mia", seed=5)
    _stored_creator(db, "bo", seed=4)
    with db.read() as session:
        digest = compose_digest(session, mia, now=NOW, since=since)
        dashboard = build_dashboard(session, mia, period="7d", now=NOW)
    facts = digest.facts
    week = _week(db, mia)
    fresh_numbers = {p.number for p in week if p.published_at >= since}
    assert {p.number for p in facts.new_pieces} == fresh_numbers and len(fresh_numbers) >= 2
    scores = {p.number: p.performance.performance_score for p in week}
    assert {p.number: p.score for p in facts.new_pieces} == {n: scores[n] for n in fresh_numbers}
    ranked = sorted((s, -n) for n, s in scores.items() if s is not None)
    assert facts.best is not None and facts.weakest is not None
    assert facts.best.piece.number == -ranked[-1][1]
    assert facts.weakest.piece.number == -ranked[0][1]
    assert facts.engagement_trend == dashboard.summary.engagement_trend
    assert facts.week_engagement == dashboard.summary.avg_engagement_rate
    assert not digest.is_empty and facts.now.tzinfo == NEW_YORK


def test_each_highlight_carries_its_pieces_own_factor(db: Database) -> None:
    mia, since = _stored_creator(db, "mia", seed=5)
    with db.read() as session:
        facts = compose_digest(session, mia, now=NOW, since=since).facts
        assert facts.best is not None and facts.weakest is not None
        best = content_detail(session, mia, facts.best.piece.number, now=NOW)
        weak = content_detail(session, mia, facts.weakest.piece.number, now=NOW)
    expected_best = (
        best.success_factors[0].description
        if best.success_factors
        else score_sentence(facts.best.piece)
    )
    expected_weak = (
        weak.failure_factors[0].description
        if weak.failure_factors
        else score_sentence(facts.weakest.piece)
    )
    assert facts.best.insight == clip_text(expected_best)
    assert facts.weakest.insight == clip_text(expected_weak)


def test_due_items_and_plan_progress_come_from_the_plans_service(db: Database) -> None:
    mia, since = _stored_creator(db, "mia", seed=5)
    lines = [
        "late|2026-11-23",
        "today|2026-11-25",
        "timed|2026-11-25T18:00",
        "later|2026-11-28",
        "done|2026-11-25",
    ]
    add_plan(db, mia, lines, now=NOW - timedelta(days=3), name="Series")
    add_plan(db, mia, ["also late|2026-11-24T10:00", "empty plan's twin|2026-12-24"], now=NOW)
    add_plan(db, mia, [], now=NOW, name="Empty")
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.5", now=NOW)
    with db.read() as session:
        digest = compose_digest(session, mia, now=NOW, since=since)
        until = end_of_local_day(local_day(NOW, NEW_YORK), NEW_YORK)
        due = due_items(session, mia, until=until, now=NOW)
        plans = list_plans(session, mia, now=NOW)
    facts = digest.facts
    assert [(d.ref, d.urgency, d.due_label) for d in facts.overdue + facts.due_today] == [
        (d.item.ref, d.item.urgency, d.item.due_label) for d in due
    ]
    assert [d.ref for d in facts.overdue] == ["1.1", "2.1"]
    assert [
        (p.number, p.completed_items, p.total_items, p.progress_percentage) for p in facts.plans
    ] == [(p.number, p.completed_items, p.total_items, p.progress_percentage) for p in plans]
    assert [p.number for p in facts.plans] == [3, 2, 1] and facts.plans[2].progress_percentage == 20
    text = digest.reply.plain_text()
    assert "Overdue: 2" in text and "Due today: 2" in text and "Plan 1: Series — 1/5 done" in text


def test_nothing_new_and_nothing_due_is_an_empty_digest(db: Database) -> None:
    mia, _ = _stored_creator(db, "mia", seed=5)
    add_plan(db, mia, ["next week|+7d"], now=NOW)
    with db.read() as session:
        digest = compose_digest(session, mia, now=NOW, since=NOW - hours(0.5))
    assert digest.is_empty and not digest.facts.new_pieces
    assert "Nothing new and nothing due today." in digest.reply.plain_text()
    assert digest.facts.plans  # plan progress alone does not make a digest worth sending


def test_the_reply_shows_local_times_one_chart_and_piece_buttons(db: Database) -> None:
    mia, since = _stored_creator(db, "mia", seed=5)
    with db.read() as session:
        digest = compose_digest(session, mia, now=NOW, since=since)
    facts = digest.facts
    headline = digest.reply.blocks[0]
    assert getattr(headline, "text", "") == "Your daily digest — Wed 25 Nov"
    local_since = since.astimezone(NEW_YORK)
    assert f"{local_since:%H:%M}" in digest.reply.plain_text()
    chart = digest.reply.chart
    assert chart is not None and chart.kind == "top_bottom"
    assert chart.data["top_scores"][0] == facts.week_pieces[0].score
    assert chart.data["bottom_scores"][0] == facts.week_pieces[-1].score
    assert facts.best is not None and facts.weakest is not None
    pieces = {b.action.args for b in digest.reply.buttons if b.action.name == "piece"}
    assert pieces == {(str(facts.best.piece.number),), (str(facts.weakest.piece.number),)}


def test_a_first_digest_looks_back_one_day(db: Database) -> None:
    mia, _ = _stored_creator(db, "mia", seed=5)
    with db.read() as session:
        digest = compose_digest(session, mia, now=NOW + timedelta(days=2), since=None)
    assert digest.facts.since == (NOW + timedelta(days=1)).astimezone(NEW_YORK)
    assert not digest.facts.new_pieces


def test_on_mondays_the_digest_takes_last_weeks_views_apart(db: Database) -> None:
    from context.tools.figure_change import conclusion, total_line
    from insights.figure_change import figure_change

    mia, since = _stored_creator(db, "mia", seed=5)
    monday = NOW - timedelta(days=2)  # 07:00 on Monday 23 November in New York
    with db.read() as session:
        digest = compose_digest(session, mia, now=monday, since=since - timedelta(days=2))
        expected = figure_change(session, mia, figure="views", period="last_week", now=monday)
        wednesday = compose_digest(session, mia, now=NOW, since=since)
    assert digest.weekly == expected and expected.now.reported and expected.before.reported
    text = " ".join(digest.reply.plain_text().split())
    assert "Last week against the week before" in text
    assert " ".join(f"{total_line(expected)} {conclusion(expected)}".split()) in text
    why = [b for b in digest.reply.buttons if b.label == "Why?"]
    assert why and why[0].action.encode() == "change:views,last_week,all"
    assert wednesday.weekly is None and "Last week against" not in wednesday.reply.plain_text()
