"""Ports for the servers tests start: bound by the test for as long as it runs, never guessed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reserved_port() -> Iterator[int]:
    """A loopback port held bound, but not listening, for the block.

    Nothing else is given it meanwhile (not even a bind to port 0), yet a server that binds it
    with SO_REUSEADDR, as uvicorn and PTB's webhook server do, can: Linux lets a socket bind
    beside others that do not listen. A connection to it before the server listens is refused.
    """
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])
