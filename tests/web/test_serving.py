"""`whatsworking run` with WHATSWORKING_PUBLIC_URL serves the pages beside the bots until stop."""

from __future__ import annotations

import asyncio
import threading

import httpx

from bot.bootstrap import App, bootstrap
from bot.cli.run import web_service
from bot.settings import load_settings
from storage.clock import FixedClock
from tests.api.world import NOW
from tests.cli.test_chat_web import free_port


def test_the_web_service_serves_the_pages_until_the_stop_signal(sqlite_url: str) -> None:
    # On a thread of its own: Playwright's sync API keeps an event loop on this one.
    failures: list[BaseException] = []

    def scenario() -> None:
        try:
            asyncio.run(serve_and_stop(sqlite_url))
        except BaseException as failure:
            failures.append(failure)

    worker = threading.Thread(target=scenario)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    if failures:
        raise failures[0]


async def serve_and_stop(sqlite_url: str) -> None:
    """Start run's web service, read a page, set the stop event, and see it finish."""
    port = free_port()
    settings = load_settings(public_url="https://dash.example.com", web_port=port)
    wired: App = bootstrap(settings, database_url=sqlite_url, clock=FixedClock(NOW))
    stop = asyncio.Event()
    serving = asyncio.create_task(web_service(wired)(stop))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    page = await client.get("/web/")
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            assert page.status_code == 401 and "You are signed out" in page.text
            assert (await client.get("/healthz")).status_code == 200
        stop.set()
        await asyncio.wait_for(serving, timeout=30)
    finally:
        stop.set()
        wired.close()
