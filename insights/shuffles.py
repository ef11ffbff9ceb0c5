"""The window scan's shuffles, made by a worker thread one block ahead of the scan that reads them.

The scan's permutation test draws up to 999 shuffles of every tested post's score (at 10,000
pieces, 9 blocks of 111 rows of 9,400 values); numpy shuffles without holding the GIL, and the
shuffles are most of the scan's time. So while the scan sums, sorts and compares one block, a
worker thread shuffles the next one: the scan takes about as long as its shuffles alone, where
it took both one after the other. The generator is used by the worker alone, block after
block and row after row, so it draws the very same shuffles, in the same order, as shuffling
the rows one after the other in the scan's own thread: every p-value is the same.

Two buffers take turns (one read, one being filled): twice a block's memory
(``timing.SHUFFLE_VALUES`` values each), whatever the catalogue. A scan that stops early leaves
the block shuffled ahead unread.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class Shuffles:
    """Blocks of shuffled copies of ``scores``, of the sizes ``plan`` lists, in order."""

    def __init__(self, rng: np.random.Generator, scores: Array, plan: list[int]) -> None:
        self._rng, self._scores = rng, scores
        self._plan = iter(plan)
        rows = max(plan, default=0)
        self._buffers = [np.empty((rows, len(scores))) for _ in range(2)]
        self._turn = 0
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="shuffles")
        self._ahead: Future[Array] | None = None
        self._order()

    def __enter__(self) -> Shuffles:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def take(self, blocks: int) -> Iterator[Array]:
        """The next ``blocks`` blocks; each is overwritten once the one after it is taken."""
        for _ in range(blocks):
            if self._ahead is None:
                raise ValueError("no shuffles left in the plan")
            block = self._ahead.result()
            self._order()
            yield block

    def _order(self) -> None:
        """Have the worker shuffle the next block of the plan into the buffer not being read."""
        rows = next(self._plan, None)
        if rows is None:
            self._ahead = None
            return
        block = self._buffers[self._turn][:rows]
        self._turn = 1 - self._turn
        self._ahead = self._pool.submit(self._shuffled, block)

    def _shuffled(self, block: Array) -> Array:
        block[:] = self._scores
        self._rng.permuted(block, axis=1, out=block)
        return block
