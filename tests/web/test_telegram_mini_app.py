"""The dashboard as a Telegram Mini App in Chromium: signed initData, filters, tabs, a piece."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.api.world import NOW
from tests.web.browser import BOT_TOKEN, init_data, mini_app_url
from tests.web.world import MIA_TELEGRAM_ID, STRANGER_TELEGRAM_ID, WebWorld


def open_as_mia(page: Page, base_url: str, *, dark: bool = False, next_page: str = "") -> None:
    """Open the Mini App the way Telegram does, with freshly signed initData."""
    url = mini_app_url(base_url, init_data(MIA_TELEGRAM_ID, NOW), dark=dark, next_page=next_page)
    page.goto(url)
    page.wait_for_url(lambda address: "/web/tg" not in address)
    page.wait_for_load_state()


def test_freshly_signed_init_data_opens_mias_dashboard(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url)
    expect(page.get_by_role("heading", name="What's working")).to_be_visible()
    expect(page.locator("#total-content")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_role("tab", name="Top performers")).to_have_attribute(
        "aria-selected", "true"
    )
    assert page.locator("#panel-top .piece").count() > 0


def test_filtering_by_platform_shows_only_that_platform(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url)
    page.locator("#platform").select_option("youtube")
    page.wait_for_url(re.compile(r"platform=youtube"))
    badges = page.locator("#panel-top .platform")
    assert badges.count() > 0
    assert set(badges.all_inner_texts()) == {"YouTube"}
    expect(page.locator("#platform")).to_have_value("youtube")


def test_tabs_switch_by_click_and_by_arrow_keys(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url)
    page.get_by_role("tab", name="Themes").click()
    expect(page.locator("#panel-themes")).to_be_visible()
    expect(page.locator("#panel-top")).to_be_hidden()
    expect(page.locator("#panel-themes .chart.bars svg rect").first).to_be_visible()
    assert "tab=themes" in page.url
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Platform comparison")).to_be_focused()
    expect(page.locator("#panel-platforms")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Top performers")).to_have_attribute(
        "aria-selected", "true"
    )
    page.get_by_role("tab", name="Needs attention").click()
    expect(page.locator("#panel-attention")).to_be_visible()


def test_ai_insights_show_their_impact_level(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/?period=all")
    levels = page.locator(".insights .impact").all_inner_texts()
    assert levels, "the demo creator has creator-level insights"
    assert set(levels) <= {"High impact", "Medium impact", "Low impact"}


def test_opening_a_piece_shows_its_score_metrics_and_actions(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url)
    first = page.locator("#panel-top .piece-link").first
    number = re.search(r"#(\d+)", first.inner_text()).group(1)  # type: ignore[union-attr]
    first.click()
    page.wait_for_url(re.compile(rf"/web/content/{number}$"))
    score = page.get_by_role("meter", name="Score")
    expect(score).to_be_visible()
    expect(score).to_have_attribute("aria-valuetext", re.compile(r"^\d+ of 100$"))
    expect(page.get_by_role("heading", name="Why it worked")).to_be_visible()
    expect(page.get_by_role("link", name="Create plan")).to_be_visible()
    expect(page.get_by_role("button", name="Ask in chat")).to_be_visible()


def test_telegram_theme_colours_are_applied(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, dark=True)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(33, 33, 33)"  # DARK_THEME's bg_color, from Telegram's script
    assert page.evaluate("document.documentElement.dataset.scheme") == "dark"


def test_forged_init_data_is_refused(page: Page, base_url: str) -> None:
    forged = init_data(MIA_TELEGRAM_ID, NOW, token="999:another-bot")
    page.goto(mini_app_url(base_url, forged))
    expect(page.locator("#status")).to_have_text(re.compile("invalid or too old"))
    page.goto(f"{base_url}/web/")
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()


def test_stale_init_data_is_refused(page: Page, base_url: str) -> None:
    stale = init_data(MIA_TELEGRAM_ID, NOW - timedelta(hours=2))
    page.goto(mini_app_url(base_url, stale))
    expect(page.locator("#status")).to_have_text(re.compile("invalid or too old"))


def test_a_telegram_user_without_an_account_is_sent_to_the_chat(page: Page, base_url: str) -> None:
    page.goto(mini_app_url(base_url, init_data(STRANGER_TELEGRAM_ID, NOW)))
    expect(page.locator("#status")).to_have_text(re.compile("send /start first"))


def test_a_tampered_field_breaks_the_signature(page: Page, base_url: str) -> None:
    genuine = init_data(MIA_TELEGRAM_ID, NOW)
    tampered = genuine.replace(str(MIA_TELEGRAM_ID), str(STRANGER_TELEGRAM_ID))
    answer = page.request.post(f"{base_url}/web/tg/session", form={"init_data": tampered})
    assert answer.status == 401
    answer = page.request.post(f"{base_url}/web/tg/session", form={"init_data": genuine})
    assert answer.status == 200
    assert BOT_TOKEN not in answer.text()


def test_the_back_button_and_session_cookie_follow_telegrams_rules(
    page: Page, base_url: str, web_world: WebWorld
) -> None:
    open_as_mia(page, base_url, next_page="/web/plans")
    cookie = next(c for c in page.context.cookies() if c["name"] == "ww_session")
    assert cookie["httpOnly"] is True
    assert cookie["path"] == "/web"
    # The page is not the dashboard, so the Mini App shows Telegram's back button.
    assert page.evaluate("Telegram.WebApp.BackButton.isVisible") is True
