"""Titles read like the niche, vary, never repeat in a batch, and can come from a title writer."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from simulator import NICHES, SimulationConfig, TitleRequest, generate_pieces
from simulator.niches import NICHE_DATA
from simulator.titles import unique_titles
from tests.support.simulated_data import NOW


def niche_words(niche: str) -> list[str]:
    data = NICHE_DATA[niche]
    return [*data.tasks, *data.subjects, *data.items, *data.places, data.persona]


@pytest.mark.parametrize("niche", NICHES)
def test_titles_use_the_niches_words_and_are_unique(niche: str) -> None:
    pieces = generate_pieces(SimulationConfig(niche=niche, pieces=300), seed=5, now=NOW)
    titles = [p.record.title for p in pieces]
    assert len({t.casefold() for t in titles}) == len(titles)
    words = [w.casefold() for w in niche_words(niche)]
    for title in titles:
        assert any(w in title.casefold() for w in words), title
    others = [w.casefold() for n in NICHES if n != niche for w in NICHE_DATA[n].items]
    foreign = [o for o in others if o not in words]
    for title in titles:
        assert not any(re.search(rf"\b{re.escape(o)}\b", title.casefold()) for o in foreign)


def test_titles_vary() -> None:
    pieces = generate_pieces(SimulationConfig(pieces=200), seed=1, now=NOW)
    stems = {p.record.title.split(", part")[0] for p in pieces}
    assert len(stems) > 150
    first_words = {p.record.title.split()[0] for p in pieces}
    assert len(first_words) > 20


def test_unique_titles_numbers_repeats() -> None:
    assert unique_titles(["A", "B", "a", "A"]) == ["A", "B", "a, part 2", "A, part 3"]


class ScriptedWriter:
    """A title writer that answers from a script (blank answers fall back to templates)."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.requests: list[TitleRequest] = []

    def write_titles(self, requests: Sequence[TitleRequest]) -> Sequence[str]:
        self.requests.extend(requests)
        return self.answers[: len(requests)]


def test_an_injected_title_writer_is_used_and_checked() -> None:
    writer = ScriptedWriter(["My best day", "  ", "My best day", "Third"])
    config = SimulationConfig(pieces=5, niche="beauty")
    pieces = generate_pieces(config, seed=3, now=NOW, title_writer=writer)
    titles = [p.record.title for p in pieces]
    assert titles[0] == "My best day" and titles[2] == "My best day, part 2"
    assert titles[3] == "Third"
    template_only = generate_pieces(config, seed=3, now=NOW)
    assert titles[1] == template_only[1].record.title
    assert titles[4] == template_only[4].record.title
    assert [r.theme for r in writer.requests] == [p.record.theme for p in pieces]
    assert {r.niche for r in writer.requests} == {"beauty"}
