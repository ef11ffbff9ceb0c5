"""Keep the bot's threads on one CPU; let the processes it spawns use every CPU.

CPython runs one thread's Python at a time, so the bot's event loop and its worker threads
(agent turns, database calls) never compute in parallel. On several CPUs they still hand the
interpreter lock back and forth across cores at every database call, and each hand-off costs a
cross-core wake-up and cold caches: measured with ten chats at once, a `/help` answer cost about
twice the CPU with the threads spread over two cores as with them on one (commit 24dd61c's
Telegram benchmark; docs/ARCHITECTURE.md, "Layers"). The chart workers and the database server
are other processes and keep every CPU. Linux only; elsewhere, or with one CPU, nothing changes.
"""

from __future__ import annotations

import logging
import os
import threading

_log = logging.getLogger(__name__)


def pin_threads_to_one_cpu() -> int | None:
    """Pin every thread of this process, and every thread started later, to one CPU; say which.

    Call it early: threads started afterwards inherit it from the thread that starts them. The
    CPU is picked from the allowed set by process id, so several bot processes on one machine
    (webhook workers) spread out.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    if len(allowed) < 2:
        return None
    cpu = allowed[os.getpid() % len(allowed)]
    try:
        os.sched_setaffinity(0, {cpu})
        for thread_id in _other_threads():  # e.g. a math library's own threads
            os.sched_setaffinity(thread_id, {cpu})
    except OSError as refused:  # a container may forbid it; the bot runs as before
        _log.info("could not pin the bot's threads to CPU %s: %s", cpu, refused)
        return None
    return cpu


def _other_threads() -> list[int]:
    try:
        listed = os.listdir("/proc/self/task")
    except OSError:
        return []
    return [int(name) for name in listed if int(name) != threading.get_native_id()]


def use_every_cpu() -> None:
    """Undo an inherited pin in a spawned worker process (the kernel keeps it to allowed CPUs)."""
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, range(os.cpu_count() or 1))
        except OSError as refused:
            _log.info("worker keeps its inherited CPU affinity: %s", refused)
