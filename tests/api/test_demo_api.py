"""Demo endpoints: demo mode for the caller, and bulk creation through the ingestion pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.bootstrap import App
from storage.models import ContentPiece
from tests.api.world import World

ENABLE = "/api/v1/demo/enable"
BULK = "/api/v1/demo/content/bulk-create"


def piece(n: int, **overrides: Any) -> dict[str, Any]:
    """A valid posted piece."""
    body: dict[str, Any] = {
        "platform": "youtube",
        "platform_id": f"vid-{n}",
        "content_type": "video",
        "title": f"Tutorial number {n}",
        "published_at": "2026-11-10T15:00:00+01:00",
        "theme": "Tutorials",
        "duration_seconds": 600,
        "tags": ["howto"],
        "performance": {"views": 1000 + n, "likes": 40, "comments": 4, "retention_rate": 0.45},
    }
    return {**body, **overrides}


def pieces_of(wired: App, world: World, handle: str) -> int:
    """How many pieces the creator has."""
    creator_id = getattr(world, handle).creator_id
    with wired.db.read() as session:
        query = select(func.count()).where(ContentPiece.creator_id == creator_id)
        return int(session.scalar(query) or 0)


def test_enable_with_the_seeds_body(client: TestClient, world: World, wired: App) -> None:
    body = {"profile_type": "auto", "niche": "tech_reviews", "seed": 7}
    response = client.post(ENABLE, json=body, headers=world.mia.headers)
    assert response.status_code == 200
    result = response.json()
    assert result["handle"] == "mia" and result["seed"] == 7
    assert result["profile"] in {"small", "mid", "large"}
    assert 30 <= result["pieces"] <= 50 and result["removed"] > 0
    assert pieces_of(wired, world, "mia") == result["pieces"]
    assert pieces_of(wired, world, "bo") == 40


def test_enable_refuses_an_unknown_niche(client: TestClient, world: World) -> None:
    response = client.post(ENABLE, json={"niche": "knitting"}, headers=world.mia.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.niche"


def test_api_niches_and_profiles_are_the_simulators() -> None:
    from typing import get_args

    from bot.api.schemas_demo import Niche, Profile
    from simulator import NICHES, PROFILES

    assert get_args(Niche) == NICHES and get_args(Profile) == PROFILES


def test_bulk_create_then_update_in_place(client: TestClient, world: World, wired: App) -> None:
    before = pieces_of(wired, world, "bo")
    first = client.post(BULK, json=[piece(1), piece(2)], headers=world.bo.headers).json()
    assert first == {"created": 2, "updated": 0, "unchanged": 0, "total": 2}
    changed = piece(2, performance={"views": 5000, "likes": 100})
    second = client.post(BULK, json=[piece(1), changed], headers=world.bo.headers).json()
    assert second == {"created": 0, "updated": 1, "unchanged": 1, "total": 2}
    assert pieces_of(wired, world, "bo") == before + 2
    listed = client.get(
        "/api/v1/insights/content",
        params={"sort": "published", "page_size": 100},
        headers=world.bo.headers,
    ).json()
    mine = [i for i in listed["items"] if i["title"] == "Tutorial number 2"]
    assert mine and mine[0]["performance"]["views"] == 5000


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"platform": "myspace"}, "body.1.platform"),
        ({"published_at": "2026-11-10T15:00:00"}, "body.1.published_at"),
        ({"published_at": "1970-01-01T00:00:00Z"}, "body.1.published_at"),
        ({"title": ""}, "body.1.title"),
        ({"performance": {"views": -5}}, "body.1.performance.views"),
        ({"performance": {"retention_rate": 11}}, "body.1.performance.retention_rate"),
        ({"tags": ["t"] * 51}, "body.1.tags"),
    ],
)
def test_a_bad_piece_names_its_field_and_nothing_is_written(
    client: TestClient, world: World, wired: App, bad: dict[str, Any], field: str
) -> None:
    before = pieces_of(wired, world, "bo")
    response = client.post(BULK, json=[piece(1), piece(2, **bad)], headers=world.bo.headers)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert pieces_of(wired, world, "bo") == before


def test_domain_rules_refuse_the_whole_batch(client: TestClient, world: World, wired: App) -> None:
    before = pieces_of(wired, world, "bo")
    impossible = piece(2, performance={"views": 10, "likes": 50})
    response = client.post(BULK, json=[piece(1), impossible], headers=world.bo.headers)
    assert response.status_code == 422
    assert response.json()["detail"] == "record 2 (youtube vid-2): likes (50) exceed views (10)"
    assert pieces_of(wired, world, "bo") == before


@pytest.mark.parametrize("count", [0, 1001])
def test_batch_size_is_bounded(client: TestClient, world: World, count: int) -> None:
    response = client.post(BULK, json=[piece(1)] * count, headers=world.bo.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def chunks(total_mib: int) -> Iterator[bytes]:
    """A JSON array of spaces sent in 1 MiB chunks, with no Content-Length."""
    yield b"["
    for _ in range(total_mib):
        yield b" " * (1024 * 1024)
    yield b"]"


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_over_the_limit_is_413(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture, chunked: bool
) -> None:
    body = chunks(9) if chunked else b"".join(chunks(9))
    response = client.post(
        BULK, content=body, headers={**world.bo.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "the request body is larger than 8 MiB"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_unreported_count_is_null_in_and_null_out(
    client: TestClient, world: World, wired: App
) -> None:
    tiktok = piece(
        7,
        platform="tiktok",
        content_type="video",
        duration_seconds=30,
        performance={"views": 900, "likes": 90, "comments": 9, "shares": 1, "saves": None},
    )
    hidden = piece(8, performance={"views": 1200, "likes": None, "comments": 3})
    created = client.post(BULK, json=[tiktok, hidden], headers=world.bo.headers).json()
    listed = client.get(
        "/api/v1/insights/content",
        params={"sort": "published", "page_size": 100},
        headers=world.bo.headers,
    ).json()
    numbers = {i["title"]: i["number"] for i in listed["items"]}
    detail = {
        n: client.get(f"/api/v1/insights/content/{numbers[f'Tutorial number {n}']}",
                      headers=world.bo.headers).json()
        for n in (7, 8)
    }  # fmt: skip

    assert created["created"] == 2
    assert detail[7]["metrics"]["saves"] is None and detail[7]["metrics"]["likes"] == 90
    assert detail[7]["metrics"]["engagement_rate"] == pytest.approx(100 * 100 / 900)
    assert detail[8]["metrics"]["likes"] is None
    assert detail[8]["metrics"]["engagement_rate"] is None  # unknown likes: unknown engagement
