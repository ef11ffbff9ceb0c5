"""Sections of a prompt that stay inside a token budget, with untrusted text always fenced.

Lines are dropped from the end rather than cut mid-fence, so a fence is always closed; every
untrusted line is neutralised and capped before it is measured.
"""

from __future__ import annotations

from collections.abc import Sequence

from context.llm.prompting import estimate_tokens, fence_untrusted, neutralise, truncate_to_tokens

MAX_LINE_CHARS = 240
FENCE_CHARS = 20_000


def fit_lines(lines: Sequence[str], budget: int) -> list[str]:
    """The leading lines whose joined estimate fits ``budget``."""
    kept: list[str] = []
    for line in lines:
        if estimate_tokens("\n".join([*kept, line])) > budget:
            break
        kept.append(line)
    return kept


def trusted_section(heading: str, lines: Sequence[str], budget: int) -> str:
    """A heading and lines we wrote ourselves (figures), trimmed to the budget."""
    if not lines:
        return ""
    kept = fit_lines(lines, budget - estimate_tokens(heading) - 1)
    return "\n".join([heading, *kept]) if kept else truncate_to_tokens(heading, budget)


def fenced_section(heading: str, label: str, lines: Sequence[str], budget: int) -> str:
    """A heading and untrusted lines inside one labelled fence, trimmed to the budget."""
    if not lines:
        return ""
    overhead = estimate_tokens(f"{heading}\n{fence_untrusted(label, '')}") + 2
    cleaned = [" ".join(neutralise(line, MAX_LINE_CHARS).split()) for line in lines]
    kept = fit_lines(cleaned, budget - overhead)
    while kept:
        text = f"{heading}\n{fence_untrusted(label, chr(10).join(kept), FENCE_CHARS)}"
        if estimate_tokens(text) <= budget:
            return text
        kept.pop()
    return ""


def join_sections(sections: Sequence[str]) -> str:
    """Non-empty sections separated by blank lines."""
    return "\n\n".join(s for s in sections if s)
