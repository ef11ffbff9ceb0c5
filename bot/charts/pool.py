"""Charts drawn in a small pool of worker processes, recent PNGs cached by their spec.

matplotlib holds the GIL for the 100-400 ms a chart takes, so charts drawn in threads run one at
a time and slow every other update the bot handles meanwhile; worker processes draw them side by
side. The pool is spawned on the first chart (a front-end that never draws starts as fast as
before) and each worker draws one tiny chart when it starts, so matplotlib's imports and font
cache are paid once per worker, not per chart. Spawned, not forked: the bot's process has
threads and an event loop that a fork would copy half-way.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.charts.kinds import DRAWERS
from bot.charts.render import render_chart
from bot.cpu_affinity import use_every_cpu
from context.charts import plan_progress
from context.reply import ChartSpec

DEFAULT_WORKERS = 2  # the standard machine has two cores; the event loop needs one part of one
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024  # ~1,000 typical charts of 20-60 KiB
_log = logging.getLogger(__name__)


def spec_key(spec: ChartSpec) -> str:
    """A digest of everything that decides the picture: kind, title and data."""
    canonical = json.dumps(
        [spec.kind, spec.title, spec.data], sort_keys=True, separators=(",", ":"), default=repr
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class PngCache:
    """Least recently used PNGs, bounded by their total size in bytes; thread-safe."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        """An empty cache holding at most ``max_bytes`` of PNG data."""
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        """The PNG stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            png = self._items.get(key)
            if png is not None:
                self._items.move_to_end(key)
            return png

    def put(self, key: str, png: bytes) -> None:
        """Store ``png``, dropping the least recently used ones beyond the bound."""
        if len(png) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size += len(png) - (len(old) if old is not None else 0)
            self._items[key] = png
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)

    def __len__(self) -> int:
        """How many PNGs are cached."""
        return len(self._items)


def _warm_worker() -> None:
    """Use every CPU (the bot pins its own threads to one), import matplotlib and draw once."""
    use_every_cpu()
    render_chart(plan_progress(["a"], [50.0]))


class ChartPool:
    """A chart renderer (``ChartSpec -> PNG``) backed by worker processes and a PNG cache.

    Call it from a worker thread (as the front-ends do with ``asyncio.to_thread``): it blocks
    until the PNG is ready. ``close()`` stops the workers; later charts are drawn in-process.
    """

    def __init__(
        self,
        workers: int = DEFAULT_WORKERS,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        renderer: Callable[[ChartSpec], bytes] = render_chart,
    ) -> None:
        """A pool of ``workers`` processes (0: draw in the calling thread) and a PNG cache."""
        self.workers = workers
        self.cache = PngCache(cache_bytes)
        self.renderer = renderer
        self._executor: ProcessPoolExecutor | None = None
        self._starting: list[Future[int]] = []
        self._closed = False
        self._lock = threading.Lock()

    def __call__(self, spec: ChartSpec) -> bytes:
        """The chart as PNG bytes; raises InvalidInput for an unknown kind."""
        if spec.kind not in DRAWERS:
            return render_chart(spec)  # raises the one-line InvalidInput, without a process hop
        key = spec_key(spec)
        png = self.cache.get(key)
        if png is None:
            png = self._draw(spec)
            self.cache.put(key, png)
        return png

    def warm(self) -> None:
        """Start the workers now instead of on the first chart; returns once they are ready."""
        executor = self._pool()
        try:
            for started in self._starting:
                started.result()
        except BrokenProcessPool:  # e.g. a worker could not start; charts are drawn in-process
            _log.warning("the chart workers did not start")
            if executor is not None:
                self._discard(executor)

    def close(self) -> None:
        """Stop the workers (waiting for charts being drawn); idempotent."""
        with self._lock:
            executor, self._executor, self._closed = self._executor, None, True
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    @property
    def started(self) -> bool:
        """Whether worker processes are running."""
        return self._executor is not None

    def _draw(self, spec: ChartSpec) -> bytes:
        executor = self._pool()
        if executor is None:
            return self.renderer(spec)
        try:
            future: Future[bytes] = executor.submit(self.renderer, spec)
            return future.result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): start afresh next time
            _log.warning("the chart workers stopped; drawing this chart in-process")
            self._discard(executor)
            return self.renderer(spec)
        except RuntimeError:  # shut down between _pool() and submit
            return self.renderer(spec)

    def _pool(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._closed or self.workers <= 0:
                return None
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_warm_worker,
                )
                # One task per worker while none is idle starts them all now; started one by
                # one on demand, a second worker would spawn (and import matplotlib) mid-rush.
                self._starting = [self._executor.submit(int) for _ in range(self.workers)]
            return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is executor:
                self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)
