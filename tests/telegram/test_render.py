"""The Telegram renderer against the same rules the local Bot API server enforces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.render import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    TelegramReply,
    render_html,
    render_reply,
)
from context.reply import (
    Action,
    Block,
    BulletList,
    Button,
    ChartSpec,
    ContentRef,
    Headline,
    Paragraph,
    Reply,
    Table,
)
from tests.support.fakes.telegram_rules import check_message_text, check_reply_markup, utf16_len
from tests.support.telegram_samples import HOSTILE_TITLES, parsed_parts, squash, visible

SECRET = b"test-secret"
CREATOR = "creator-1"


def render(reply: Reply) -> TelegramReply:
    return render_reply(reply, CREATOR, SECRET)


def test_blocks_render_as_telegram_html() -> None:
    reply = Reply(
        blocks=(
            Headline("Top performers"),
            Paragraph("Your <best> week & more"),
            BulletList(("first", "second")),
            ContentRef(12, "Morning routine", "youtube", "score 91"),
        ),
        notice="The AI is unavailable right now.",
    )
    (part,) = render(reply).parts
    assert part.kind == "text"
    assert part.html.startswith("<i>The AI is unavailable right now.</i>\n\n<b>Top performers</b>")
    assert "Your &lt;best&gt; week &amp; more" in part.html
    assert "• first\n• second" in part.html
    assert "<b>#12</b> youtube · \u2068Morning routine\u2069 — score 91" in part.html
    parsed = check_message_text(part.html, "HTML")
    assert [e.type for e in parsed.entities] == ["italic", "bold", "bold"]


def test_table_is_aligned_monospace_with_numbers_right_aligned() -> None:
    table = Table(("Platform", "Views"), (("youtube", "1200"), ("tiktok", "85")))
    (part,) = render(Reply(blocks=(table,))).parts
    assert part.html == (
        "<pre>Platform  Views\n────────  ─────\nyoutube    1200\ntiktok       85</pre>"
    )
    parsed = check_message_text(part.html, "HTML")
    assert parsed.entities[0].type == "pre"


@pytest.mark.parametrize("title", HOSTILE_TITLES, ids=range(len(HOSTILE_TITLES)))
def test_hostile_titles_render_valid_html_and_keep_their_text(title: str) -> None:
    reply = Reply(
        blocks=(
            Headline(title),
            Paragraph(title),
            BulletList((title, title)),
            ContentRef(7, title, title, title),
            Table(("Title", "Score"), ((title, "88"),)),
        ),
        buttons=(Button(title, Action("why", ("7",))),),
        notice=title,
    )
    rendered = render(reply)
    seen = visible(rendered)  # raises RuleViolation if Telegram would reject a part
    assert squash(title)[:40] in squash(seen)
    assert seen.count("#7") == 1
    keyboard = rendered.parts[-1].keyboard
    assert keyboard is not None
    check_reply_markup(keyboard.to_dict())


def test_many_long_titles_split_on_line_boundaries_within_the_limit() -> None:
    titles = [f"{i:03d} " + "é<&>" * 250 for i in range(40)]  # 1,004 characters each
    reply = Reply(blocks=tuple(ContentRef(i, t, "tiktok") for i, t in enumerate(titles)))
    rendered = render(reply)
    seen = parsed_parts(rendered)
    assert len(seen) == 10  # four ~1,020-character lines fit in 4,096, five do not
    assert all(utf16_len(p.text) <= TEXT_LIMIT for p in seen)
    for parsed in seen:  # each message holds whole lines: every line starts with its number
        assert all(line.startswith("#") for line in parsed.text.split("\n"))
    assert squash("".join(p.text for p in seen)) == squash(
        "".join(f"#{i}tiktok·{t}" for i, t in enumerate(titles))
    )


def test_an_over_long_line_is_hard_wrapped_without_losing_a_character() -> None:
    line = "👩‍👩‍👧" + "x" * 9000 + "😀" * 3000
    messages = render_html(Reply(blocks=(Paragraph(line),)))
    texts = [check_message_text(m, "HTML").text for m in messages]
    assert len(texts) == 4
    assert "".join(texts) == line
    assert all(utf16_len(t) <= TEXT_LIMIT for t in texts)


def test_a_long_bold_headline_wraps_at_spaces_and_stays_bold() -> None:
    headline = " ".join(["word"] * 2000)
    messages = render_html(Reply(blocks=(Headline(headline),)))
    parsed = [check_message_text(m, "HTML") for m in messages]
    assert len(parsed) == 3
    assert all(p.text.startswith("word") and p.text.rstrip().endswith("word") for p in parsed)
    assert all(p.entities[0].type == "bold" for p in parsed)


def test_a_long_table_splits_into_closed_pre_blocks() -> None:
    rows = tuple((f"piece {i} <{'&' * 20}>", str(i)) for i in range(400))
    messages = render_html(Reply(blocks=(Headline("Pieces"), Table(("Title", "N"), rows))))
    assert len(messages) > 1
    for message in messages:
        parsed = check_message_text(message, "HTML")
        assert message.count("<pre>") == message.count("</pre>") == 1
        assert parsed.entities[-1].type == "pre"


def test_a_chart_caption_stays_within_1024_and_the_rest_follows() -> None:
    blocks: tuple[Block, ...] = (
        Headline("Scores"),
        *(Paragraph(f"{i} " + "line " * 40) for i in range(30)),
    )
    reply = Reply(
        blocks=blocks,
        chart=ChartSpec("score_distribution", "Scores"),
        buttons=(Button("More", Action("more")),),
    )
    rendered = render(reply)
    photo, *texts = rendered.parts
    assert photo.kind == "photo" and photo.keyboard is None
    assert all(p.kind == "text" for p in texts) and len(texts) >= 1
    seen = parsed_parts(rendered)
    assert 0 < utf16_len(seen[0].text) <= CAPTION_LIMIT
    assert seen[0].text.startswith("Scores")
    assert rendered.parts[-1].keyboard is not None
    assert squash("".join(p.text for p in seen)) == squash(
        "Scores" + "".join(f"{i} " + "line " * 40 for i in range(30))
    )


def test_a_chart_with_a_short_text_is_one_photo_carrying_the_keyboard() -> None:
    reply = Reply(
        blocks=(Headline("Themes"),),
        chart=ChartSpec("theme_bars", "Themes"),
        buttons=(Button("Back", Action("top")),),
    )
    (photo,) = render(reply).parts
    assert photo.kind == "photo" and photo.html == "<b>Themes</b>" and photo.keyboard


def test_buttons_without_text_still_make_a_sendable_message() -> None:
    (part,) = render(Reply(buttons=(Button("Go", Action("go")),))).parts
    check_message_text(part.html, "HTML")
    assert render(Reply()).parts == ()


def test_edit_in_place_and_chart_pass_through() -> None:
    chart = ChartSpec("plan_progress", "Plan")
    rendered = render(Reply(blocks=(Paragraph("x"),), chart=chart, edit_in_place=True))
    assert rendered.edit_in_place and rendered.chart == chart and rendered.parse_mode == "HTML"


_ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
_BLOCK = st.one_of(
    st.builds(Headline, _ANY_TEXT),
    st.builds(Paragraph, _ANY_TEXT),
    st.builds(BulletList, st.tuples(_ANY_TEXT, _ANY_TEXT)),
    st.builds(ContentRef, st.integers(1, 99999), _ANY_TEXT, _ANY_TEXT, _ANY_TEXT),
    st.builds(Table, st.tuples(_ANY_TEXT), st.tuples(st.tuples(_ANY_TEXT, _ANY_TEXT))),
)


@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(_BLOCK, max_size=30), notice=st.none() | _ANY_TEXT, chart=st.booleans())
def test_any_reply_renders_parts_telegram_accepts(
    blocks: list[Block], notice: str | None, chart: bool
) -> None:
    reply = Reply(
        blocks=tuple(blocks),
        notice=notice,
        chart=ChartSpec("top_bottom", "t") if chart else None,
        buttons=(Button("ok", Action("ok")),),
    )
    rendered = render(reply)
    parsed_parts(rendered)  # raises RuleViolation where Telegram would reject a part
    for part in rendered.parts:
        if part.keyboard is not None:
            check_reply_markup(part.keyboard.to_dict())
