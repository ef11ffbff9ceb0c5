"""Real files sent in chat: skipped rows said in chat, new layouts mapped with buttons, accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from context.agent import Agent
from context.reply import Attachment, ChatRequest, Reply
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPiece, PendingImport
from tests.support import real_layouts as files
from tests.support.chat import CHANNEL, NOW, Chat

UNKNOWN = files.crlf(
    "clip_id,caption,posted,plays,hearts\n"
    "c1,Packing hack,2024-04-02 17:30:00,1.6M,213.1K\n"
    "c2,Day in Lisbon,2024-04-05 09:15:00,88.4K,6.1K\n"
)


@pytest.fixture(scope="module")
def agent(seeded: Database) -> Agent:
    return Agent(seeded, FixedClock(NOW))


def send(agent: Agent, chat: Chat, name: str, data: bytes) -> Reply:
    file = Attachment(name, data)
    return agent.handle(ChatRequest(CHANNEL, chat.external_id, chat.external_id, attachment=file))


def count(db: Database, chat: Chat) -> int:
    query = select(func.count()).where(ContentPiece.creator_id == chat.creator_id)
    with db.read() as session:
        return int(session.scalar(query) or 0)


def test_a_studio_export_with_private_videos_imports_and_lists_the_skipped_rows(
    agent: Agent, seeded: Database
) -> None:
    chat = Chat(agent, seeded, "mia", "studio-chat")
    reply = send(agent, chat, "Table data.csv", files.STUDIO)
    text = reply.plain_text()
    assert text.startswith("Imported 2 rows") and "Skipped 1 row without a publish date" in text
    assert "line 5" in text


def test_an_unknown_layout_gets_its_columns_and_a_mapping_to_confirm(
    agent: Agent, seeded: Database
) -> None:
    chat = Chat(agent, seeded, "bo", "mapping-chat")
    before = count(seeded, chat)
    reply = send(agent, chat, "scraped.csv", UNKNOWN)
    text = reply.plain_text()
    assert "'clip_id'" in text and "views ← 'plays'" in text and "platform_id ← 'clip_id'" in text
    labels = {b.label: b.action for b in reply.buttons}
    assert {"Import as TikTok", "Cancel"} <= set(labels)
    assert count(seeded, chat) == before  # nothing yet: the creator confirms first
    done = chat.press(labels["Import as TikTok"])
    assert done.plain_text().startswith("Imported 2 rows") and count(seeded, chat) == before + 2
    again = chat.press(labels["Import as TikTok"])
    assert "no file is waiting" in again.plain_text()


def test_a_file_of_several_accounts_offers_a_button_per_account(
    agent: Agent, seeded: Database
) -> None:
    chat = Chat(agent, seeded, "bo", "accounts-chat")
    before = count(seeded, chat)
    data = files.several_accounts({"Bo Bakes": 3, "Bo Travels": 2})
    reply = send(agent, chat, "agency.csv", data)
    assert "This file holds 2 accounts" in reply.plain_text()
    assert "Bo Bakes: 3 rows" in reply.plain_text()
    labels = {b.label: b.action for b in reply.buttons}
    done = chat.press(labels["Import Bo Travels"])
    assert "Imported 2 rows" in done.plain_text() and count(seeded, chat) == before + 2


def test_cancel_forgets_the_waiting_file(agent: Agent, seeded: Database) -> None:
    chat = Chat(agent, seeded, "mia", "cancel-chat")
    reply = send(agent, chat, "scraped.csv", UNKNOWN)
    cancel = next(b.action for b in reply.buttons if b.label == "Cancel")
    assert "Nothing was imported" in chat.press(cancel).plain_text()
    with seeded.read() as session:
        waiting = select(func.count()).where(PendingImport.creator_id == chat.creator_id)
        assert session.scalar(waiting) == 0


def test_themes_are_renamed_merged_and_set_in_chat(agent: Agent, seeded: Database) -> None:
    from insights.themes import list_themes

    chat = Chat(agent, seeded, "bo", "themes-chat")

    def themes() -> list[str]:
        with seeded.read() as session:
            return [t.theme for t in list_themes(session, chat.creator_id)]

    first, second, *_ = themes()
    renamed = chat.say(f'rename theme "{first.lower()}" to Mine')
    assert f"Renamed '{first.lower()}' to 'Mine'." in renamed.plain_text()
    merged = chat.say(f"merge themes {second} into Mine")
    assert "Merged" in merged.plain_text()
    chat.say("set #3 to Pinned")
    now = set(themes())
    assert {"Mine", "Pinned"} <= now and first not in now and second not in now
    chat.say("move 4 to friday")  # a plan item's due date, not a theme called "friday"
    assert chat.last_answer().payload.get("intent") == "move_item"
    chat.say("set the theme of #5 to Monday")  # said to be a theme: one
    assert "friday" not in {t.lower() for t in themes()} and "Monday" in themes()
    missing = chat.say("rename theme Knitting to Yarn")
    assert "Themes unchanged" in missing.plain_text() and "your themes:" in missing.plain_text()
