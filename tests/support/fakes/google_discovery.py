"""Check a request against Google's discovery documents, as shipped by google-api-python-client.

Unknown parameters, missing required ones, and values of the wrong type are refused the way
Google refuses them (400), so a client that drifts from the published API fails its tests.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import googleapiclient

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
FILES = {"youtube": "youtube.v3.json", "youtubeAnalytics": "youtubeAnalytics.v2.json"}


@cache
def _document(api: str) -> dict[str, Any]:
    return dict(json.loads((DOCUMENTS / FILES[api]).read_text()))


def method(api: str, name: str) -> dict[str, Any]:
    """A method's description, e.g. method("youtube", "videos.list")."""
    resource, _, verb = name.rpartition(".")
    return dict(_document(api)["resources"][resource]["methods"][verb])


def check_request(api: str, name: str, params: dict[str, str]) -> str | None:
    """Why the request does not fit the documented method, or None when it does."""
    declared = method(api, name)["parameters"]
    global_names = set(_document(api)["parameters"])
    for key, value in params.items():
        if key in global_names:
            continue
        spec = declared.get(key)
        if spec is None:
            return f"Unknown parameter: {key!r}"
        problem = _check_value(key, spec, value)
        if problem:
            return problem
    missing = [k for k, spec in declared.items() if spec.get("required") and k not in params]
    return f"Required parameter: {missing[0]}" if missing else None


def _check_value(key: str, spec: dict[str, Any], value: str) -> str | None:
    kind = spec.get("type")
    if kind == "integer" and not value.lstrip("-").isdigit():
        return f"Invalid value for {key!r}: {value!r}"
    if kind == "boolean" and value not in ("true", "false"):
        return f"Invalid value for {key!r}: {value!r}"
    allowed = spec.get("enum")
    if allowed and value not in allowed:
        return f"Invalid value for {key!r}: {value!r}"
    return None
