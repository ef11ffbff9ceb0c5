"""The content list in Chromium: sorting, filtering by category and theme, paging."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.test_telegram_mini_app import open_as_mia


def numbers(texts: list[str]) -> list[float]:
    """'1.8M' → 1,800,000 (the page's compact figures)."""
    scale = {"k": 1e3, "M": 1e6, "B": 1e9}
    return [float(t[:-1]) * scale[t[-1]] if t[-1] in scale else float(t) for t in texts]


def test_sorting_by_views_orders_the_list(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/content")
    expect(page.locator("#count")).to_have_text(re.compile(r"^61 pieces · page 1 of 4$"))
    page.locator("select[name=sort]").select_option("views")
    page.wait_for_url(re.compile("sort=views"))
    views = numbers(page.locator(".figures b:nth-of-type(2)").all_inner_texts())
    assert len(views) == 20 and views == sorted(views, reverse=True)


def test_paging_keeps_the_filters(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/content?category=normal")
    total = int(page.locator("#count").inner_text().split()[0])
    page.get_by_role("link", name="Next »").click()
    expect(page.locator("#count")).to_have_text(re.compile(rf"^{total} pieces · page 2 of "))
    assert "category=normal" in page.url
    # Pieces too recent to judge keep the category they are filtered by, but say they are recent.
    assert set(page.locator(".badge").all_inner_texts()) <= {"Normal", "Too recent"}
    page.get_by_role("link", name="« Previous").click()
    expect(page.locator("#count")).to_have_text(re.compile("page 1 of"))


def test_a_theme_filter_lists_only_that_theme(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/content")
    theme = page.locator("select[name=theme] option").nth(1).inner_text()
    page.locator("select[name=theme]").select_option(theme)
    page.wait_for_url(re.compile("theme="))
    page.locator(".piece-link").first.click()
    expect(page.locator(".piece-head .meta")).to_contain_text(theme)
