"""Titles that read like the niche: offline templates, or any injected title writer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from string import Formatter
from typing import Protocol

import numpy as np

from simulator.niches import THEME_KINDS, Niche

TEMPLATES: dict[str, tuple[str, ...]] = {
    "tutorial": (
        "How to {task} (step by step)",
        "How to {task} in {n} minutes",
        "{Subject}: the complete beginner's guide",
        "Learn to {task} — full tutorial",
        "The easiest way to {task}",
        "{Subject} explained in {n} simple steps",
        "Beginner to pro: how I {task}",
        "Watch this before you {task}",
    ),
    "tips": (
        "{n} {subject} tips nobody tells you",
        "{n} {subject} mistakes to avoid",
        "Stop doing this with your {subject}",
        "{n} quick tips to {task}",
        "The one {subject} trick I wish I knew sooner",
        "Pro tips: {task} like an expert",
        "{n} {subject} hacks that actually work",
        "Do this if you want to {task}",
    ),
    "review": (
        "{item} review: worth it in {year}?",
        "{item} vs {item2}: honest comparison",
        "I used {item} for {days} days — honest review",
        "{item}: {n} things I love and hate",
        "Don't buy {item} before watching this",
        "Is {item} overrated?",
        "{item} after {days} days: the truth",
        "{item} or {item2}? My pick for {year}",
    ),
    "vlog": (
        "A day in my life as a {persona}: {subject} edition",
        "Week {week} vlog: {subject} chaos",
        "Come with me to {place}",
        "Behind the scenes of my {subject} routine",
        "{Persona} life: what a real week looks like",
        "Vlog: trying {item} for the first time",
        "{days} days of {subject} — vlog",
        "A slow weekend in {place}",
    ),
}
SMALL_NUMBERS = (3, 5, 7, 10, 12, 15)
DAY_COUNTS = (7, 14, 30, 60, 90, 100)


@dataclass(frozen=True)
class TitleRequest:
    """What a title writer is asked for: one piece's niche, theme and format."""

    niche: str
    theme: str
    platform: str
    content_type: str


class TitleWriter(Protocol):
    """Writes titles for a batch of requests (the bot layer may inject an LLM-backed one)."""

    def write_titles(self, requests: Sequence[TitleRequest]) -> Sequence[str]:
        """One title per request, in order; a blank title is replaced by a template title."""
        ...


def theme_kind(niche: Niche, theme: str, rank: int) -> str:
    """The template family of a theme: by its name in the niche, else by its rank."""
    if theme in niche.themes:
        return THEME_KINDS[niche.themes.index(theme)]
    return THEME_KINDS[rank % len(THEME_KINDS)]


def template_titles(
    niche: Niche, kinds: Sequence[str], rng: np.random.Generator, *, year: int
) -> list[str]:
    """One template title per kind, drawn from the niche's vocabulary with ``rng``."""
    picks = rng.integers(0, 1 << 30, size=(len(kinds), 9)).tolist()
    makers = _field_makers(niche, year)
    # Each template with the makers of only the fields it uses.
    compiled = {
        kind: [(t, [(name, makers[name]) for name in _field_names(t)]) for t in templates]
        for kind, templates in TEMPLATES.items()
    }
    titles = []
    for kind, p in zip(kinds, picks, strict=True):
        templates = compiled[kind]
        template, fields = templates[p[0] % len(templates)]
        titles.append(template.format_map({name: make(p) for name, make in fields}))
    return titles


Maker = Callable[[list[int]], object]


def _field_makers(niche: Niche, year: int) -> dict[str, Maker]:
    """How each template field is filled from a piece's nine random picks."""
    subjects, items = niche.subjects, niche.items
    subjects_capitalised = [_capitalised(s) for s in subjects]
    persona_capitalised = _capitalised(niche.persona)

    def second_item(p: list[int]) -> str:
        first = p[3] % len(items)
        return items[(first + 1 + p[4] % (len(items) - 1)) % len(items)]

    return {
        "task": lambda p: niche.tasks[p[1] % len(niche.tasks)],
        "subject": lambda p: subjects[p[2] % len(subjects)],
        "Subject": lambda p: subjects_capitalised[p[2] % len(subjects)],
        "item": lambda p: items[p[3] % len(items)],
        "item2": second_item,
        "place": lambda p: niche.places[p[5] % len(niche.places)],
        "persona": lambda p: niche.persona,
        "Persona": lambda p: persona_capitalised,
        "n": lambda p: SMALL_NUMBERS[p[6] % len(SMALL_NUMBERS)],
        "days": lambda p: DAY_COUNTS[p[7] % len(DAY_COUNTS)],
        "week": lambda p: 1 + p[8] % 52,
        "year": lambda p: year,
    }


def _field_names(template: str) -> list[str]:
    return [name for _, name, _, _ in Formatter().parse(template) if name]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def unique_titles(titles: Sequence[str]) -> list[str]:
    """The titles with repeats made distinct ("…, part 2"), so no two in the batch are alike."""
    seen: set[str] = set()
    parts: dict[str, int] = {}
    result = []
    for title in titles:
        candidate, folded = title, title.casefold()
        while folded in seen:
            parts[title] = parts.get(title, 1) + 1
            candidate = f"{title}, part {parts[title]}"
            folded = candidate.casefold()
        seen.add(folded)
        result.append(candidate)
    return result
