"""/forgetme deletes one creator's data, only after confirmation; other creators are untouched."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select

from context.account.button_expiry import stamp
from storage import Database
from storage.models import (
    ChatIdentity,
    ContentInsight,
    ContentPerformance,
    ContentPiece,
    Creator,
    LinkCode,
)
from tests.account.helpers import NOW, Chat, actions, creator_count

OWNED = (ContentPiece, ContentPerformance, ContentInsight, ChatIdentity, LinkCode)


def _rows(db: Database, creator_id: uuid.UUID) -> dict[str, int]:
    """Rows each table holds for one creator."""
    with db.read() as session:
        return {
            model.__name__: int(
                session.scalar(
                    select(func.count()).select_from(model).where(model.creator_id == creator_id)
                )
                or 0
            )
            for model in OWNED
        }


def _creator_with_everything(db: Database, external_id: str, niche: str) -> Chat:
    chat = Chat(db, external_id=external_id, name=f"user {external_id}")
    chat.send("/start")
    chat.press("demo", niche)
    chat.press("link", "make")
    return chat


def test_forgetme_asks_first_and_deletes_nothing_until_confirmed(db: Database) -> None:
    chat = _creator_with_everything(db, "1", "travel")
    creator_id = chat.creator_id()
    assert creator_id is not None
    before = _rows(db, creator_id)
    reply = chat.reply("/forgetme")
    assert actions(reply) == [f"forget:yes,{stamp(NOW)}", "forget:no"]
    assert f"{before['ContentPiece']} pieces of content" in reply.plain_text()
    assert _rows(db, creator_id) == before
    cancelled = chat.press("forget", "no").reply
    assert cancelled is not None and "Nothing was deleted" in cancelled.plain_text()
    assert _rows(db, creator_id) == before and creator_count(db) == 1


def test_confirmed_forgetme_deletes_every_row_of_that_creator_only(db: Database) -> None:
    mia = _creator_with_everything(db, "1", "travel")
    bo = _creator_with_everything(db, "2", "finance")
    mia_id, bo_id = mia.creator_id(), bo.creator_id()
    assert mia_id is not None and bo_id is not None
    bo_before = _rows(db, bo_id)
    assert all(count > 0 for count in bo_before.values())
    mia.send("/forgetme")
    turn = mia.press("forget", "yes", stamp(NOW))
    assert turn.creator_id is None and turn.reply is not None
    assert "deleted" in turn.reply.plain_text() and turn.reply.edit_in_place
    assert all(count == 0 for count in _rows(db, mia_id).values())
    with db.read() as session:
        assert session.get(Creator, mia_id) is None
    assert _rows(db, bo_id) == bo_before and creator_count(db) == 1


def test_after_forgetme_the_next_message_starts_fresh(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    chat.send("/settings timezone Tokyo")
    old_id = chat.creator_id()
    chat.press("forget", "yes", stamp(NOW))
    assert chat.press("forget", "yes", stamp(NOW)).creator_id is None, (
        "a stale button creates nothing"
    )
    turn = chat.send("/start")
    assert turn.creator_id is not None and turn.creator_id != old_id
    assert chat.creator().timezone == "UTC"


def test_two_creators_settings_are_their_own(db: Database) -> None:
    mia, bo = Chat(db, external_id="1", name="Mia"), Chat(db, external_id="2", name="Bo")
    mia.send("/start")
    bo.send("/start")
    mia.press("tz", "Asia/Tokyo")
    mia.press("set", "digest", "off")
    bo.send("/settings digest 06:00")
    assert (mia.creator().timezone, mia.creator().digest_enabled) == ("Asia/Tokyo", False)
    assert (bo.creator().timezone, bo.creator().digest_enabled) == ("UTC", True)
    assert "Asia/Tokyo" not in bo.reply("/settings").plain_text()
    assert mia.creator().digest_time != bo.creator().digest_time


def test_a_delete_button_pressed_after_ten_minutes_deletes_nothing(db: Database) -> None:
    chat = _creator_with_everything(db, "1", "travel")
    creator_id = chat.creator_id()
    assert creator_id is not None
    before = _rows(db, creator_id)
    chat.send("/forgetme")
    chat.now = NOW + timedelta(minutes=12)
    turn = chat.press("forget", "yes", stamp(NOW))
    assert turn.reply is not None and "expired" in turn.reply.plain_text()
    assert chat.press("forget", "yes", "not-a-stamp").creator_id == creator_id
    assert _rows(db, creator_id) == before and creator_count(db) == 1
