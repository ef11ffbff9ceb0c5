"""Why a figure moved: the change taken apart into pieces published, each piece's figure,
like-for-like scores, views at 7 days and views received (insights.figure_change)."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from context.tools.figure_change import conclusion
from insights.figure_change import CHANGE_CACHE, FigureChange, Side, figure_change
from insights.growth import views_gained
from insights.periods import Span
from storage import Database
from storage.data_version import touch
from storage.errors import InvalidInput
from storage.models import ContentPiece
from storage.snapshots import record_history
from tests.support.builders import NOW, Spec, scored_creator

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    CHANGE_CACHE.clear()


def _piece(views: int, days_ago: float, **fields: object) -> Spec:
    spec = Spec(views=views, likes=views // 20, published_at=NOW - days_ago * DAY)
    return replace(spec, **fields)  # type: ignore[arg-type]


def _change(db: Database, creator_id: uuid.UUID, **args: object):  # type: ignore[no-untyped-def]
    with db.read() as session:
        return figure_change(session, creator_id, now=NOW, **args)  # type: ignore[arg-type]


def test_fewer_pieces_at_the_same_views_each_is_all_count(db: Database) -> None:
    before = [_piece(1000, 35 + 3 * n) for n in range(6)]
    now = [_piece(1000, 10 + 3 * n) for n in range(3)]
    found = _change(db, scored_creator(db, before + now))
    assert (found.now.pieces, found.before.pieces) == (3, 6)
    assert (found.now.total, found.before.total) == (3000.0, 6000.0)
    assert found.change == pytest.approx(-0.5)
    assert (found.count_part, found.piece_part) == (-3000.0, 0.0)
    assert conclusion(found) == "Mostly because you published fewer pieces."


def test_as_many_pieces_with_fewer_views_each_is_all_per_piece(db: Database) -> None:
    before = [_piece(2000, 35 + 3 * n) for n in range(4)]
    now = [_piece(1000, 10 + 3 * n) for n in range(4)]
    found = _change(db, scored_creator(db, before + now))
    assert (found.count_part, found.piece_part) == (0.0, -4000.0)
    assert conclusion(found).startswith("Mostly because each piece got fewer views.")


@pytest.mark.parametrize("seed", range(5))
def test_the_two_parts_always_add_up_to_the_change(db: Database, seed: int) -> None:
    draw = random.Random(seed)
    specs = [_piece(draw.randint(100, 90_000), draw.uniform(0.5, 59.5)) for _ in range(30)]
    found = _change(db, scored_creator(db, specs))
    assert found.now.total is not None and found.before.total is not None
    assert found.count_part is not None and found.piece_part is not None
    difference = found.now.total - found.before.total
    assert found.count_part + found.piece_part == pytest.approx(difference)


def test_a_piece_that_does_not_report_the_figure_is_left_out_and_counted(db: Database) -> None:
    specs = [_piece(1000, 40), _piece(1000, 45), _piece(3000, 10), _piece(500, 12, reach=None)]
    specs += [_piece(800, 42, reach=900), _piece(700, 15, reach=400)]
    found = _change(db, scored_creator(db, specs), figure="reach")
    assert (found.now.pieces, found.now.reported, found.now.total) == (3, 1, 400.0)
    assert (found.before.pieces, found.before.reported, found.before.total) == (3, 1, 900.0)
    assert found.now.average == 400.0


def test_one_platform_counts_only_its_pieces_and_names_no_platform_part(db: Database) -> None:
    specs = [_piece(1000, 40), _piece(5000, 12, platform="tiktok", content_type="short")]
    specs += [_piece(9000, 45, platform="tiktok", content_type="short"), _piece(1000, 10)]
    found = _change(db, scored_creator(db, specs), platform="tiktok")
    assert (found.now.total, found.before.total) == (5000.0, 9000.0)
    assert set(found.now.by_platform) == {"tiktok"}


def test_each_platforms_part_is_its_own_change_biggest_first(db: Database) -> None:
    specs = [_piece(1000, 40), _piece(1200, 12), _piece(9000, 45, platform="tiktok")]
    specs += [_piece(2000, 10, platform="tiktok")]
    found = _change(db, scored_creator(db, specs))
    assert found.platform_parts() == [("tiktok", -7000.0), ("youtube", 200.0)]


@pytest.mark.parametrize(
    ("args", "words"),
    [({"period": "all"}, "All time has no period before it"), ({"figure": "engagement"}, "rate")],
)
def test_what_cannot_be_taken_apart_is_refused_by_name(
    db: Database, args: dict[str, str], words: str
) -> None:
    creator_id = scored_creator(db, [_piece(1000, 10), _piece(1000, 40)])
    with pytest.raises(InvalidInput, match=words):
        _change(db, creator_id, **args)


def _with_history(db: Database, creator_id: uuid.UUID, numbers: set[int] | None = None) -> None:
    """Daily snapshots from publishing to NOW: 100 views a day (only ``numbers`` if given)."""
    with db.unit_of_work() as session:
        for piece in session.query(ContentPiece).filter_by(creator_id=creator_id):
            if numbers is not None and piece.number not in numbers:
                continue
            days = int((NOW - piece.published_at) / DAY)
            points = [(piece.published_at + d * DAY, 100 * d) for d in range(1, days + 1)]
            record_history(session, creator_id, piece.id, piece.published_at, points)


def test_with_history_views_received_and_views_at_seven_days_are_given(db: Database) -> None:
    specs = [_piece(5000, 8 + 2 * n) for n in range(25)]
    creator_id = scored_creator(db, specs)
    _with_history(db, creator_id)
    found = _change(db, creator_id)
    assert (found.now.at_week, found.before.at_week) == (700.0, 700.0)
    assert (found.now.at_week_pieces, found.before.at_week_pieces) == (12, 13)
    with db.read() as session:
        expected = views_gained(session, creator_id, start=NOW - 30 * DAY, end=NOW)
        earlier = views_gained(session, creator_id, start=NOW - 60 * DAY, end=NOW - 30 * DAY)
    assert found.now.received == expected and found.before.received == earlier
    assert expected is not None and expected > 0


def test_history_that_misses_many_pieces_gives_no_views_received(db: Database) -> None:
    specs = [_piece(5000, 8 + 2 * n) for n in range(25)]
    creator_id = scored_creator(db, specs)
    _with_history(db, creator_id, numbers=set(range(1, 20)))  # 19 of 25: a partial sum
    found = _change(db, creator_id)
    assert found.now.received is None and found.before.received is None


def test_without_history_nothing_is_invented(db: Database) -> None:
    creator_id = scored_creator(db, [_piece(5000, 8 + 2 * n) for n in range(25)])
    found = _change(db, creator_id)
    assert (found.now.at_week, found.now.received, found.before.received) == (None, None, None)


def test_a_write_is_seen_at_once(db: Database) -> None:
    creator_id = scored_creator(db, [_piece(1000, 40), _piece(1000, 10)])
    assert _change(db, creator_id).now.total == 1000.0
    with db.unit_of_work() as session:
        piece = session.query(ContentPiece).filter_by(creator_id=creator_id, number=2).one()
        assert piece.performance is not None
        piece.performance.views = 4000
        touch(session, [creator_id])
    assert _change(db, creator_id).now.total == 4000.0


def test_views_at_seven_days_on_one_platform_count_only_its_pieces(db: Database) -> None:
    specs = [_piece(5000, 8 + 2 * n) for n in range(25)]
    specs += [_piece(9000, 9 + 2 * n, platform="tiktok", content_type="short") for n in range(6)]
    creator_id = scored_creator(db, specs)
    _with_history(db, creator_id)
    found = _change(db, creator_id, platform="tiktok")
    assert (found.now.at_week_pieces, found.before.at_week_pieces) == (6, 0)
    assert found.now.at_week == 700.0 and found.before.at_week is None


def _say(db: Database, text: str) -> str:
    from context.agent import Agent
    from storage.clock import FixedClock
    from tests.support.chat import Chat

    return " ".join(Chat(Agent(db, FixedClock(NOW)), db, "mia").say(text).plain_text().split())


def test_a_lifetime_total_that_fell_points_to_the_newer_pieces_age(db: Database) -> None:
    before = [_piece(2000, 35 + 3 * n) for n in range(4)]
    scored_creator(db, before + [_piece(1000, 10 + 3 * n) for n in range(4)])
    text = _say(db, "total views last 30 days")
    assert "down 50% on the 30 days before" in text
    assert "Your newer pieces have had less time to gather views. “Why down?” shows" in text
    assert "less time" not in _say(db, "average engagement last 30 days")
    finished = _say(db, "total views last month")
    assert "down 50% on April 2026" in finished and "less time" not in finished


def test_a_total_that_rose_has_no_age_note(db: Database) -> None:
    before = [_piece(1000, 35 + 3 * n) for n in range(4)]
    scored_creator(db, before + [_piece(2000, 10 + 3 * n) for n in range(4)])
    assert "less time" not in _say(db, "total views last 30 days")


def test_pieces_that_do_not_report_the_figure_are_named_in_the_answer(db: Database) -> None:
    specs = [_piece(1000, 40, reach=900), _piece(1000, 45), _piece(700, 15, reach=400)]
    scored_creator(db, [*specs, _piece(900, 12), _piece(800, 11)])
    text = _say(db, "why is my reach down")
    assert "Reach of the pieces you published in that time: 400, down 56%" in text
    assert "2 of 3 pieces (1 of 2 before) do not report it and are left out." in text


def test_why_under_a_figure_that_moved_takes_the_change_apart(db: Database) -> None:
    from context.agent import Agent
    from context.reply import Action
    from storage.clock import FixedClock
    from tests.support.chat import Chat

    before = [_piece(2000, 35 + 3 * n) for n in range(4)]
    scored_creator(db, before + [_piece(1000, 10 + 3 * n, platform="tiktok") for n in range(4)])
    chat = Chat(Agent(db, FixedClock(NOW)), db, "mia")
    reply = chat.say("total views last 30 days")
    assert [b.label for b in reply.buttons] == ["Why down?"]
    pressed = reply.buttons[0].action
    assert pressed == Action("change", ("views", "30d", "all"))
    text = " ".join(chat.press(pressed.encode()).plain_text().split())
    assert text.startswith("Why your views are down — the last 30 days against the 30 days")
    assert "Each piece got 1k on average against 2k (down 50%), which accounts for −4k." in text
    untouched = chat.say("total views on youtube last month")
    assert untouched.buttons == () or "Why" not in untouched.buttons[0].label
    assert chat.press("change:views,forever,all").plain_text().startswith("unknown period")


def _side(total: float, pieces: int, median: float | None) -> Side:
    span = Span("30d", "the last 30 days", NOW - 30 * DAY, None)
    return Side(span, pieces, pieces, total, median, pieces)


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        (  # the total held, the scores rose
            _side(1000, 4, 74.0), _side(1000, 4, 59.0),
            "Your views held about steady. Like for like they did better (median score 74 "
            "against 59).",
        ),
        (  # fewer pieces explain the fall, and each did worse too
            _side(1000, 2, 40.0), _side(4000, 8, 60.0),
            "Mostly because you published fewer pieces. Like for like they did worse (median "
            "score 40 against 60).",
        ),
        (  # scores within 5 points add nothing
            _side(1000, 2, 58.0), _side(4000, 8, 60.0),
            "Mostly because you published fewer pieces.",
        ),
    ],
)  # fmt: skip
def test_the_conclusion_adds_like_for_like_scores_only_when_they_moved(
    now: Side, before: Side, expected: str
) -> None:
    found = FigureChange("views", None, now, replace(before, span=_previous()))
    assert conclusion(found) == expected


def _previous() -> Span:
    return Span("30d", "the 30 days before", NOW - 60 * DAY, NOW - 30 * DAY)
