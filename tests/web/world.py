"""The web tests' world: the API tests' two creators, mia linked to a Telegram user, and a piece
whose title is full of HTML and script."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from insights.ingest import ingest_records
from insights.records import MetricsRecord, PieceRecord
from storage import Database
from storage.creators import get_creator, link_identity
from storage.models import ContentPiece
from tests.api.world import NOW, World, populate

MIA_TELEGRAM_ID = 424242
STRANGER_TELEGRAM_ID = 515151
HOSTILE_TITLE = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "quotes"'
)


@dataclass(frozen=True)
class WebWorld:
    """Both creators, and the number of mia's piece with the hostile title."""

    accounts: World
    hostile_number: int


def populate_web(db: Database) -> WebWorld:
    """The API world plus mia's Telegram link and her hostile piece."""
    accounts = populate(db)
    with db.unit_of_work() as session:
        mia = get_creator(session, accounts.mia.creator_id)
        link_identity(
            session, mia, "telegram", str(MIA_TELEGRAM_ID), chat_id=str(MIA_TELEGRAM_ID), now=NOW
        )
        record = PieceRecord(
            platform="youtube",
            platform_id="hostile-1",
            content_type="video",
            title=HOSTILE_TITLE,
            published_at=NOW - timedelta(days=20),
            metrics=MetricsRecord(views=1200, likes=40, comments=3),
            url="javascript:alert(1)",
        )
        ingest_records(session, mia.id, [record], now=NOW, source="test")
        number = session.scalar(
            select(ContentPiece.number).where(
                ContentPiece.creator_id == mia.id, ContentPiece.platform_id == "hostile-1"
            )
        )
        assert number is not None
    return WebWorld(accounts, number)
