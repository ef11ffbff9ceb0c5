"""Plans drafted from a piece: "make more like this" from its success factors, "diagnose" from
its failure factors, always built from the stored insight rows and saved only when confirmed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from plans import PlanDraft, due_label, plan_from_content, save_draft
from storage import Database
from storage.errors import InvalidInput, NotFound
from storage.models import ActionPlan
from tests.plans.helpers import NOW, add_insight, add_piece, new_creator, seed

BERLIN = ZoneInfo("Europe/Berlin")


def test_more_like_this_uses_the_pieces_success_factors_and_patterns(db: Database) -> None:
    mia = seed(db)
    with db.read() as session:
        draft = plan_from_content(session, mia, 1, mode="more", now=NOW)
    assert draft.basis == (
        "slot:thu:14-17",
        "theme:tutorials",
        "retention:strong_hook",
        "format:short",
    )
    assert draft.source_content_number == 1 and draft.mode == "more"
    assert draft.projected_outcome == {"views": 48_000, "engagement_rate": 7.2}
    assert draft.name == "More like piece 1: Color grading guide"
    assert "Perfect timing" in draft.goal and "48k views" in draft.goal
    titles = [i.title for i in draft.items]
    assert titles == [
        "Script another tutorials piece like piece 1",
        "Reuse the opening that held viewers in piece 1",
        "Produce it in the short format again",
        "Publish the next one in your Thu 14:00–17:00 window",
        "Link the new piece to this plan and check it 48 hours after publishing",
    ]
    assert [i.basis for i in draft.items] == [
        "theme:tutorials",
        "retention:strong_hook",
        "format:short",
        "slot:thu:14-17",
        None,
    ]
    # Each item carries the factor's own words and numbers.
    assert "Posted Thu 14-17 h: 2.1x your median" in (draft.items[3].description or "")
    assert "62 % retention" in (draft.items[1].description or "")
    assert not any("Bo" in (i.description or "") for i in draft.items)
    assert [i.estimated_hours for i in draft.items] == [3.0, 1.0, 2.0, 0.5, 0.25]
    labels = [due_label(i.due_date, i.due_time_known, BERLIN) for i in draft.items]
    # Prep on the next days; publishing in the first Thursday window after the prep;
    # the review two days after publishing.
    assert labels == [
        "Thu 26 Nov 2026",
        "Fri 27 Nov 2026",
        "Sat 28 Nov 2026",
        "Thu 3 Dec 2026 14:00",
        "Sat 5 Dec 2026",
    ]
    assert draft.timeline == "until Sat 5 Dec 2026"


def test_diagnose_uses_the_failure_factors_and_the_better_window(db: Database) -> None:
    mia = seed(db)
    with db.read() as session:
        draft = plan_from_content(session, mia, 2, mode="diagnose", now=NOW)
    assert draft.basis == ("retention:weak_hook", "slot:sun:23-05", "engagement:low")
    assert draft.name == "Fix what held back piece 2: Late night vlog"
    titles = [i.title for i in draft.items]
    assert titles == [
        "Rewrite the first 3 seconds of the next piece: open with the payoff",
        "Add one clear question or call to action",
        "Move the next post from Sun 23:00–05:00 to your Mon, Thu 14:00–17:00 window",
        "Publish the reworked piece, link it here and compare with piece 2",
    ]
    assert "22 % retention vs your 41 %" in (draft.items[0].description or "")
    assert "Better: Mon and Thu afternoons work." in (draft.items[2].description or "")
    publish = draft.items[2]
    assert publish.due_time_known
    assert due_label(publish.due_date, True, BERLIN) == "Mon 30 Nov 2026 14:00"
    # The creator's typical figures on the platform: the median of her YouTube pieces.
    assert draft.projected_outcome == {"views": 11_000, "engagement_rate": 3.5}


def test_drafts_are_not_saved_until_confirmed(db: Database) -> None:
    mia = seed(db)
    with db.unit_of_work() as session:
        draft = plan_from_content(session, mia, 1, now=NOW)
        assert session.scalar(select(func.count()).select_from(ActionPlan)) == 0
        # A draft survives a trip through JSON (e.g. a conversation's state) unchanged.
        restored = PlanDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
        assert restored == draft
        saved = save_draft(session, mia, restored, now=NOW)
    assert saved.number == 1 and saved.source_content_number == 1
    assert [i.title for i in saved.items] == [i.title for i in draft.items]
    assert saved.items[3].due_label == "Thu 3 Dec 2026 14:00"
    assert saved.items[3].description == draft.items[3].description
    assert saved.projected_outcome == {"views": 48_000, "engagement_rate": 7.2}


def test_a_hit_without_factors_of_its_own_is_repeated_from_its_theme_and_patterns(
    db: Database,
) -> None:
    mia = seed(db)
    with db.unit_of_work() as session:
        add_piece(
            session, mia, title="Lucky one", views=60_000, score=95, category="overperforming"
        )
    with db.read() as session:
        draft = plan_from_content(session, mia, 5, mode="more", now=NOW)
    assert draft.goal.startswith("Repeat what made piece 5 work")
    titles = [i.title for i in draft.items]
    assert titles[0] == "Produce it in the short format again"
    assert titles[1] == "Publish the next one in your Mon, Thu 14:00–17:00 window"
    assert titles[-1].startswith("Link the new piece to this plan") and len(titles) == 3
    # Only Mia's own patterns round it off (Bo's pattern never appears).
    assert draft.basis == ("slot:mon+thu:14-17", "format:short")


def test_a_flop_without_a_cause_of_its_own_is_rebuilt_from_the_creators_patterns(
    db: Database,
) -> None:
    mia = seed(db)
    with db.unit_of_work() as session:
        add_piece(session, mia, title="Quiet one", views=900, score=8, category="underperforming")
    with db.read() as session:
        draft = plan_from_content(session, mia, 5, mode="diagnose", now=NOW)
    assert draft.basis == ("slot:mon+thu:14-17", "format:short")  # Mia's, never Bo's
    assert draft.goal.startswith("Give the next piece after 5 what works for you")
    titles = [i.title for i in draft.items]
    # Beside Mia's best YouTube piece (piece 1: 48,000 views against 900).
    assert titles[0] == "Put piece 5 beside your best piece 1: title, opening, thumbnail"
    assert "53.3× its views" in (draft.items[0].description or "")
    assert "Publish the next one in your Mon, Thu 14:00–17:00 window" in titles
    assert titles[-1] == "Publish the reworked piece, link it here and compare with piece 5"


def test_a_flop_with_nothing_to_compare_with_says_so(db: Database) -> None:
    seed(db)
    cleo = new_creator(db, "cleo")
    with db.unit_of_work() as session:
        add_piece(session, cleo, title="First try", views=100, score=5, category="underperforming")
    with db.read() as session, pytest.raises(InvalidInput, match="nothing of yours to compare"):
        plan_from_content(session, cleo, 1, mode="diagnose", now=NOW)


def test_a_flop_with_a_better_piece_but_no_pattern_is_set_beside_it(db: Database) -> None:
    seed(db)
    dan = new_creator(db, "dan")
    with db.unit_of_work() as session:
        add_piece(session, dan, title="Hit", views=9_000, score=90, category="overperforming")
        add_piece(session, dan, title="Flop", views=300, score=9, category="underperforming")
        # A better hit on another platform is only the fallback: its own platform comes first.
        add_piece(
            session,
            dan,
            title="Reel hit",
            platform="instagram",
            views=90_000,
            score=99,
            category="overperforming",
        )
    with db.read() as session:
        draft = plan_from_content(session, dan, 2, mode="diagnose", now=NOW)
    assert draft.items[0].title.startswith("Put piece 2 beside your best piece 1")
    assert draft.basis == () and draft.goal.startswith("Give the next piece after 2 what works")


@pytest.mark.parametrize(
    ("number", "mode", "error", "message"),
    [
        (2, "more", InvalidInput, "piece 2 has no success factors"),
        (1, "diagnose", InvalidInput, "piece 1 has no failure factors"),
        (3, "more", InvalidInput, "piece 3 has no success factors"),
        (1, "copy", InvalidInput, "unknown mode 'copy'"),
        (99, "more", NotFound, "piece 99 not found"),
    ],
)
def test_drafts_that_cannot_be_made_say_why(
    db: Database, number: int, mode: str, error: type[Exception], message: str
) -> None:
    mia = seed(db)
    with pytest.raises(error, match=message), db.read() as session:
        plan_from_content(session, mia, number, mode=mode, now=NOW)


def test_another_creators_piece_is_not_found(db: Database) -> None:
    seed(db)
    other = new_creator(db, "cy")
    with pytest.raises(NotFound, match="piece 1 not found"), db.read() as session:
        plan_from_content(session, other, 1, now=NOW)


def test_a_draft_made_across_a_dst_change_keeps_local_times(db: Database) -> None:
    mia = seed(db)
    before_change = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)  # Wed, CET; Thu 2 April is CEST
    with db.read() as session:
        draft = plan_from_content(session, mia, 1, now=before_change)
    publish = next(i for i in draft.items if i.basis == "slot:thu:14-17")
    assert publish.due_date == datetime(2026, 4, 2, 12, 0, tzinfo=UTC)  # 14:00 CEST


def test_factors_about_one_subject_make_one_item_citing_each(db: Database) -> None:
    mia = new_creator(db, "mia")
    with db.unit_of_work() as s:
        piece = add_piece(s, mia, platform="tiktok", views=90_000)
        for key, text in (
            ("platform:tiktok", "1.9x views"),
            ("platform:tiktok:engagement", "7.5 %"),
        ):
            add_insight(
                s,
                mia,
                piece.id,
                insight_type="success_factor",
                pattern_key=key,
                title="On TikTok",
                description=text,
                supporting_data={"subject": "TikTok"},
            )
        add_insight(
            s,
            mia,
            piece.id,
            insight_type="success_factor",
            pattern_key="hours:18-21",
            title="Evenings",
            description="evening posts do 1.4x",
        )
    with db.read() as s:
        draft = plan_from_content(s, mia, piece.number, now=NOW)
    assert draft.basis == ("hours:18-21", "platform:tiktok", "platform:tiktok:engagement")
    publish = [i for i in draft.items if i.title == "Publish it on TikTok first"]
    assert len(publish) == 1
    assert "1.9x views" in (publish[0].description or "") and "7.5 %" in (
        publish[0].description or ""
    )
    window = next(i for i in draft.items if i.basis == "hours:18-21")
    assert window.title == "Publish the next one in your every day 18:00–21:00 window"
    # Publishing on TikTok and in the window happen at the same moment.
    assert publish[0].due_date == window.due_date and window.due_time_known
    # No factor asks for making the piece, so the plan starts with that, the day after.
    assert draft.items[0].title == "Plan and script a new piece about tutorials like piece 1"
    assert due_label(draft.items[0].due_date, False, BERLIN) == "Thu 26 Nov 2026"
    assert due_label(window.due_date, True, BERLIN) == "Fri 27 Nov 2026 18:00"
