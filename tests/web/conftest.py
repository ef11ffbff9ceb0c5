"""A real server on 127.0.0.1 over a copy of the web world, and Debian's Chromium to drive it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from bot.api.server import serve_in_thread
from bot.bootstrap import App, bootstrap
from bot.settings import load_settings
from storage import open_database
from storage.clock import FixedClock
from tests.api.world import NOW
from tests.web.browser import BOT_TOKEN, CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.web.world import WebWorld, populate_web


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WebWorld]:
    """The populated template database and who is in it (built once)."""
    path = tmp_path_factory.mktemp("web") / "template.db"
    database = open_database(f"sqlite:///{path}")
    try:
        world = populate_web(database)
    finally:
        database.dispose()
    return path, world


@pytest.fixture
def web_world(web_template: tuple[Path, WebWorld]) -> WebWorld:
    """mia, bo, and mia's hostile piece."""
    return web_template[1]


@pytest.fixture
def web_app(web_template: tuple[Path, WebWorld], tmp_path: Path) -> Iterator[App]:
    """The app over a private copy of the template, with a fixed clock and a bot token."""
    copy = tmp_path / "web.db"
    shutil.copyfile(web_template[0], copy)
    settings = load_settings(telegram_bot_token=BOT_TOKEN)
    wired = bootstrap(settings, database_url=f"sqlite:///{copy}", clock=FixedClock(NOW))
    try:
        yield wired
    finally:
        wired.close()


@pytest.fixture
def base_url(web_app: App) -> Iterator[str]:
    """The server's root URL (uvicorn on a free loopback port)."""
    with serve_in_thread(web_app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for one test module.

    Not for the whole session: while Playwright's sync API is open its event loop is this
    thread's running loop, so asyncio tests run after it (e.g. on the same xdist worker) fail.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh phone-sized browser profile (no cookies), light colour scheme."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, color_scheme="light")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the fresh profile."""
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    return opened
