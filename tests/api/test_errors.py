"""Errors: one JSON shape, a 500 with an id and no traceback, 503 without a database, counters."""

from __future__ import annotations

import logging

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from bot.api import create_app
from bot.api.app import HANDLER_THREADS
from bot.bootstrap import App
from storage import Database
from storage.db import make_engine
from tests.api.operator import OPERATOR_HEADERS
from tests.api.world import World


def explode(*_args: object, **_kwargs: object) -> object:
    """A domain call that fails in a way nobody planned for."""
    raise RuntimeError("secret internals: /home/mia/tokens.txt")


def test_unexpected_error_is_500_with_an_id_and_no_traceback(
    client: TestClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("bot.api.routes_insights.list_themes", explode)
    with caplog.at_level(logging.ERROR, logger="whatsworking.api"):
        response = client.get("/api/v1/insights/themes", headers=world.mia.headers)
    assert response.status_code == 500
    body = response.json()
    assert body["error"] == "internal" and len(body["error_id"]) == 12
    assert body["error_id"] in body["detail"]
    assert "secret" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged and logged[0].exc_info is not None


def test_database_failure_is_503(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*_args: object, **_kwargs: object) -> object:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    monkeypatch.setattr("bot.api.routes_plans.list_plans", down)
    response = client.get("/api/v1/action-plans", headers=world.mia.headers)
    assert response.status_code == 503
    assert response.json()["detail"] == "the database is unavailable (ConnectionRefusedError)"


def test_without_a_database_healthz_and_requests_are_503(wired: App, world: World) -> None:
    nowhere = Database(make_engine("postgresql+psycopg://someone:secret@127.0.0.1:1/nowhere"))
    down = App(settings=wired.settings, db=nowhere, clock=wired.clock)
    with TestClient(create_app(down), raise_server_exceptions=False) as client:
        health = client.get("/healthz")
        request = client.get("/api/v1/insights/themes", headers=world.mia.headers)
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "database": "unreachable"}
    assert request.status_code == 503 and "secret" not in request.text


def test_unknown_paths_and_methods_use_the_error_shape(client: TestClient, world: World) -> None:
    missing = client.get("/api/v1/nothing-here", headers=world.mia.headers)
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    wrong = client.put("/api/v1/action-plans/1", headers=world.mia.headers)
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"


def test_invalid_json_is_422(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/action-plans",
        content=b'{"name": ',
        headers={**world.mia.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("body")


def test_metrics_count_routes_not_raw_paths(client: TestClient, world: World) -> None:
    client.get("/api/v1/action-plans/1", headers=world.mia.headers)
    client.get("/api/v1/action-plans/2", headers=world.mia.headers)
    client.get("/api/v1/random/path/no-such-segment", headers=world.mia.headers)
    client.request("BREW", "/api/v1/action-plans", headers=world.mia.headers)
    text = client.get("/metrics", headers=OPERATOR_HEADERS).text
    assert (
        'whatsworking_http_requests_total{method="GET",route="/api/v1/action-plans/{plan_id}",'
        'status="200"} 1' in text
    )
    assert 'route="/api/v1/action-plans/{plan_id}",status="404"} 1' in text
    assert 'method="GET",route="unmatched",status="404"} 1' in text
    assert 'method="OTHER"' in text
    # A raw path segment, not a number: timings in the text may contain any digits.
    assert "no-such-segment" not in text and "whatsworking_http_requests_in_flight 1" in text


def test_metrics_need_the_operators_token_not_a_creators(client: TestClient, world: World) -> None:
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=world.mia.headers).status_code == 401
    assert client.get("/metrics", headers=OPERATOR_HEADERS).status_code == 200


def test_handlers_run_on_a_few_threads(client: TestClient) -> None:
    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert client.portal is not None
    assert client.portal.call(tokens) == HANDLER_THREADS
