"""schemathesis against the app's own OpenAPI spec, with a valid token: no 500s, and every
response (status, content type, headers, body) is what the spec says it can be."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.api import create_app
from bot.bootstrap import App
from bot.settings import load_settings
from storage import Database
from storage.db import make_engine
from tests.api.world import World

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Enough to reach every parameter and both valid and invalid bodies, and to stay well under a
# minute; derandomized so a failure repeats.
EXAMPLES = 12
# A demo of the default 30-50 pieces takes about a second; the fuzzer may ask for any size.
MAX_DEMO_PIECES = 5


def spec_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation in the spec (the spec needs no database)."""
    idle = App(settings=load_settings(), db=Database(make_engine("sqlite://")))
    paths = create_app(idle).openapi()["paths"]
    return [(method.upper(), path) for path, methods in paths.items() for method in methods]


def small_demo(case: schemathesis.Case[Any]) -> None:
    """Keep generated demo requests small (the size itself is tested elsewhere)."""
    if case.path == "/api/v1/demo/enable" and isinstance(case.body, dict):
        pieces = case.body.get("pieces")
        if pieces is None or (isinstance(pieces, int) and pieces > MAX_DEMO_PIECES):
            case.body["pieces"] = MAX_DEMO_PIECES


@pytest.mark.parametrize(("method", "path"), spec_operations())
def test_the_api_keeps_its_own_spec(wired: App, world: World, method: str, path: str) -> None:
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    spec = schemathesis.openapi.from_asgi("/openapi.json", create_app(wired), config=config)
    operation = spec[path][method]
    cases = st.one_of(*(operation.as_strategy(mode) for mode in GenerationMode))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case[Any]) -> None:
        small_demo(case)
        case.call_and_validate(checks=CHECKS, headers=world.mia.headers)

    check()
