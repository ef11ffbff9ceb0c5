"""Pausing Python's cyclic garbage collector around bulk work that creates no reference cycles.

Bulk loads allocate hundreds of thousands of short-lived records, tuples and strings, all freed
by reference counting. Each allocation burst still sets off collections, and the full ones walk
every object the process holds (numpy, SQLAlchemy, the batch itself): a quarter of a streamed
ingest's CPU. Memory stays bounded: the work freed by reference counting is freed all the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (nested uses leave it to the outermost)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
