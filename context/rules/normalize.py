"""Text as the rules engine reads it: lower case, plain words, typos in keywords corrected.

Each word keeps its original form, so a reference cut out of the corrected text ("why did my
iphnoe review do well") can be handed on as the creator wrote it.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_TOKEN = re.compile(r"#?\d+\.\d+|#?[a-z0-9]+(?:'[a-z]+)?")
TYPO_CUTOFF = 0.8
MIN_TYPO_LENGTH = 4


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


KEYWORDS = _word_set(
    """
    working worked works flop flops flopped flopping worst best top hits overperforming
    underperforming underperformed overperformed attention themes theme topics topic categories
    category platforms platform compare comparison versus post posts posting publish upload
    schedule time times when should plans plan done undo finished complete completed reopen
    uncheck untick add link diagnose more like help digest youtube instagram tiktok tiktoks
    reels shorts performing performance doing details detail explain tell about videos video
    content pieces piece list show save discard cancel week month today tomorrow monday tuesday
    wednesday thursday friday saturday sunday weekend dashboard overview summary stats
    statistics analytics going badly poorly struggling tanked bombed failed weakest strongest
    popular viewed views engagement retention recent latest newest repeat mark tick check item
    items action actions please thanks thank hello commands quarter year ever overall
    stop pause sending send remind reminders reminder digest timezone quiet hours move reel
    comments commented likes liked shares shared saves saved reach followers subscribers
    average median total views viewed engagement retention impressions oldest earliest
    uploads unsubscribe reschedule postpone reminding
    trend trends trending growing growth gaining channel
    tank tanks bomb bombs advice advise suggest suggestions recommend recommendations improve
    fewest often frequently frequency cadence daily consistent consistently consistency regularly
    """
)
# Ordinary words that look like keywords with a typo ("them" is not "theme").
COMMON = _word_set(
    """
    them then than this that with have what whats when where which while most some post best
    rest test done dont make take like does good well went want were will your yours mine into
    onto from they their there these those here just also only over under very much many such
    last past next each every both same other need needs know think look looking long short
    tips tip vlog vlogs reviews review tutorial tutorials pick picks near plane plain plant
    work form forms thing things doing going made said says call home room blog blogs
    story store stories real rest most mute much dying dead died lying todays tonights
    monthly weekly grow grew grown audience audiences caption captions viewers
    question questions
    worth three start never mean strong ticket moments stars planet postal poster
    """
)


@dataclass(frozen=True)
class Words:
    """The corrected words, and each one as it was typed."""

    fixed: tuple[str, ...]
    typed: tuple[str, ...]

    @property
    def text(self) -> str:
        """The corrected words joined by single spaces (what the intent patterns match)."""
        return " ".join(self.fixed)

    def typed_span(self, start: int, end: int) -> str:
        """The typed words behind the characters ``start:end`` of ``text``."""
        first = self.text[:start].count(" ")
        last = self.text[:end].rstrip().count(" ")
        return " ".join(self.typed[first : last + 1])


TYPO_CACHE_SIZE = 4096


@functools.cache
def _vocabulary() -> tuple[str, ...]:
    return tuple(sorted(KEYWORDS))


@functools.lru_cache(maxsize=TYPO_CACHE_SIZE)  # bounded: every stranger's word passes here
def correct(word: str) -> str:
    """The keyword a mistyped word most likely meant, or the word itself."""
    if len(word) < MIN_TYPO_LENGTH or word in KEYWORDS or word in COMMON or not word.isalpha():
        return word
    swapped = _transposed(word)
    if swapped is not None:
        return swapped
    close = difflib.get_close_matches(word, _vocabulary(), n=1, cutoff=TYPO_CUTOFF)
    return close[0] if close else word


def _transposed(word: str) -> str | None:
    """The keyword this word is with two neighbouring letters swapped back ('bset' → 'best'):
    the commonest slip, which a similarity cutoff misses in short words."""
    for at in (*range(1, len(word) - 1), 0):  # a slip on the first letter is the rarest
        swapped = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        if swapped in KEYWORDS:
            return swapped
    return None


def normalise(text: str) -> Words:
    """Lower-case words with apostrophes folded ("what's" → "whats") and keywords corrected."""
    lowered = text.translate(_APOSTROPHES).lower()
    typed = [token.replace("'", "") for token in _TOKEN.findall(lowered)]
    return Words(tuple(correct(t) for t in typed), tuple(typed))


QUOTED = re.compile(r"[\"'“‘«]([^\"'”’»]{1,255})[\"'”’»]")


def quoted(text: str) -> str | None:
    """The first quoted phrase in the raw text ('film b-roll'), with its case kept."""
    found = QUOTED.search(text.translate(_APOSTROPHES))
    return found.group(1).strip() if found else None
