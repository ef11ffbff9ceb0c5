"""Where a turn's synchronous work runs: imports in their own small pool, everything else in
asyncio's default worker threads, so a queue of big files never starves chat turns."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from context.reply import ChatRequest

T = TypeVar("T")
IMPORT_WORKERS = 2
_imports = ThreadPoolExecutor(max_workers=IMPORT_WORKERS, thread_name_prefix="whatsworking-import")


def carries_a_file(requests: Sequence[ChatRequest]) -> bool:
    """Whether any of the requests brings a file to import."""
    return any(request.attachment is not None for request in requests)


async def run_turn(requests: Sequence[ChatRequest], work: Callable[[], T]) -> T:
    """Run ``work`` off the event loop: in the import pool when a request carries a file."""
    if carries_a_file(requests):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_imports, functools.partial(work))
    return await asyncio.to_thread(work)
