"""JSON exports to flat rows: YouTube ``videos.list`` responses and Graph-style ``data`` lists."""

from __future__ import annotations

import json
from typing import Any

from insights.importing.limits import MAX_CELL_CHARS, MAX_COLUMNS, too_long
from storage.errors import InvalidInput

_LIST_KEYS = ("items", "data", "videos", "media")
_YOUTUBE_PARTS = ("snippet", "statistics", "contentDetails")
_THUMBNAIL_SIZES = ("maxres", "standard", "high", "medium", "default")


def find_items(document: Any) -> list[dict[str, Any]]:
    """The list of videos or posts inside a JSON export (pages of responses are joined)."""
    if isinstance(document, list):
        if document and all(isinstance(d, dict) and "items" in d for d in document):
            return [item for page in document for item in find_items(page)]
        return _only_objects(document)
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            value = document.get(key)
            if isinstance(value, list):
                return _only_objects(value)
            if isinstance(value, dict):
                return find_items(value)
    raise InvalidInput(
        "the JSON file holds no list of videos or posts (expected the 'items' of a YouTube "
        "videos.list response, or a 'data' list)"
    )


def _only_objects(values: list[Any]) -> list[dict[str, Any]]:
    for number, value in enumerate(values, start=1):
        if not isinstance(value, dict):
            raise InvalidInput(f"item {number}: expected an object with fields, found a list value")
    return values


def flatten_item(item: dict[str, Any], where: str) -> dict[str, str]:
    """One JSON item as column → text, the shape a CSV row has; InvalidInput past the caps."""
    if len(item) > MAX_COLUMNS:
        raise InvalidInput(f"{where}: has {len(item):,} fields; the limit is {MAX_COLUMNS}")
    if any(part in item for part in _YOUTUBE_PARTS):
        flat = _youtube_video(item)
    else:
        flat = {k: v for k, v in item.items() if k != "insights" and not isinstance(v, dict)}
        flat.update(_graph_insights(item.get("insights"), where))
    if len(flat) > MAX_COLUMNS:
        raise InvalidInput(f"{where}: has {len(flat):,} fields; the limit is {MAX_COLUMNS}")
    return {key: _cell(key, value, where) for key, value in flat.items()}


def _cell(key: str, value: Any, where: str) -> str:
    try:
        text = _as_text(value)
    except (RecursionError, MemoryError, ValueError):
        raise InvalidInput(f"{where}, field {key[:60]!r}: is nested too deeply to read") from None
    if len(text) > MAX_CELL_CHARS:
        raise InvalidInput(f"{where}, field {key[:60]!r}: {too_long(len(text), MAX_CELL_CHARS)}")
    return text


def _youtube_video(item: dict[str, Any]) -> dict[str, Any]:
    snippet = item.get("snippet") or {}
    statistics = item.get("statistics") or {}
    details = item.get("contentDetails") or {}
    video_id = item.get("id")
    if isinstance(video_id, dict):
        video_id = video_id.get("videoId")
    return {
        "id": video_id,
        "title": snippet.get("title"),
        "description": snippet.get("description"),
        "publishedAt": snippet.get("publishedAt"),
        "tags": snippet.get("tags"),
        "liveBroadcastContent": snippet.get("liveBroadcastContent"),
        "thumbnail": _thumbnail(snippet.get("thumbnails")),
        "duration": details.get("duration"),
        "viewCount": statistics.get("viewCount"),
        "likeCount": statistics.get("likeCount"),
        "commentCount": statistics.get("commentCount"),
    }


def _thumbnail(thumbnails: Any) -> str | None:
    if not isinstance(thumbnails, dict):
        return None
    for size in _THUMBNAIL_SIZES:
        entry = thumbnails.get(size)
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            return str(entry["url"])
    return None


def _graph_insights(insights: Any, where: str) -> dict[str, Any]:
    """Graph API ``insights{data[{name, values[{value}]}]}`` as name → value."""
    if insights is None:
        return {}
    entries = insights.get("data") if isinstance(insights, dict) else insights
    if not isinstance(entries, list):
        raise InvalidInput(f"{where}: 'insights' is not a list of metrics")
    flat: dict[str, Any] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        values = entry.get("values")
        if isinstance(values, list) and values and isinstance(values[0], dict):
            flat[entry["name"]] = values[0].get("value")
        elif isinstance(entry.get("total_value"), dict):
            flat[entry["name"]] = entry["total_value"].get("value")
    return flat


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
