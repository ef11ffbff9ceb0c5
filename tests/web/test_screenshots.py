"""Screenshots of every page at phone width, light and dark (docs/WEB.md shows them).

`WEB_SCREENSHOTS=docs pytest tests/web/test_screenshots.py` refreshes docs/web/;
otherwise they go to the test's temporary folder. Either way each must be a real phone-width
picture in the colours asked for.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.world import NOW
from tests.web.browser import PHONE, init_data, mini_app_url, screenshot_dir
from tests.web.world import MIA_TELEGRAM_ID

PAGES = {
    "dashboard": "/web/?period=all",
    "themes": "/web/?period=all&tab=themes",
    "platforms": "/web/?period=all&tab=platforms",
    "content": "/web/content",
    "piece": "/web/content/3",
    "plans": "/web/plans",
    "settings": "/web/settings",
}


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_is_photographed_at_phone_width(
    browser: Browser, base_url: str, tmp_path: Path, scheme: str
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(mini_app_url(base_url, init_data(MIA_TELEGRAM_ID, NOW), dark=scheme == "dark"))
        page.wait_for_url(lambda address: "/web/tg" not in address)
        target = screenshot_dir(tmp_path)
        for name, path in PAGES.items():
            page.goto(f"{base_url}{path}")
            shot = target / f"{name}-{scheme}.png"
            page.screenshot(path=shot)
            assert png_size(shot) == (PHONE["width"], PHONE["height"])
        page.goto(f"{base_url}/web/plans")
        page.locator(".plan-card a").first.click()
        expect(page.locator("dialog#plan-dialog")).to_be_visible()
        page.screenshot(path=target / f"plan-dialog-{scheme}.png")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(33, 33, 33)" if scheme == "dark" else "rgb(255, 255, 255)")
    finally:
        context.close()


def test_a_browser_in_dark_mode_gets_the_dark_colours(
    browser: Browser, base_url: str, page: Page
) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    try:
        dark = context.new_page()
        dark.goto(f"{base_url}/web/")
        background = dark.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(23, 33, 43)"
    finally:
        context.close()
