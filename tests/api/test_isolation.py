"""Two creators: every id of the other one answers 404, and nothing of theirs changes."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.bootstrap import App
from storage.models import Base, ContentPiece
from tests.api.world import World

TABLES = [
    "creators",
    "content_pieces",
    "content_performance",
    "content_insights",
    "content_themes",
    "action_plans",
    "action_items",
]


def snapshot(wired: App, creator_id: uuid.UUID) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the creator owns (tokens aside: their last-used time may move)."""
    out = {}
    with wired.db.read() as session:
        for name in TABLES:
            table = Base.metadata.tables[name]
            owner = table.c.id if name == "creators" else table.c.creator_id
            rows = session.execute(select(table).where(owner == creator_id).order_by(table.c.id))
            out[name] = [tuple(row) for row in rows]
    assert all(out[name] for name in TABLES), "the snapshot must see the creator's rows"
    return out


def bo_ids(client: TestClient, wired: App, world: World) -> dict[str, str]:
    """bo's ids in both forms, the short ones chosen so mia has no thing with that number."""
    extra = client.post(
        "/api/v1/action-plans",
        json={"name": "second", "goal": "g", "items": [{"title": "a"}]},
        headers=world.bo.headers,
    ).json()
    with wired.db.read() as session:
        piece = session.scalars(
            select(ContentPiece.id).where(ContentPiece.creator_id == world.bo.creator_id)
        ).first()
    return {
        "piece": str(piece),
        "plan": extra["id"],
        # bo's plan 1 and item 1.1: mia has a plan 1 and an item 1.1 of her own.
        "first_plan": str(world.bo.plan_id),
        "first_item": str(world.bo.item_ids[0]),
        "plan_number": str(extra["number"]),
        "item": extra["items"][0]["id"],
        "item_ref": extra["items"][0]["ref"],
    }


def requests_with(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every request that names one of bo's things."""
    plans = ("plan", "first_plan", "plan_number")
    plan_paths = [f"/api/v1/action-plans/{ids[k]}" for k in plans]
    item_paths = [f"/api/v1/action-items/{ids[k]}" for k in ("item", "first_item", "item_ref")]
    return [
        ("GET", f"/api/v1/insights/content/{ids['piece']}", None),
        *[("GET", path, None) for path in plan_paths],
        *[("PATCH", path, {"name": "taken over", "status": "archived"}) for path in plan_paths],
        *[("DELETE", path, None) for path in plan_paths],
        *[("PATCH", f"{path}/complete", None) for path in item_paths],
        *[("PATCH", f"{path}/uncomplete", None) for path in item_paths],
        (
            "POST",
            "/api/v1/action-plans",
            {"name": "n", "goal": "g", "source_content_id": ids["piece"]},
        ),
    ]


def test_every_id_of_another_creator_is_404_and_changes_nothing(
    client: TestClient, wired: App, world: World
) -> None:
    ids = bo_ids(client, wired, world)
    client.patch(f"/api/v1/action-items/{ids['item_ref']}/complete", headers=world.bo.headers)
    before = {who: snapshot(wired, getattr(world, who).creator_id) for who in ("mia", "bo")}
    for method, path, body in requests_with(ids):
        response = client.request(method, path, json=body, headers=world.mia.headers)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"] == "not_found"
    after = {who: snapshot(wired, getattr(world, who).creator_id) for who in ("mia", "bo")}
    assert after == before


def test_the_short_number_of_a_piece_only_bo_lacks_is_404_for_bo(
    client: TestClient, world: World
) -> None:
    assert client.get("/api/v1/insights/content/55", headers=world.mia.headers).status_code == 200
    response = client.get("/api/v1/insights/content/55", headers=world.bo.headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/insights/dashboard?time_period=all",
        "/api/v1/insights/content?page_size=100",
        "/api/v1/action-plans",
    ],
)
def test_lists_hold_only_the_callers_things(
    client: TestClient, wired: App, world: World, path: str
) -> None:
    with wired.db.read() as session:
        bos = {
            str(i)
            for i in session.scalars(
                select(ContentPiece.id).where(ContentPiece.creator_id == world.bo.creator_id)
            )
        } | {str(world.bo.plan_id)}
    response = client.get(path, headers=world.mia.headers)
    assert response.status_code == 200
    assert not any(bo_id in response.text for bo_id in bos)


def test_writes_by_one_creator_leave_the_other_alone(
    client: TestClient, wired: App, world: World
) -> None:
    with wired.db.read() as session:
        bo_platform_id = session.scalars(
            select(ContentPiece.platform_id).where(ContentPiece.creator_id == world.bo.creator_id)
        ).first()
    before = snapshot(wired, world.bo.creator_id)
    same_id = {
        "platform": "youtube",
        "platform_id": bo_platform_id,
        "content_type": "video",
        "title": "mia's own",
        "published_at": "2026-11-01T10:00:00Z",
    }
    created = client.post(
        "/api/v1/demo/content/bulk-create", json=[same_id], headers=world.mia.headers
    )
    assert created.json()["created"] == 1
    enabled = client.post("/api/v1/demo/enable", json={"seed": 3}, headers=world.mia.headers)
    assert enabled.status_code == 200
    assert snapshot(wired, world.bo.creator_id) == before
