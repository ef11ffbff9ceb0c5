"""Action plans in Chromium: tabs, the plan dialog, ticking items; the chat sees the same plan."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from bot.bootstrap import App
from context.reply import ChatRequest
from tests.web.test_telegram_mini_app import open_as_mia
from tests.web.world import MIA_TELEGRAM_ID, WebWorld


def chat(web_app: App, text: str) -> str:
    """What the chat answers mia on Telegram."""
    request = ChatRequest(
        channel="telegram",
        external_id=str(MIA_TELEGRAM_ID),
        chat_id=str(MIA_TELEGRAM_ID),
        text=text,
    )
    return web_app.agent().handle(request).plain_text()


def test_plan_tabs_list_active_completed_and_all(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/plans")
    expect(page.locator(".plan-card")).to_have_count(1)
    expect(page.locator(".plan-card .chip").first).to_have_text(re.compile(r"^1\.1 "))
    page.get_by_role("link", name="Completed").click()
    expect(page.locator(".empty")).to_have_text(re.compile("No completed plans"))
    page.get_by_role("link", name="All", exact=True).click()
    expect(page.locator(".plan-card")).to_have_count(1)


def test_ticking_an_item_moves_progress_and_the_chat_agrees(
    page: Page, base_url: str, web_app: App
) -> None:
    open_as_mia(page, base_url, next_page="/web/plans")
    page.locator(".plan-card a").first.click()
    dialog = page.locator("dialog#plan-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#plan-progress")).to_have_text("0/2 done · 0 %")
    dialog.get_by_role("checkbox", name="1.1 Film the intro").click()
    expect(dialog.locator("#plan-progress")).to_have_text("1/2 done · 50 %")
    expect(dialog.get_by_role("checkbox", name="1.1 Film the intro")).to_have_attribute(
        "aria-checked", "true"
    )
    expect(dialog.locator(".progress")).to_have_attribute("aria-valuenow", "50")
    shown = chat(web_app, "/plan 1")
    assert "☑ 1.1 Film the intro" in shown
    assert "1/2 done (50 %)" in shown
    # Closing the dialog refreshes the card behind it.
    dialog.get_by_role("button", name="Close").click()
    expect(page.locator(".plan-card .done-count")).to_have_text("1/2 done · 50 %")


def test_an_item_ticked_in_chat_shows_on_the_page(page: Page, base_url: str, web_app: App) -> None:
    assert "Done" in chat(web_app, "/done 1.2")
    open_as_mia(page, base_url, next_page="/web/plans/1")
    expect(page.locator("#plan-progress")).to_have_text("1/2 done · 50 %")
    expect(page.get_by_role("checkbox", name="1.2 Post on Thursday")).to_have_attribute(
        "aria-checked", "true"
    )
    # Unticking on the page (a plain form post, no dialog) reopens it for the chat too.
    page.get_by_role("checkbox", name="1.2 Post on Thursday").click()
    expect(page.locator("#plan-progress")).to_have_text("0/2 done · 0 %")
    assert "☐ 1.2 Post on Thursday" in chat(web_app, "/plan 1")


def test_make_more_like_this_saves_the_plan_the_chat_would_draft(
    page: Page, base_url: str, web_app: App
) -> None:
    open_as_mia(page, base_url)
    page.locator("#panel-top .piece-link").first.click()
    page.get_by_role("link", name="Make more like this").click()
    name = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_url(re.compile(r"/web/plans/2$"))
    expect(page.get_by_role("heading", name=f"Plan 2: {name}")).to_be_visible()
    assert f"Plan 2: {name}" in chat(web_app, "/plans")


def test_create_plan_from_a_piece_with_typed_items(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url, next_page="/web/content/3")
    page.get_by_role("link", name="Create plan").click()
    page.get_by_label("Name").fill("Follow-up")
    page.get_by_label("Goal").fill("A sequel to piece 3")
    page.get_by_label(re.compile("Items")).fill("Script it | +3d | 2h\nFilm it")
    page.get_by_role("button", name="Create plan").click()
    expect(page.locator("#plan-progress")).to_have_text("0/2 done · 0 %")
    page.goto(f"{page.url.rsplit('/web/', 1)[0]}/web/plans/new")
    page.get_by_label("Name").fill("Bad")
    page.get_by_label("Goal").fill("Bad dates")
    page.get_by_label(re.compile("Items")).fill("Film | not a date")
    page.get_by_role("button", name="Create plan").click()
    expect(page.get_by_role("alert")).to_contain_text("not a date")


def test_ask_in_chat_puts_the_piece_in_focus_there(page: Page, base_url: str, web_app: App) -> None:
    chat(web_app, "/help")  # mia has a conversation to focus
    open_as_mia(page, base_url, next_page="/web/content/5")
    page.get_by_role("button", name="Ask in chat").click()
    expect(page.get_by_role("heading", name="Piece #5 is ready in your chat")).to_be_visible()
    assert "#5" in chat(web_app, "why did it work?")


def test_settings_saved_on_the_page_are_the_chats_settings(
    page: Page, base_url: str, web_app: App, web_world: WebWorld
) -> None:
    open_as_mia(page, base_url, next_page="/web/settings")
    page.locator("#timezone").fill("Tokyo")
    page.locator("#digest_time").fill("07:30")
    page.locator("#reminders").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.locator("#timezone")).to_have_value("Asia/Tokyo")
    shown = chat(web_app, "/settings")
    assert "Asia/Tokyo" in shown and "07:30" in shown
    page.locator("#timezone").fill("Atlantis")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("I don't know the timezone")
    expect(page.locator("#timezone")).to_have_value("Asia/Tokyo")
