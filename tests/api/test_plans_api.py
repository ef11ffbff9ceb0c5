"""The action-plan endpoints through the test client: both id forms, due dates, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.world import World

PLANS = "/api/v1/action-plans"
ITEMS = "/api/v1/action-items"


def new_plan(**overrides: Any) -> dict[str, Any]:
    """A valid create-plan body."""
    body: dict[str, Any] = {
        "name": "Thursday tutorials",
        "goal": "Double tutorial views",
        "timeline": "4 weeks",
        "items": [
            {"title": "Script three tutorials", "due_date": "2026-12-01"},
            {"title": "Film them", "due_date": "2026-12-03T14:00", "estimated_hours": 3},
            {"title": "Publish", "due_date": "2026-12-04T18:00:00+00:00"},
            {"title": "Review results"},
        ],
        "projected_outcome": {"views": 20000, "note": "twice the usual"},
    }
    return {**body, **overrides}


def test_create_reads_due_dates_in_the_creators_timezone(client: TestClient, world: World) -> None:
    response = client.post(PLANS, json=new_plan(), headers=world.mia.headers)
    assert response.status_code == 201
    plan = response.json()
    assert plan["number"] == 2 and plan["status"] == "active" and plan["total_items"] == 4
    dues = [(i["due_date"], i["due_time_known"]) for i in plan["items"]]
    assert dues == [
        ("2026-12-01T23:59:59+01:00", False),  # a date: the end of that day in Berlin
        ("2026-12-03T14:00:00+01:00", True),  # a wall time: read in Berlin
        ("2026-12-04T19:00:00+01:00", True),  # an offset: honoured, shown in Berlin
        (None, False),
    ]
    assert [i["ref"] for i in plan["items"]] == ["2.1", "2.2", "2.3", "2.4"]
    assert plan["projected_outcome"] == {"views": 20000, "note": "twice the usual"}


def test_create_accepts_the_seeds_order_index_and_orders_items_by_it(
    client: TestClient, world: World
) -> None:
    items = [
        {"title": "Publish", "order_index": 2},
        {"title": "Script", "order_index": 0},
        {"title": "Film", "order_index": 1},
    ]
    response = client.post(PLANS, json=new_plan(items=items), headers=world.mia.headers)
    assert response.status_code == 201, response.json()
    found = [(i["title"], i["order_index"]) for i in response.json()["items"]]
    assert found == [("Script", 0), ("Film", 1), ("Publish", 2)]
    bad = client.post(
        PLANS, json=new_plan(items=[{"title": "x", "order_index": -1}]), headers=world.mia.headers
    )
    assert bad.status_code == 422


def test_create_with_a_source_piece_by_number(client: TestClient, world: World) -> None:
    response = client.post(PLANS, json=new_plan(source_content_id="4"), headers=world.mia.headers)
    assert response.status_code == 201
    assert response.json()["source_content_number"] == 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "body.name"),
        ({"name": "x" * 256}, "body.name"),
        ({"items": [{"title": "ok", "estimated_hours": -1}]}, "body.items.0.estimated_hours"),
        ({"items": [{"title": "a\x00b"}]}, "body.items.0.title"),
        ({"items": [{"title": "t"}] * 101}, "body.items"),
        ({"surprise": 1}, "body.surprise"),
        ({"projected_outcome": {"views": "x" * 300}}, "body.projected_outcome.views"),
    ],
)
def test_invalid_plans_name_the_field_and_write_nothing(
    client: TestClient, world: World, change: dict[str, Any], field: str
) -> None:
    response = client.post(PLANS, json=new_plan(**change), headers=world.mia.headers)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(f == field or f.startswith(f"{field}.") for f in fields), fields
    assert len(client.get(PLANS, headers=world.mia.headers).json()["plans"]) == 1


@pytest.mark.parametrize("due", ["next blue moon", "9999-12-31", "2026-02-30"])
def test_unreadable_due_dates_name_the_item(client: TestClient, world: World, due: str) -> None:
    body = new_plan(items=[{"title": "ok"}, {"title": "when?", "due_date": due}])
    response = client.post(PLANS, json=body, headers=world.bo.headers)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.items.1.due_date: ")
    assert len(client.get(PLANS, headers=world.bo.headers).json()["plans"]) == 1


def test_whitespace_goal_is_refused_by_the_domain(client: TestClient, world: World) -> None:
    response = client.post(PLANS, json=new_plan(goal="   "), headers=world.mia.headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "the plan goal is empty"


def test_list_filters_by_status(client: TestClient, world: World) -> None:
    created = client.post(PLANS, json=new_plan(), headers=world.mia.headers).json()
    client.patch(
        f"{PLANS}/{created['id']}", json={"status": "completed"}, headers=world.mia.headers
    )
    listed = {
        status: [
            p["number"]
            for p in client.get(PLANS, params={"status": status}, headers=world.mia.headers).json()[
                "plans"
            ]
        ]
        for status in ("all", "active", "completed", "archived")
    }
    assert listed == {"all": [2, 1], "active": [1], "completed": [2], "archived": []}


def test_show_by_number_and_uuid(client: TestClient, world: World) -> None:
    by_number = client.get(f"{PLANS}/{world.mia.plan_number}", headers=world.mia.headers)
    by_uuid = client.get(f"{PLANS}/{world.mia.plan_id}", headers=world.mia.headers)
    assert by_number.status_code == 200 and by_number.json() == by_uuid.json()
    plan = by_number.json()
    assert plan["items"][0]["urgency"] == "due_soon"
    assert plan["urgency"] == "due_soon"


def test_update_changes_only_what_is_given(client: TestClient, world: World) -> None:
    url = f"{PLANS}/{world.mia.plan_number}"
    before = client.get(url, headers=world.mia.headers).json()
    response = client.patch(
        url,
        json={"notes": "film on Tuesdays", "actual_outcome": {"views": 1200}},
        headers=world.mia.headers,
    )
    after = response.json()
    assert response.status_code == 200
    assert after["notes"] == "film on Tuesdays" and after["actual_outcome"] == {"views": 1200}
    assert (after["name"], after["goal"]) == (before["name"], before["goal"])
    cleared = client.patch(url, json={"notes": ""}, headers=world.mia.headers).json()
    assert cleared["notes"] is None


def test_update_refuses_an_unknown_status(client: TestClient, world: World) -> None:
    url = f"{PLANS}/{world.mia.plan_number}"
    response = client.patch(url, json={"status": "paused"}, headers=world.mia.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.status"


def test_delete_answers_with_the_deleted_plan(client: TestClient, world: World) -> None:
    response = client.delete(f"{PLANS}/{world.bo.plan_id}", headers=world.bo.headers)
    assert response.status_code == 200
    assert response.json()["name"] == "bo's growth plan"
    again = client.get(f"{PLANS}/{world.bo.plan_id}", headers=world.bo.headers)
    assert again.status_code == 404


def test_complete_and_uncomplete_by_ref_and_uuid(client: TestClient, world: World) -> None:
    ref = f"{world.mia.plan_number}.1"
    done = client.patch(f"{ITEMS}/{ref}/complete", headers=world.mia.headers).json()
    assert done["changed"] is True and done["item"]["is_completed"] is True
    assert done["plan"]["progress_percentage"] == 50
    item_uuid = world.mia.item_ids[0]
    again = client.patch(f"{ITEMS}/{item_uuid}/complete", headers=world.mia.headers).json()
    assert again["changed"] is False and "already done" in again["message"]
    undone = client.patch(f"{ITEMS}/{item_uuid}/uncomplete", headers=world.mia.headers).json()
    assert undone["changed"] is True and undone["plan"]["progress_percentage"] == 0
    assert undone["item"]["urgency"] == "due_soon"


@pytest.mark.parametrize("item", ["1.9", "7.1", "00000000-0000-0000-0000-000000000001"])
def test_unknown_items_are_404(client: TestClient, world: World, item: str) -> None:
    response = client.patch(f"{ITEMS}/{item}/complete", headers=world.mia.headers)
    assert response.status_code == 404
