"""Imports run in their own small pool, so a queue of big files never takes the chat's threads."""

from __future__ import annotations

import asyncio
import threading

from bot.chat.turn_pools import run_turn
from context.reply import Attachment, ChatRequest

FILE = ChatRequest("telegram", "1", "1", attachment=Attachment("a.csv", b"x"))
TEXT = ChatRequest("telegram", "2", "2", text="hi")


def _thread() -> str:
    return threading.current_thread().name


async def test_a_file_is_imported_in_the_import_pool_and_text_is_not() -> None:
    assert (await run_turn([FILE], _thread)).startswith("whatsworking-import")
    assert not (await run_turn([TEXT], _thread)).startswith("whatsworking-import")


async def test_busy_import_workers_leave_chat_turns_free() -> None:
    release = threading.Event()  # 40 waiting imports would fill asyncio's default pool (<= 32)
    imports = [asyncio.create_task(run_turn([FILE], lambda: release.wait(30))) for _ in range(40)]
    await asyncio.sleep(0)
    assert await asyncio.wait_for(run_turn([TEXT], _thread), 10)  # answered meanwhile
    release.set()
    assert all(await asyncio.gather(*imports))
