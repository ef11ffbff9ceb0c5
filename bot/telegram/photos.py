"""Charts Telegram already holds: sent again by their file_id instead of uploaded again.

Telegram keeps every uploaded photo and answers with its file_id, which the same bot may send to
any chat. A chart is decided by its spec (kind, title and data), so the same spec asked again (the
dashboard's chart by another tap, another chat of the creator) needs neither drawing nor upload.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.charts.pool import spec_key
from context.reply import ChartSpec

DEFAULT_SIZE = 1024
# Telegram's words when a file_id is no longer (or never was) good for this bot.
REFUSED_ID = "file identifier"


class PhotoIds:
    """The file_id of each chart already uploaded, least recently used dropped; event-loop only."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        """Remember at most ``size`` charts."""
        self._size = size
        self._ids: OrderedDict[str, str] = OrderedDict()

    def get(self, spec: ChartSpec) -> str | None:
        """The file_id this chart was uploaded as, if known."""
        key = spec_key(spec)
        found = self._ids.get(key)
        if found is not None:
            self._ids.move_to_end(key)
        return found

    def remember(self, spec: ChartSpec, file_id: str) -> None:
        """Record the file_id Telegram gave this chart's upload."""
        key = spec_key(spec)
        self._ids[key] = file_id
        self._ids.move_to_end(key)
        while len(self._ids) > self._size:
            self._ids.popitem(last=False)

    def forget(self, spec: ChartSpec) -> None:
        """Drop a file_id Telegram refused; the chart is uploaded again."""
        self._ids.pop(spec_key(spec), None)

    def __len__(self) -> int:
        """How many charts are remembered."""
        return len(self._ids)
