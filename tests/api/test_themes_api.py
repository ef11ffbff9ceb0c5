"""Theme writes over the API: rename, merge, set a piece's theme — scoped to the caller."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.world import World

THEMES = "/api/v1/insights/themes"


def names(client: TestClient, world: World, who: str = "mia") -> set[str]:
    headers = getattr(world, who).headers
    return {t["theme"] for t in client.get(THEMES, headers=headers).json()["themes"]}


def test_rename_merge_and_set_change_only_the_callers_themes(
    client: TestClient, world: World
) -> None:
    before, bo_before = names(client, world), names(client, world, "bo")
    first, second, *_ = sorted(before)
    h = world.mia.headers
    renamed = client.post(f"{THEMES}/rename", json={"theme": first, "new_name": "Mine"}, headers=h)
    assert renamed.status_code == 200, renamed.json()
    assert "Mine" in {t["theme"] for t in renamed.json()["themes"]}
    merged = client.post(f"{THEMES}/merge", json={"themes": [second], "into": "Mine"}, headers=h)
    assert merged.status_code == 200
    pinned = client.put("/api/v1/insights/content/1/theme", json={"theme": "Pinned"}, headers=h)
    assert pinned.status_code == 200
    after = names(client, world)
    assert {"Mine", "Pinned"} <= after and not {first, second} & after
    assert names(client, world, "bo") == bo_before


def test_unknown_themes_are_404_and_bad_bodies_422(client: TestClient, world: World) -> None:
    h = world.mia.headers
    missing = client.post(f"{THEMES}/rename", json={"theme": "Nope", "new_name": "X"}, headers=h)
    assert missing.status_code == 404
    empty = client.post(f"{THEMES}/rename", json={"theme": "a", "new_name": ""}, headers=h)
    assert empty.status_code == 422
    extra = client.post(f"{THEMES}/merge", json={"themes": [], "into": "X"}, headers=h)
    assert extra.status_code == 422
