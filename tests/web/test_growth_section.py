"""The dashboard page's growth section: the weekly trend and the pieces still gaining, worded as
in chat; a creator without history is told when it starts."""

from __future__ import annotations

import html
from datetime import timedelta

import httpx
from sqlalchemy import delete, select

from bot.bootstrap import App
from context.growth_section import NO_HISTORY
from storage.data_version import touch
from storage.models import ContentPiece, MetricSnapshot
from storage.snapshots import record_history
from storage.web_sessions import issue_sign_in
from tests.api.world import NOW
from tests.web.world import WebWorld


def _dashboard(web_app: App, web_world: WebWorld, base_url: str) -> str:
    with web_app.db.unit_of_work() as session:
        issued = issue_sign_in(session, web_world.accounts.mia.creator_id, now=NOW)
    with httpx.Client(base_url=base_url, follow_redirects=True) as client:
        answer = client.post("/web/sign-in", data={"t": issued.token})
        assert answer.status_code == 200 and str(answer.url).endswith("/web/")
        return answer.text


def _forget_history(web_app: App, web_world: WebWorld) -> None:
    creator_id = web_world.accounts.mia.creator_id
    with web_app.db.unit_of_work() as session:
        session.execute(delete(MetricSnapshot).where(MetricSnapshot.creator_id == creator_id))
        touch(session, [creator_id])  # as a deletion of pieces (and their history) would


def test_a_creator_without_history_is_told_when_it_starts(
    web_app: App, web_world: WebWorld, base_url: str
) -> None:
    _forget_history(web_app, web_world)

    page = _dashboard(web_app, web_world, base_url)

    assert html.escape(NO_HISTORY) in page
    assert 'id="still-gaining"' not in page and "Views gained" not in page


def test_an_old_piece_gaining_this_week_is_listed_with_the_trend(
    web_app: App, web_world: WebWorld, base_url: str
) -> None:
    _forget_history(web_app, web_world)
    creator_id = web_world.accounts.mia.creator_id
    with web_app.db.unit_of_work() as session:
        piece = session.scalars(
            select(ContentPiece)
            .where(
                ContentPiece.creator_id == creator_id,
                ContentPiece.published_at <= NOW - timedelta(days=40),
            )
            .limit(1)
        ).one()
        days = [NOW - timedelta(days=14), NOW - timedelta(days=7), NOW]
        record_history(
            session,
            creator_id,
            piece.id,
            piece.published_at,
            list(zip(days, [1000, 1500, 2500], strict=True)),
        )
        number, title = piece.number, piece.title

    page = _dashboard(web_app, web_world, base_url)

    assert "Views gained this week: 1k, up 100% on last week (500)." in page
    assert f'href="/web/content/{number}"' in page.split('id="still-gaining"')[1]
    assert "+1k</b><small>views this week" in page
    assert title.split()[0] in page
