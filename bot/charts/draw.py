"""A reply's chart drawn off the event loop, or left out (logged) when it cannot be drawn."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from context.reply import ChartSpec
from storage.errors import DomainError

ChartRenderer = Callable[[ChartSpec], bytes]
_log = logging.getLogger(__name__)


async def draw_or_none(renderer: ChartRenderer, chart: ChartSpec | None) -> bytes | None:
    """The chart as PNG, drawn in a worker thread; None (text only) when it cannot be drawn."""
    if chart is None:
        return None
    try:
        return await asyncio.to_thread(renderer, chart)
    except DomainError as problem:
        _log.warning("chart %r was not drawn: %s", chart.kind, problem)
        return None
