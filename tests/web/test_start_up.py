"""Building the pages settles the process's start-up heap once, so the first full garbage
collection does not land in a person's first view."""

from __future__ import annotations

import subprocess
import sys

BUILD_TWICE = """
import gc
from bot.api.app import create_app
from bot.bootstrap import bootstrap
from bot.settings import load_settings
wired = bootstrap(load_settings(), database_url={url!r})
before = gc.get_freeze_count()
create_app(wired)
first = gc.get_freeze_count()
create_app(wired)
print(before, first, gc.get_freeze_count())
"""


def test_the_start_up_heap_is_frozen_by_the_first_build_and_only_then(sqlite_url: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", BUILD_TWICE.format(url=sqlite_url)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    before, first, second = (int(n) for n in ran.stdout.split())
    assert before == 0
    assert first > 10_000  # the modules and the app, not a handful of objects
    assert second <= first  # the second build froze nothing more (some frozen objects died)
