"""The one layout engine: every message within its limit, no text lost, tables wrapped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.layout import Line, Markup, Span, assemble, pack, reply_lines
from bot.chat.text import utf16_len
from bot.discord.layout import MARKDOWN
from bot.telegram.layout import HTML
from context.reply import Paragraph, Table

MARKUPS = [pytest.param(HTML, id="telegram"), pytest.param(MARKDOWN, id="discord")]
TEXT = st.text(alphabet=st.sampled_from("ab *_`~@<>#1.é👍🏽\u0301 "), max_size=400)


def measured(chunk: list[Line], markup: Markup) -> int:
    """What the service counts for one assembled message."""
    if markup is HTML:
        return sum(utf16_len(line.plain) for line in chunk) + max(len(chunk) - 1, 0)
    return utf16_len(assemble(chunk, markup))


@pytest.mark.parametrize("markup", MARKUPS)
@given(text=TEXT, limit=st.integers(min_value=8, max_value=60))
@settings(max_examples=60, deadline=None)
def test_a_long_line_is_cut_into_messages_within_the_limit_and_nothing_is_lost(
    markup: Markup, text: str, limit: int
) -> None:
    line = Line((Span(text, "bold"),))
    chunks = pack([line], limit, limit, markup)
    pieces = [chunk for chunk in chunks if chunk]
    assert all(measured(chunk, markup) <= limit for chunk in pieces if len(chunk[0].plain) > 1)
    # Only blank pieces (a run of spaces at a cut) are dropped, as blank lines are.
    kept = "".join(line.plain for chunk in pieces for line in chunk)
    assert kept.replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("markup", MARKUPS)
def test_the_first_message_has_its_own_limit(markup: Markup) -> None:
    lines = reply_lines([Paragraph("word " * 400)])
    first, *rest = pack(lines, 100, 500, markup)
    assert measured(first, markup) <= 100 < measured(rest[0], markup) <= 500


@pytest.mark.parametrize("markup", MARKUPS)
def test_a_cut_falls_on_a_space_and_never_splits_a_skin_tone(markup: Markup) -> None:
    chunks = pack([Line((Span("👍🏽" * 30 + " end"),))], 20, 20, markup)
    assert all(not chunk[0].plain.startswith("🏽") for chunk in chunks)


def test_table_rows_are_wrapped_once_per_run() -> None:
    lines = reply_lines([Table(("a", "b"), (("1", "2"), ("3", "4")))])
    assert assemble(lines, HTML).count("<pre>") == 1
    assert assemble(lines, MARKDOWN).count("```") == 2


def test_nothing_to_lay_out_is_one_empty_message() -> None:
    assert pack([], 10, 10, HTML) == [[]]
