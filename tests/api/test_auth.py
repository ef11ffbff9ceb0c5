"""Every endpoint but /healthz needs a live token of the creator it acts for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.bootstrap import App
from storage.api_tokens import revoke_token
from storage.clock import FixedClock
from storage.models import ApiToken
from tests.api.world import World

SAMPLE_IDS = {"{content_id}": "1", "{plan_id}": "1", "{item_id}": "1.1"}
PUBLIC = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def operations(client: TestClient) -> list[tuple[str, str]]:
    """(method, concrete path) of every operation in the app's own OpenAPI spec."""
    found = []
    for template, methods in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        path = template
        for placeholder, value in SAMPLE_IDS.items():
            path = path.replace(placeholder, value)
        found += [(method.upper(), path) for method in methods if template not in PUBLIC]
    return found


def test_the_spec_lists_every_endpoint_of_the_seed(client: TestClient) -> None:
    # The seed's 14, and the three theme writes (rename, merge, one piece's theme).
    assert len(operations(client)) == 17


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer ww_not-a-real-token", "Bearer ", "Basic bWlhOnNlY3JldA==", "ww_raw-token"],
)
def test_every_endpoint_refuses_a_missing_or_wrong_token(
    client: TestClient, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    for method, path in operations(client):
        response = client.request(method, path, headers=headers, json=None)
        assert response.status_code == 401, (method, path)
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"] == "unauthorized"


def test_a_revoked_token_stops_working(client: TestClient, world: World, wired: App) -> None:
    url = "/api/v1/insights/themes"
    assert client.get(url, headers=world.mia.headers).status_code == 200
    with wired.db.unit_of_work() as session:
        token_id = session.scalars(
            select(ApiToken.id).where(ApiToken.creator_id == world.mia.creator_id)
        ).one()
        revoke_token(session, world.mia.creator_id, token_id.hex, now=wired.clock.now())
    assert client.get(url, headers=world.mia.headers).status_code == 401
    assert client.get(url, headers=world.bo.headers).status_code == 200


def test_healthz_needs_no_token(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_last_used_is_recorded_at_most_every_five_minutes(
    client: TestClient, world: World, wired: App
) -> None:
    clock = wired.clock
    assert isinstance(clock, FixedClock)

    def last_used() -> object:
        with wired.db.read() as session:
            return session.scalar(
                select(ApiToken.last_used_at).where(ApiToken.creator_id == world.bo.creator_id)
            )

    assert last_used() is None
    first = clock.now()
    client.get("/api/v1/insights/themes", headers=world.bo.headers)
    assert last_used() == first
    clock.advance(timedelta(minutes=4))
    client.get("/api/v1/insights/themes", headers=world.bo.headers)
    assert last_used() == first
    clock.advance(timedelta(minutes=2))
    client.get("/api/v1/insights/themes", headers=world.bo.headers)
    assert last_used() == clock.now()
