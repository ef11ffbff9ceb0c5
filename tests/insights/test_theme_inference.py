"""Themes inferred from a creator's own words: readable, deterministic, stable, measured."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from sklearn.metrics import adjusted_rand_score

from insights import theme_inference
from insights.theme_inference import MAX_THEMES, MIN_PIECES, OTHER, infer_themes
from simulator.config import SimulationConfig
from simulator.generate import generate_pieces

from .real_titles import CATALOGUE, SPANISH

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def catalogue() -> tuple[list[str], list[str]]:
    titles = [t for group in CATALOGUE.values() for t in group]
    truth = [name for name, group in CATALOGUE.items() for _ in group]
    return titles, truth


def test_real_looking_titles_fall_into_their_topics_with_readable_names() -> None:
    titles, truth = catalogue()
    themes = infer_themes(titles)
    assert adjusted_rand_score(truth, themes) > 0.2  # chance is 0; see docs/IMPORT.md
    names = set(themes) - {OTHER}
    assert 2 <= len(names) <= MAX_THEMES
    assert all("_" not in n and n[0].isupper() for n in names)
    assert any("sourdough" in n.casefold() for n in names)
    assert any("pandas" in n.casefold() for n in names)
    assert "Data science" in names


def test_the_same_titles_always_get_the_same_themes() -> None:
    titles, _ = catalogue()
    computed = [theme_inference._limited(list(titles), []) for _ in range(2)]  # not the kept one
    assert computed[0] == computed[1]
    assert list(computed[0].themes) == infer_themes(titles)


def test_words_and_themes_seen_again_are_not_clustered_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    titles = [f"{title} (seen again)" for title in catalogue()[0]]  # words no other test uses
    calls: list[int] = []
    real = theme_inference._limited

    def counted(texts: list[str], previous: list[str | None]) -> theme_inference.Inferred:
        calls.append(len(texts))
        return real(texts, previous)

    monkeypatch.setattr(theme_inference, "_limited", counted)
    first = infer_themes(titles)
    assert infer_themes(list(titles)) == first
    assert len(calls) == 1
    infer_themes(titles, first)  # the themes the pieces had count: clustered again
    infer_themes([*titles[:-1], "a new title"])  # other words: clustered again
    assert len(calls) == 3


def test_another_language_needs_no_stopword_list() -> None:
    themes = infer_themes(list(SPANISH) * 2)
    by_topic = Counter(zip([i % 8 < 3 or i % 8 == 7 for i in range(16)], themes, strict=True))
    assert len({t for t in themes if t != OTHER}) >= 2
    for name in set(themes) - {OTHER}:
        assert name.split()[0].casefold() not in {"de", "la", "el", "en", "para", "con"}
    assert by_topic  # every piece got a theme


def test_too_few_pieces_are_all_other() -> None:
    assert infer_themes(["a b", "c d"] * ((MIN_PIECES - 1) // 2)) == [OTHER] * (
        2 * ((MIN_PIECES - 1) // 2)
    )


def test_names_the_pieces_had_are_kept_on_the_next_inference() -> None:
    titles, _ = catalogue()
    first = infer_themes(titles)
    bread = next(n for n in first if "sourdough" in n.casefold())
    renamed = ["My bread" if t == bread else t for t in first]
    again = infer_themes([*titles, "Sourdough baguettes at home"], [*renamed, None])
    assert "My bread" in again and bread not in again


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_simulator_themes_are_recovered_from_titles_alone(seed: int) -> None:
    """Adjusted Rand index against the simulator's hidden themes (docs/IMPORT.md quotes it)."""
    pieces = generate_pieces(SimulationConfig(pieces=300), seed=seed, now=NOW)
    truth = [p.record.theme for p in pieces]
    found = infer_themes([p.record.title for p in pieces])
    assert adjusted_rand_score(truth, found) > 0.2  # chance is 0
