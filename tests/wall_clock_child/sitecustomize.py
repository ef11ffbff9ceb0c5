"""Loaded by every Python child of the test suite: its wall clock moves as the parent's did.

The parent (tests/wall_clock.py) puts this folder on PYTHONPATH and the offset from the real
clock in TEST_WALL_CLOCK_OFFSET, so a child's clock reads what the parent's reads.
"""

import os
import time

_offset = os.environ.get("TEST_WALL_CLOCK_OFFSET")
if _offset:
    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
