"""What the pages refuse: used sign-in links, other creators' ids, writes without the form token,
and HTML in titles (shown as text)."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.bootstrap import App
from plans import get_plan
from storage.models import ContentPiece
from storage.web_sessions import issue_sign_in
from tests.api.world import NOW
from tests.web.browser import PHONE
from tests.web.test_telegram_mini_app import open_as_mia
from tests.web.world import HOSTILE_TITLE, WebWorld


def sign_in_link(web_app: App, web_world: WebWorld, base_url: str) -> str:
    """A fresh single-use link for mia, as `whatsworking web-link` prints it."""
    with web_app.db.unit_of_work() as session:
        issued = issue_sign_in(session, web_world.accounts.mia.creator_id, now=NOW)
    return f"{base_url}/web/sign-in?t={issued.token}"


def test_a_sign_in_link_opens_a_session_once(
    page: Page, browser: Browser, base_url: str, web_app: App, web_world: WebWorld
) -> None:
    link = sign_in_link(web_app, web_world, base_url)
    page.goto(link)
    page.wait_for_url(f"{base_url}/web/")
    expect(page.get_by_role("heading", name="What's working")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "ww_session")
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["secure"]) == (True, "Lax", False)
    other = browser.new_context(viewport=PHONE)
    try:
        again = other.new_page()
        again.goto(link)
        expect(
            again.get_by_role("heading", name="This link does not work any more")
        ).to_be_visible()
        again.goto(f"{base_url}/web/")
        expect(again.get_by_role("heading", name="You are signed out")).to_be_visible()
    finally:
        other.close()


def test_signing_out_ends_the_session(
    page: Page, base_url: str, web_app: App, web_world: WebWorld
) -> None:
    page.goto(sign_in_link(web_app, web_world, base_url))
    page.wait_for_url(f"{base_url}/web/")
    page.goto(f"{base_url}/web/settings")
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "ww_session")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Signed out")).to_be_visible()
    answer = page.request.get(f"{base_url}/web/", headers={"Cookie": f"ww_session={token}"})
    assert answer.status == 401


def test_another_creators_ids_answer_404(
    page: Page, base_url: str, web_app: App, web_world: WebWorld
) -> None:
    open_as_mia(page, base_url)
    bo = web_world.accounts.bo
    with web_app.db.read() as session:
        bo_piece = get_bo_piece(session, bo.creator_id)
    for path in (
        f"/web/content/{bo_piece}",
        f"/web/content/{bo_piece}/plan?mode=more",
        f"/web/plans/{bo.plan_id}",
        "/web/plans/999",
        "/web/content/99999",
        "/web/plans/new?piece=99999",
    ):
        answer = page.goto(f"{base_url}{path}")
        assert answer is not None and answer.status == 404, path
        expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    csrf = csrf_of(page, base_url)
    answer = page.request.post(
        f"{base_url}/web/items/{bo.item_ids[0]}/toggle", form={"csrf": csrf, "done": "1"}
    )
    assert answer.status == 404
    with web_app.db.read() as session:
        plan = get_plan(session, bo.creator_id, bo.plan_number, now=NOW)
    assert plan.completed_items == 0


def test_a_write_without_the_form_token_is_refused(page: Page, base_url: str) -> None:
    open_as_mia(page, base_url)
    for form in ({"done": "1"}, {"done": "1", "csrf": "0" * 64}):
        answer = page.request.post(f"{base_url}/web/items/1.1/toggle", form=form)
        assert answer.status == 403
    answer = page.request.post(
        f"{base_url}/web/items/1.1/toggle", form={"done": "1", "csrf": csrf_of(page, base_url)}
    )
    assert answer.ok


def test_a_title_full_of_html_and_script_renders_as_text(
    page: Page, base_url: str, web_world: WebWorld
) -> None:
    open_as_mia(page, base_url, next_page=f"/web/content/{web_world.hostile_number}")
    expect(page.locator("#piece-title")).to_have_text(HOSTILE_TITLE)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#main img").count() == 0
    # Its javascript: URL is not turned into a link.
    expect(page.get_by_role("link", name=re.compile("Open on"))).to_have_count(0)
    page.goto(f"{base_url}/web/content?sort=published")
    expect(page.locator(".piece-title").filter(has_text="<script>")).to_have_count(1)
    assert page.evaluate("window.__pwned") is None


def csrf_of(page: Page, base_url: str) -> str:
    """The form token the session's pages carry."""
    page.goto(f"{base_url}/web/settings")
    return page.locator("input[name=csrf]").first.get_attribute("value") or ""


def get_bo_piece(session: Session, creator_id: uuid.UUID) -> uuid.UUID | None:
    """The UUID of one of bo's pieces."""
    return session.scalar(select(ContentPiece.id).where(ContentPiece.creator_id == creator_id))
