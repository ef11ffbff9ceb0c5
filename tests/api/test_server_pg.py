"""A smoke set over a real uvicorn server (a thread, a random loopback port) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from bot.api.server import serve_in_thread
from bot.bootstrap import bootstrap
from bot.settings import load_settings
from storage.clock import FixedClock
from tests.api.operator import OPERATOR_HEADERS, OPERATOR_TOKEN
from tests.api.seed_shapes import SEED_DASHBOARD, shape_mismatches
from tests.api.world import NOW, World, populate


@pytest.fixture
def served(pg_schema_url: str) -> Iterator[tuple[httpx.Client, World]]:
    """An HTTP client for the API served by uvicorn over a populated PostgreSQL schema."""
    wired = bootstrap(
        load_settings(operator_token=OPERATOR_TOKEN),
        database_url=pg_schema_url,
        clock=FixedClock(NOW),
    )
    try:
        world = populate(wired.db)
        with serve_in_thread(wired) as base_url, httpx.Client(base_url=base_url) as client:
            yield client, world
    finally:
        wired.close()


def test_smoke_over_uvicorn_on_postgresql(served: tuple[httpx.Client, World]) -> None:
    client, world = served
    mia = world.mia.headers
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    assert client.get("/api/v1/insights/dashboard").status_code == 401

    dashboard = client.get("/api/v1/insights/dashboard?time_period=90d", headers=mia).json()
    assert dashboard["top_performers"] and shape_mismatches(SEED_DASHBOARD, dashboard) == []
    piece = dashboard["top_performers"][0]
    detail = client.get(f"/api/v1/insights/content/{piece['id']}", headers=mia)
    assert detail.status_code == 200 and detail.json()["number"] == piece["number"]
    assert (
        client.get(f"/api/v1/insights/content/{piece['id']}", headers=world.bo.headers).status_code
        == 404
    )

    body = {"name": "Ship it", "goal": "Post twice", "items": [{"title": "a", "due_date": "+3d"}]}
    plan = client.post("/api/v1/action-plans", json=body, headers=mia).json()
    done = client.patch(f"/api/v1/action-items/{plan['items'][0]['id']}/complete", headers=mia)
    assert done.json()["plan"]["progress_percentage"] == 100
    assert (
        client.delete(f"/api/v1/action-plans/{plan['id']}", headers=world.bo.headers).status_code
        == 404
    )

    nul = [
        {
            "platform": "tiktok",
            "platform_id": "x",
            "content_type": "short",
            "title": "a\x00",
            "published_at": "2026-11-20T10:00:00Z",
        }
    ]
    refused = client.post("/api/v1/demo/content/bulk-create", json=nul, headers=mia)
    assert refused.status_code == 422
    nul[0]["title"] = "fine"
    created = client.post("/api/v1/demo/content/bulk-create", json=nul, headers=mia)
    assert created.json()["created"] == 1

    metrics = client.get("/metrics", headers=OPERATOR_HEADERS).text
    assert 'route="/api/v1/insights/dashboard",status="200"} 1' in metrics
