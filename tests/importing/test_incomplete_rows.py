"""Malformed is not incomplete: real but incomplete rows are skipped or doubted, and listed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from insights.importing import ImportRejected, import_file
from insights.importing.parse import ImportOptions
from storage import Database
from storage.creators import create_creator
from storage.errors import InvalidInput
from storage.models import ContentPerformance, ContentPiece

from .helpers import NOW, by_id, parse

STUDIO = (
    "Content,Video title,Video publish time,Duration,Views,Likes,Average percentage viewed (%)\n"
    "Total,,,,1210,160,\n"
    'abcdefghijk,Published one,"Apr 29, 2020",300,1000,50,40\n'
    "privatevid1,Private draft,,120,200,10,30\n"
    "unlisted001,Unlisted one,,60,10,100,20\n"
)


def strict() -> ImportOptions:
    return ImportOptions(strict=True)


def test_rows_without_a_publish_date_are_skipped_and_listed() -> None:
    parsed = parse(STUDIO.encode())
    assert list(by_id(parsed)) == ["abcdefghijk"]
    assert [(p.where, p.column) for p in parsed.skipped] == [
        ("line 4", "Video publish time"),
        ("line 5", "Video publish time"),
    ]
    assert "no publish date" in parsed.skipped[0].message


def test_strict_refuses_the_rows_it_would_skip() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse(STUDIO.encode(), options=strict())
    assert caught.value.headline == "nothing was imported: 2 rows have problems"


def test_a_file_of_nothing_but_undated_rows_says_every_row_was_skipped() -> None:
    data = STUDIO.splitlines()
    only_undated = "\n".join([data[0], data[3]]) + "\n"
    with pytest.raises(InvalidInput, match="every row was skipped"):
        parse(only_undated.encode())


HEADER = "platform,platform_id,title,published_at,views,likes,avg_percent_viewed,duration\n"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("youtube,a1,T,2024-05-01T10:00:00Z,0,105,,", "views", "105 likes and 0 views"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,100,250,,", "views", "more likes (250) than views"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,,1,,", "views", "gives no views"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,Hidden,1,,", "views", "gives no views"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,10,1,130,600", "retention_rate", "above 100 %"),
        ("youtube,a1,T,2024-05-01T10:00:00Z,10,1,1200,30", "retention_rate", "implausibly"),
    ],
)
def test_an_implausible_figure_is_imported_as_unknown_and_flagged(
    row: str, field: str, message: str
) -> None:
    parsed = parse((HEADER + row + "\n").encode())
    (record,) = parsed.records
    assert getattr(record.metrics, field) is None
    (flag,) = parsed.flagged
    assert flag.where == "line 2" and message in flag.message
    with pytest.raises(ImportRejected):
        parse((HEADER + row + "\n").encode(), options=strict())


def test_a_word_that_is_not_a_number_still_stops_the_file() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse((HEADER + "youtube,a1,T,2024-05-01T10:00:00Z,lots,1,,\n").encode())
    (problem,) = caught.value.problems
    assert (problem.column, problem.value) == ("views", "lots")


@pytest.fixture
def creator_id(db: Database) -> uuid.UUID:
    with db.unit_of_work() as session:
        return create_creator(session, "mia", now=NOW).id


def test_the_summary_lists_skipped_and_doubted_rows_and_unknown_views_stay_null(
    db: Database, creator_id: uuid.UUID
) -> None:
    data = STUDIO.replace(
        'abcdefghijk,Published one,"Apr 29, 2020",300,1000,50,40',
        (
            'abcdefghijk,Published one,"Apr 29, 2020",300,1000,50,40\n'
            'hiddenviews,Hidden views,"May 2, 2020",300,0,105,40'
        ),
    )
    with db.unit_of_work() as session:
        summary = import_file(session, creator_id, data.encode(), "Table data.csv", now=NOW)
    text = summary.text()
    assert "Skipped 2 rows without a publish date" in text and "line 5" in text
    assert "Imported 1 doubtful figure as unknown: line 4" in text
    with db.read() as session:
        views = dict(
            session.execute(
                select(ContentPiece.platform_id, ContentPerformance.views).join(
                    ContentPerformance, ContentPerformance.content_id == ContentPiece.id
                )
            ).all()
        )
        score = session.scalar(
            select(ContentPerformance.performance_score)
            .join(ContentPiece, ContentPerformance.content_id == ContentPiece.id)
            .where(ContentPiece.platform_id == "hiddenviews")
        )
    assert views == {"abcdefghijk": 1000, "hiddenviews": None}
    assert score is None  # no audience figure: left out of scoring, not scored as 0 views


def test_unknown_figures_read_as_unknown_not_zero(db: Database, creator_id: uuid.UUID) -> None:
    from context.formatting import performance_line, published
    from insights.content import content_detail
    from insights.dashboard import build_dashboard
    from tests.support import real_layouts as files

    with db.unit_of_work() as session:
        import_file(session, creator_id, files.API, "videos.csv", now=NOW)
    with db.read() as session:
        dashboard = build_dashboard(session, creator_id, period="all", now=NOW)
        hidden = session.scalar(
            select(ContentPiece.number).where(ContentPiece.platform_id == "vid00000003")
        )
        detail = content_detail(session, creator_id, hidden or 0, now=NOW)
    assert dashboard.summary.total_reach is None  # YouTube reports no reach: "—", not 0
    assert dashboard.summary.total_views == 12000 + 900  # the unknown views are left out
    assert "— views" in performance_line(detail.performance)
    assert published(detail.published_at, False).endswith("May 2024")
    assert "12:00" not in published(detail.published_at, False)
