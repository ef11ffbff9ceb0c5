"""The seed's response example (WHATS_WORKING_IMPLEMENTATION.md, "API Response Examples") and a
check that a real response has every key it shows, with the same JSON type."""

from __future__ import annotations

from typing import Any

SEED_DASHBOARD: dict[str, Any] = {
    "summary": {
        "total_content": 32,
        "overperforming_count": 6,
        "normal_count": 20,
        "underperforming_count": 6,
        "avg_engagement_rate": 4.2,
        "total_views": 1250000,
        "total_reach": 2100000,
        "engagement_trend": "up",
    },
    "top_performers": [
        {
            "id": "uuid",
            "title": "Complete Guide to...",
            "platform": "youtube",
            "performance": {
                "performance_score": 92.5,
                "percentile_rank": 95,
                "views": 120000,
                "engagement_rate": 7.2,
            },
            "insights": [
                {
                    "title": "Perfect Timing",
                    "description": "Posted Thursday at 2pm...",
                    "impact_level": "high",
                    "is_positive": True,
                }
            ],
        }
    ],
}


def json_type(value: Any) -> str:
    """The JSON type of a decoded value (integers and floats are both numbers)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def shape_mismatches(example: Any, actual: Any, path: str = "$") -> list[str]:
    """Where ``actual`` lacks a key of ``example`` or has another type (lists: every element)."""
    if json_type(example) != json_type(actual):
        return [f"{path}: expected {json_type(example)}, got {json_type(actual)}"]
    if isinstance(example, dict):
        missing = [f"{path}.{key}: missing" for key in example if key not in actual]
        nested = [
            problem
            for key in example
            if key in actual
            for problem in shape_mismatches(example[key], actual[key], f"{path}.{key}")
        ]
        return missing + nested
    if isinstance(example, list) and example:
        return [
            problem
            for index, element in enumerate(actual)
            for problem in shape_mismatches(example[0], element, f"{path}[{index}]")
        ]
    return []
