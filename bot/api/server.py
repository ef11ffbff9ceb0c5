"""Serving the API with uvicorn: in the foreground (the CLI) or on a thread (tests, benchmarks)."""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from bot.api.app import create_app
from bot.bootstrap import App

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _config(api: FastAPI, host: str, port: int, *, access_log: bool) -> uvicorn.Config:
    # proxy headers are off: without a trusted proxy in front they could be forged.
    return uvicorn.Config(
        api,
        host=host,
        port=port,
        access_log=access_log,
        proxy_headers=False,
        server_header=False,
        log_level="info" if access_log else "warning",
    )


def serve(wired: App, *, host: str, port: int, access_log: bool = True) -> None:
    """Serve the API until interrupted."""
    uvicorn.Server(_config(create_app(wired), host, port, access_log=access_log)).run()


@contextmanager
def serve_in_thread(wired: App, *, host: str = DEFAULT_HOST) -> Iterator[str]:
    """Serve on a free port on a background thread; yields the base URL, stops on exit.

    The socket is bound and listening before the thread starts, so clients can connect at once
    (the kernel queues them until uvicorn accepts).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(_config(create_app(wired), host, port, access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()
