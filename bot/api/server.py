"""Serving the API with uvicorn: in the foreground (the CLI) or on a thread (tests, benchmarks)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from bot.api.app import create_app
from bot.bootstrap import App, bootstrap
from bot.settings import load_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DATABASE_URL_VARIABLE = "WHATSWORKING_DATABASE_URL"
# Longer than the idle timeout of common proxies and load balancers (60 s): a server that closes
# an idle connection first races the client's next request on it, which then fails.
KEEP_ALIVE_SECONDS = 75


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


FACTORY = "bot.api.server:app_from_environment"


def _options(access_log: bool) -> dict[str, Any]:
    # Proxy headers are off: without a trusted proxy in front they could be forged.
    return {
        "access_log": access_log,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "proxy_headers": False,
        "server_header": False,
        "log_level": "info" if access_log else "warning",
    }


def _config(api: FastAPI, host: str, port: int, *, access_log: bool) -> uvicorn.Config:
    return uvicorn.Config(api, host=host, port=port, **_options(access_log))


def app_from_environment() -> FastAPI:
    """The API over the database the environment names (each worker process builds its own)."""
    return create_app(bootstrap(load_settings(), migrate=False))


def serve(wired: App, *, host: str, port: int, access_log: bool = True, workers: int = 1) -> None:
    """Serve the API until interrupted, in this process or in ``workers`` processes."""
    if workers == 1:
        uvicorn.Server(_config(create_app(wired), host, port, access_log=access_log)).run()
        return
    # Worker processes read their settings from the environment, like every other entry point.
    os.environ[DATABASE_URL_VARIABLE] = wired.db.engine.url.render_as_string(hide_password=False)
    uvicorn.run(
        FACTORY, factory=True, workers=workers, host=host, port=port, **_options(access_log)
    )


async def serve_until_stopped(
    wired: App, stop: asyncio.Event, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
) -> None:
    """Serve the API and the web pages on this event loop until ``stop`` is set (`run`)."""
    server = uvicorn.Server(_config(create_app(wired), host, port, access_log=False))
    # The process's own signal handlers set ``stop``; uvicorn must not replace them.
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    serving = asyncio.create_task(server.serve())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving


@contextmanager
def serve_in_thread(wired: App, *, host: str = DEFAULT_HOST, port: int = 0) -> Iterator[str]:
    """Serve on ``port`` (0: a free one) on a background thread; yields the base URL, stops on exit.

    The socket is bound and listening before the thread starts, so clients can connect at once
    (the kernel queues them until uvicorn accepts).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
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
