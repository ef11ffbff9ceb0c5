"""The insights endpoints through the test client: seed shapes, filters, both id forms."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from bot.bootstrap import App
from insights.views import build_dashboard, list_themes
from tests.api.seed_shapes import SEED_DASHBOARD, shape_mismatches
from tests.api.world import NOW, World

DASHBOARD = "/api/v1/insights/dashboard"
CONTENT = "/api/v1/insights/content"


def test_shape_check_catches_a_wrong_type_and_a_missing_key() -> None:
    summary = {**SEED_DASHBOARD["summary"], "total_views": "many"}
    del summary["engagement_trend"]
    bad = {"summary": summary, "top_performers": []}
    assert sorted(shape_mismatches(SEED_DASHBOARD, bad)) == [
        "$.summary.engagement_trend: missing",
        "$.summary.total_views: expected number, got string",
    ]


def test_dashboard_has_the_seed_keys_and_types(client: TestClient, world: World) -> None:
    response = client.get(DASHBOARD, params={"time_period": "90d"}, headers=world.mia.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["top_performers"], "the example needs top performers to compare"
    assert any(p["insights"] for p in body["top_performers"])
    assert shape_mismatches(SEED_DASHBOARD, body) == []


def test_dashboard_equals_the_domain_view(client: TestClient, world: World, wired: App) -> None:
    response = client.get(
        DASHBOARD,
        params={"time_period": "30d", "platform_filter": "youtube"},
        headers=world.mia.headers,
    )
    with wired.db.read() as session:
        view = build_dashboard(
            session, world.mia.creator_id, period="30d", platform="youtube", now=NOW
        )
    body = response.json()
    assert body["platform"] == "youtube" and body["period"] == "30d"
    assert body["summary"]["total_content"] == view.summary.total_content
    assert [p["id"] for p in body["top_performers"]] == [p.id for p in view.top_performers]
    assert {p["platform"] for p in body["top_performers"]} <= {"youtube"}
    assert body["timezone"] == "Europe/Berlin"
    assert body["top_performers"][0]["published_at"].endswith("+01:00")


def test_platform_filter_all_means_every_platform(client: TestClient, world: World) -> None:
    everything = client.get(DASHBOARD, headers=world.mia.headers).json()
    all_platforms = client.get(
        DASHBOARD, params={"platform_filter": "all"}, headers=world.mia.headers
    ).json()
    assert all_platforms == everything
    assert everything["platform"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"time_period": "1y"}, "query.time_period"),
        ({"platform_filter": "myspace"}, "query.platform_filter"),
    ],
)
def test_bad_dashboard_filters_name_the_field(
    client: TestClient, world: World, params: dict[str, str], field: str
) -> None:
    response = client.get(DASHBOARD, params=params, headers=world.mia.headers)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_input"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["detail"].startswith(f"{field}: ")


def test_content_list_filters_and_pages(client: TestClient, world: World) -> None:
    params: dict[str, str | int] = {
        "platform": "youtube",
        "performance_category": "normal",
        "page_size": 3,
    }
    first = client.get(CONTENT, params=params, headers=world.mia.headers).json()
    assert first["page"] == 1 and first["page_size"] == 3
    assert first["pages"] == -(-first["total"] // 3)
    assert len(first["items"]) == 3
    for item in first["items"]:
        assert item["platform"] == "youtube"
        assert item["performance"]["performance_category"] == "normal"
    second = client.get(CONTENT, params={**params, "page": 2}, headers=world.mia.headers).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_content_list_by_theme_and_unknown_theme(client: TestClient, world: World) -> None:
    themes = client.get("/api/v1/insights/themes", headers=world.mia.headers).json()["themes"]
    theme = themes[0]["theme"]
    listed = client.get(CONTENT, params={"theme": theme.upper()}, headers=world.mia.headers)
    assert listed.status_code == 200
    assert listed.json()["total"] == themes[0]["content_count"]
    assert {i["theme"] for i in listed.json()["items"]} == {theme}
    unknown = client.get(CONTENT, params={"theme": "knitting"}, headers=world.mia.headers)
    assert unknown.status_code == 422
    assert "unknown theme 'knitting'" in unknown.json()["detail"]


def test_page_past_the_end_is_refused(client: TestClient, world: World) -> None:
    response = client.get(CONTENT, params={"page": 99}, headers=world.mia.headers)
    assert response.status_code == 422
    assert "past the end" in response.json()["detail"]


def test_content_detail_by_number_and_by_uuid(client: TestClient, world: World) -> None:
    by_number = client.get(f"{CONTENT}/3", headers=world.mia.headers)
    assert by_number.status_code == 200
    body = by_number.json()
    assert body["number"] == 3
    by_uuid = client.get(f"{CONTENT}/{body['id']}", headers=world.mia.headers)
    assert by_uuid.json() == body
    assert set(body) >= {"metrics", "performance", "comparison", "success_factors"}
    assert body["metrics"]["views"] == body["performance"]["views"]


@pytest.mark.parametrize("missing", ["999", str(uuid.UUID(int=5))])
def test_unknown_content_is_404(client: TestClient, world: World, missing: str) -> None:
    response = client.get(f"{CONTENT}/{missing}", headers=world.mia.headers)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_malformed_content_id_is_422(client: TestClient, world: World) -> None:
    response = client.get(f"{CONTENT}/piece-three", headers=world.mia.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.content_id"


def test_themes_equal_the_domain_view(client: TestClient, world: World, wired: App) -> None:
    body = client.get("/api/v1/insights/themes", headers=world.bo.headers).json()
    with wired.db.read() as session:
        expected = list_themes(session, world.bo.creator_id)
    assert [t["theme"] for t in body["themes"]] == [t.theme for t in expected]
    assert [t["content_count"] for t in body["themes"]] == [t.content_count for t in expected]
