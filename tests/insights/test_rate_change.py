"""Why a rate moved: the change of a period's average engagement or retention taken apart into
where the pieces went and how the rate moved there (insights.rate_change)."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from insights.figure_change import CHANGE_CACHE
from insights.figures import Scope, figure_stat
from insights.rate_change import RateChange, rate_change
from storage import Database
from storage.errors import InvalidInput
from tests.support.builders import NOW, Spec, add_pieces, make_creator, scored_creator

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    CHANGE_CACHE.clear()


def _piece(
    rate: float | None, days_ago: float, platform: str = "youtube", **fields: object
) -> Spec:
    kind = {"youtube": "video", "tiktok": "short", "instagram": "reel"}[platform]
    spec = Spec(engagement_rate=rate, published_at=NOW - days_ago * DAY, platform=platform)
    return replace(spec, content_type=kind, **fields)  # type: ignore[arg-type]


def _change(db: Database, creator_id: uuid.UUID, **args: object) -> RateChange:
    with db.read() as session:
        return rate_change(session, creator_id, now=NOW, **args)  # type: ignore[arg-type]


def test_more_pieces_where_the_rate_is_lower_is_all_mix(db: Database) -> None:
    before = [_piece(4.0, 35 + n) for n in range(10)]
    before += [_piece(8.0, 35 + n, "tiktok") for n in range(10)]
    now = [_piece(4.0, 5 + n) for n in range(15)] + [_piece(8.0, 5 + n, "tiktok") for n in range(5)]
    found = _change(db, scored_creator(db, before + now))
    assert (found.before.mean, found.now.mean) == (6.0, 5.0)
    assert found.change == pytest.approx(-1.0)
    assert found.mix_part == pytest.approx(-1.0) and found.within_part == pytest.approx(0.0)
    youtube = next(p for p in found.parts() if p.name == "youtube")
    assert (youtube.share_before, youtube.share_now) == (0.5, 0.75)
    assert (youtube.rate_before, youtube.rate_now) == (4.0, 4.0)


def test_a_rate_that_fell_on_each_platform_is_all_within(db: Database) -> None:
    before = [_piece(6.0, 35 + n) for n in range(4)] + [_piece(8.0, 35, "tiktok") for _ in range(4)]
    now = [_piece(3.0, 5 + n) for n in range(4)] + [_piece(8.0, 5, "tiktok") for _ in range(4)]
    found = _change(db, scored_creator(db, before + now))
    assert found.mix_part == pytest.approx(0.0) and found.within_part == pytest.approx(-1.5)
    assert found.parts()[0].name == "youtube"  # the biggest move first
    assert found.parts()[0].within == pytest.approx(-1.5)


def test_a_platform_new_in_the_period_brings_only_mix(db: Database) -> None:
    before = [_piece(6.0, 35 + n) for n in range(4)]
    now = [_piece(6.0, 5 + n) for n in range(2)] + [_piece(2.0, 5 + n, "tiktok") for n in range(2)]
    found = _change(db, scored_creator(db, before + now))
    tiktok = next(p for p in found.parts() if p.name == "tiktok")
    assert tiktok.rate_before is None and tiktok.within == 0.0
    assert tiktok.mix == pytest.approx(0.5 * (2.0 - 6.0))
    assert found.change == pytest.approx(-2.0) and found.mix_part == pytest.approx(-2.0)


@pytest.mark.parametrize("seed", range(6))
def test_mix_and_within_always_add_up_to_the_change(db: Database, seed: int) -> None:
    draw = random.Random(seed)
    platforms = ("youtube", "tiktok", "instagram")
    specs = [
        _piece(round(draw.uniform(0.5, 15), 2), draw.uniform(0.5, 59.5), draw.choice(platforms))
        for _ in range(40)
    ]
    found = _change(db, scored_creator(db, specs))
    assert found.change is not None and found.mix_part is not None
    assert found.mix_part + (found.within_part or 0.0) == pytest.approx(found.change)


def test_the_averages_are_the_figure_answers_averages(db: Database) -> None:
    draw = random.Random(7)
    specs = [_piece(draw.uniform(1, 12), draw.uniform(0.5, 59.5)) for _ in range(25)]
    creator_id = scored_creator(db, specs)
    found = _change(db, creator_id)
    with db.read() as session:
        answer = figure_stat(session, creator_id, "engagement", now=NOW, scope=Scope())
    assert answer.current.value == pytest.approx(found.now.mean)
    assert answer.previous is not None and answer.previous.value == pytest.approx(found.before.mean)


def test_a_piece_that_does_not_report_the_rate_is_left_out_and_counted(db: Database) -> None:
    specs = [_piece(4.0, 40), _piece(None, 41), _piece(6.0, 10), _piece(None, 11), _piece(None, 12)]
    found = _change(db, scored_creator(db, specs))
    assert (found.now.pieces, found.now.reported, found.now.mean) == (3, 1, 6.0)
    assert (found.before.pieces, found.before.reported, found.before.mean) == (2, 1, 4.0)


def test_on_one_platform_the_parts_are_its_content_types(db: Database) -> None:
    before = [_piece(None, 35, retention_rate=0.5), _piece(None, 36, retention_rate=0.7)]
    before[1] = replace(before[1], content_type="short")
    now = [_piece(None, 5, retention_rate=0.4), _piece(None, 6, retention_rate=0.7)]
    now[1] = replace(now[1], content_type="short")
    now.append(_piece(None, 7, "tiktok", retention_rate=0.1))
    found = _change(db, scored_creator(db, before + now), figure="retention", platform="youtube")
    assert found.by == "content type" and {p.name for p in found.parts()} == {"video", "short"}
    assert (found.now.reported, found.now.mean) == (2, pytest.approx(0.55))


def test_another_creators_pieces_never_count(db: Database) -> None:
    mine = scored_creator(db, [_piece(4.0, 40), _piece(6.0, 10)])
    with db.unit_of_work() as session:
        other = make_creator(session, "bo")
        add_pieces(session, other, [_piece(50.0, 12), _piece(50.0, 42)])
    found = _change(db, mine)
    assert (found.before.mean, found.now.mean) == (4.0, 6.0)


@pytest.mark.parametrize(
    ("args", "words"),
    [({"period": "all"}, "All time has no period before it"), ({"figure": "views"}, "views")],
)
def test_what_cannot_be_taken_apart_is_refused_by_name(
    db: Database, args: dict[str, str], words: str
) -> None:
    creator_id = scored_creator(db, [_piece(4.0, 10), _piece(5.0, 40)])
    with pytest.raises(InvalidInput, match=words):
        _change(db, creator_id, **args)
