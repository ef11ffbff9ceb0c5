"""The suite runs with the wall clock pinned far from every fixture's date, children included.

Domain code reads the injected clock only; a wall-clock read that leaks into what it writes or
compares then lands years away from the fixtures' instants (all in 2020-2026) and fails at
once, the same way on every run and every day. The pin ticks, so timeouts, asyncio and the
schedulers keep working; monotonic clocks are never moved.

TEST_WALL_CLOCK picks the pin: ``ahead`` (the default), ``behind``, ``real`` (no pin), or an
aware ISO 8601 instant. Python child processes (the CLI, the bot, chart workers) are moved by
the same amount through ``wall_clock_child/sitecustomize.py``, found on their PYTHONPATH.
"""

from __future__ import annotations

import os
import time
from collections.abc import MutableMapping
from datetime import UTC, datetime
from pathlib import Path

import time_machine

CHOICE = "TEST_WALL_CLOCK"
# Seconds from the real wall clock to the pinned one; children read it (see sitecustomize.py).
OFFSET = "TEST_WALL_CLOCK_OFFSET"
PINS = {
    "ahead": datetime(2033, 8, 17, 14, 23, 5, tzinfo=UTC),
    "behind": datetime(2018, 2, 13, 6, 41, 29, tzinfo=UTC),
}
CHILD_SITE = Path(__file__).parent / "wall_clock_child"


def chosen_pin(choice: str) -> datetime | None:
    """The instant TEST_WALL_CLOCK names, or None for the real clock."""
    if choice == "real":
        return None
    if choice in PINS:
        return PINS[choice]
    try:
        instant = datetime.fromisoformat(choice)
    except ValueError:
        raise SystemExit(
            f"{CHOICE}={choice!r}: use ahead, behind, real or an ISO instant"
        ) from None
    if instant.tzinfo is None:
        raise SystemExit(f"{CHOICE}={choice!r}: give the instant a UTC offset")
    return instant


def pin_wall_clock(environ: MutableMapping[str, str]) -> datetime | None:
    """Move this process's wall clock (and, through ``environ``, its children's) to the pin."""
    pin = chosen_pin(environ.get(CHOICE, "ahead"))
    if pin is None:
        return None
    # From the real clock: an xdist worker is itself a child whose clock sitecustomize has
    # already moved, and its own children must land where it does, not at the real date.
    environ[OFFSET] = repr(pin.timestamp() - _real_time())
    paths = [str(CHILD_SITE), *filter(None, [environ.get("PYTHONPATH")])]
    environ["PYTHONPATH"] = os.pathsep.join(paths)
    time_machine.travel(pin, tick=True).start()
    return pin


def _real_time() -> float:
    """The real wall clock, even where sitecustomize has already moved this process's."""
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()
