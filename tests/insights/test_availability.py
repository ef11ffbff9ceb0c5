"""Unknown counts through the pipeline: stored NULL, kept on re-import, and named by an insight."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from sqlalchemy import select

from insights.availability import INSIGHT_TYPE, Gap, api_lacks, gaps
from insights.importing.merge import keep_known
from insights.insight_rows import creator_insights
from insights.records import MetricsRecord
from storage import Database
from storage.models import ContentPerformance
from tests.insights.test_ingest import ingest, make_creator, piece


def _no_likes(n: int):  # type: ignore[no-untyped-def]
    record = piece(n)
    return replace(record, metrics=replace(record.metrics, likes=None, retention_rate=0.4))


def test_unreported_likes_are_stored_unknown_and_the_insights_say_the_scores_lack_them(
    db: Database,
) -> None:
    creator_id = make_creator(db)
    ingest(db, creator_id, [_no_likes(n) for n in range(1, 7)])

    with db.read() as session:
        stored = session.scalars(
            select(ContentPerformance.likes).where(ContentPerformance.creator_id == creator_id)
        ).all()
        rates = session.scalars(select(ContentPerformance.engagement_rate)).all()
        notes = [i for i in creator_insights(session, creator_id) if i.insight_type == INSIGHT_TYPE]
    assert stored == [None] * 6 and rates == [None] * 6
    [note] = notes
    assert note.description == (
        "Likes are not reported for any of your YouTube pieces, "
        "so they are not part of these scores."
    )
    assert note.supporting_data == {"platform": "youtube", "figures": ["likes"], "from_api": False}


def test_a_file_without_a_count_keeps_the_count_an_earlier_source_gave(db: Database) -> None:
    creator_id = make_creator(db)
    ingest(db, creator_id, [piece(1)])
    with db.read() as session:  # a re-import whose layout has no likes column: the gap filled
        [again] = keep_known(session, creator_id, [_no_likes(1)], unreported=frozenset(), tz=UTC)
    ingest(db, creator_id, [again])

    with db.read() as session:
        likes = session.scalar(select(ContentPerformance.likes))
        found = gaps(session, creator_id)
    assert likes == 50
    assert found == []  # every scored figure is known now (retention from the second file)


def test_watch_time_alone_is_singular_and_an_api_is_named_only_when_it_never_gives_it() -> None:
    assert Gap("youtube", ("retention_rate",), from_api=False).sentence() == (
        "Watch time is not reported for any of your YouTube pieces, so it is not part of these "
        "scores."
    )
    assert api_lacks("tiktok", "saves") == "TikTok's Display API"
    assert api_lacks("tiktok", "watch_time") == "TikTok's Display API"
    assert api_lacks("instagram", "saves") is None and api_lacks(None, "saves") is None
    assert MetricsRecord().saves == 0  # absent from a caller's record: 0, as before
