"""Rendering a Reply for Discord: escaping, limits, splitting, buttons and signed custom ids."""

from __future__ import annotations

import re

import pytest

from bot.chat.text import clean_text, one_line
from bot.discord.buttons import (
    MAX_BUTTONS,
    build_view,
    button_secret,
    layout_buttons,
    sign_custom_id,
    verify_custom_id,
)
from bot.discord.render import CHART_FILENAME, render_reply
from context.reply import (
    Action,
    BulletList,
    Button,
    ChartSpec,
    ContentRef,
    Headline,
    Paragraph,
    Reply,
    Table,
)
from tests.discord.doubles import Call
from tests.discord.hostile import HOSTILE_TITLES, unescape
from tests.discord.limits import embed_problems, view_problems

SECRET = b"render-secret"
KEY = "creator-a"


def hostile_reply(title: str) -> Reply:
    """Every block kind carrying the title."""
    return Reply(
        blocks=(
            Headline(title),
            Paragraph(title),
            BulletList((title, f"second {title}")),
            ContentRef(12, title, "youtube", detail=title),
            ContentRef(13, title, "tiktok"),
            Table(("theme", "pieces"), ((title, "3"), ("Tips", "12"))),
            Headline(f"Why {title} worked"),
            Paragraph(title),
        ),
        buttons=(Button(title, Action("why", ("12",))),),
        notice=title,
    )


def messages_problems(reply: Reply) -> list[str]:
    rendered = render_reply(reply, KEY, SECRET)
    return [p for m in rendered.messages for p in embed_problems(m.embeds)]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_within_every_limit(title: str) -> None:
    assert messages_problems(hostile_reply(title)) == []


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_creator_text_is_literal_and_pings_nobody(title: str) -> None:
    rendered = render_reply(Reply(blocks=(ContentRef(7, title, "youtube"),)), KEY, SECRET)
    description = rendered.messages[0].embeds[0].description or ""
    assert "@everyone" not in description and "@here" not in description
    assert "<@" not in description.replace("<\u200b@", "")
    assert one_line(title) in unescape(description)


def test_markdown_in_a_title_is_escaped_not_applied() -> None:
    rendered = render_reply(Reply(blocks=(Paragraph("My **best** _video_ ||x||"),)), KEY, SECRET)
    description = rendered.messages[0].embeds[0].description
    assert description == r"My \*\*best\*\* \_video\_ \|\|x\|\|"


def test_a_long_headline_is_cut_in_the_title_and_kept_whole_below() -> None:
    headline = "Why " + "long words " * 100
    embed = render_reply(Reply(blocks=(Headline(headline),)), KEY, SECRET).messages[0].embeds[0]
    assert embed.title is not None and len(embed.title) <= 256 and embed.title.endswith("…")
    assert one_line(headline) in unescape((embed.description or "").replace("**", ""))


def test_a_huge_reply_is_split_across_embeds_and_messages_losing_nothing() -> None:
    refs = tuple(ContentRef(n, HOSTILE_TITLES[n % 4] + " x" * 400, "youtube") for n in range(1, 61))
    reply = Reply(
        blocks=(Headline("All your pieces"), *refs), buttons=(Button("Top", Action("tab")),)
    )
    rendered = render_reply(reply, KEY, SECRET)
    assert len(rendered.messages) > 1
    for message in rendered.messages:
        assert embed_problems(message.embeds) == []
    assert [m.rows != () for m in rendered.messages] == [False] * (len(rendered.messages) - 1) + [
        True
    ]
    text = "\n".join(e.description or "" for m in rendered.messages for e in m.embeds)
    numbers = [int(n) for n in re.findall(r"\*\*\\?#(\d+)\*\*", text)]
    assert numbers == list(range(1, 61))


def test_an_endless_paragraph_is_hard_wrapped() -> None:
    reply = Reply(blocks=(Paragraph("🙂" * 9000),))
    rendered = render_reply(reply, KEY, SECRET)
    embeds = [e for m in rendered.messages for e in m.embeds]
    assert len(embeds) >= 5
    assert "".join(e.description or "" for e in embeds) == "🙂" * 9000
    assert all(embed_problems(m.embeds) == [] for m in rendered.messages)


def test_tables_are_code_blocks_closed_in_every_embed() -> None:
    rows = tuple((f"theme `{n}` **x**", str(n)) for n in range(400))
    rendered = render_reply(Reply(blocks=(Table(("theme", "pieces"), rows),)), KEY, SECRET)
    embeds = [e for m in rendered.messages for e in m.embeds]
    assert len(embeds) > 1
    for embed in embeds:
        description = embed.description or ""
        assert description.startswith("```") and description.endswith("```")
        assert description.count("```") == 2  # backticks in cells cannot close the block


def test_a_chart_is_the_first_embeds_image() -> None:
    reply = Reply(blocks=(Headline("Themes"),), chart=ChartSpec("theme_bars", "Themes"))
    with_chart = render_reply(reply, KEY, SECRET, chart_attached=True)
    assert with_chart.messages[0].embeds[0].image.url == f"attachment://{CHART_FILENAME}"
    without = render_reply(reply, KEY, SECRET, chart_attached=False)
    assert without.messages[0].embeds[0].image.url is None and without.chart is None


def test_an_empty_reply_still_shows_something() -> None:
    rendered = render_reply(Reply(buttons=(Button("Go", Action("help")),)), KEY, SECRET)
    assert rendered.messages[0].embeds[0].description == "…"
    assert embed_problems(rendered.messages[0].embeds) == []


def test_cleaning_drops_what_discord_refuses() -> None:
    assert clean_text("a\ud800b\x00c\r\nd") == "a\ufffdbc\nd"


def test_many_buttons_fit_five_rows_of_five() -> None:
    buttons = tuple(
        Button(f"☐ {n}.1 item", Action("toggle", (f"{n}.1",)), row=n) for n in range(40)
    )
    rows = layout_buttons(buttons, KEY, SECRET)
    assert len(rows) == 5 and all(len(r) == 5 for r in rows)
    assert sum(len(r) for r in rows) == MAX_BUTTONS
    assert rows[0][0].label == "☐ 0.1 item"


def test_logical_rows_are_kept_when_they_fit() -> None:
    buttons = (
        Button("• Overview", Action("tab", ("summary", "30d", "all")), row=0),
        Button("Top", Action("tab", ("top", "30d", "all")), row=0),
        Button("• 30 days", Action("tab", ("summary", "30d", "all")), row=1),
        Button("☑ 1.1 Film", Action("toggle", ("1.1",)), row=7),
    )
    rows = layout_buttons(buttons, KEY, SECRET)
    assert [[b.label for b in row] for row in rows] == [
        ["Overview", "Top"],
        ["30 days"],
        ["☑ 1.1 Film"],
    ]
    assert [b.style.name for row in rows for b in row] == [
        "primary",
        "secondary",
        "primary",
        "success",
    ]
    ids = [b.custom_id for row in rows for b in row]
    assert len(set(ids)) == len(ids)  # the same action twice still has two ids
    assert all(
        verify_custom_id(i, KEY, SECRET) == b.action for i, b in zip(ids, buttons, strict=True)
    )


def test_custom_ids_are_bound_to_the_creator_and_the_secret() -> None:
    action = Action("why", ("12",))
    custom_id = sign_custom_id(action, 3, KEY, SECRET)
    assert len(custom_id) <= 100 and verify_custom_id(custom_id, KEY, SECRET) == action
    assert verify_custom_id(custom_id, "creator-b", SECRET) is None
    assert verify_custom_id(custom_id, KEY, b"other") is None
    assert verify_custom_id(custom_id.replace("why:12", "why:13"), KEY, SECRET) is None
    assert verify_custom_id(custom_id.replace("ww:3:", "ww:4:"), KEY, SECRET) == action
    for garbage in ("", "ww:", "ww:1:", "ww:x:why|abc", "why:12", "ww:1:|" + "A" * 16):
        assert verify_custom_id(garbage, KEY, SECRET) is None


def test_an_action_too_long_for_a_custom_id_is_refused() -> None:
    with pytest.raises(ValueError, match="custom id"):
        sign_custom_id(Action("tz", ("x" * 90,)), 0, KEY, SECRET)


def test_the_secret_comes_from_the_setting_or_the_token() -> None:
    assert button_secret("token", "configured-secret") == b"configured-secret"
    derived = button_secret("token")
    assert derived != b"token" and derived == button_secret("token", None)
    assert derived != button_secret("other-token")


async def test_views_hold_only_signed_buttons_within_limits() -> None:
    buttons = tuple(Button("x" * 200, Action("piece", (str(n),)), row=n // 3) for n in range(12))
    view = build_view(layout_buttons(buttons, KEY, SECRET))
    assert view is not None and view.timeout is None and view.is_persistent()
    assert view_problems(view) == []
    assert build_view(()) is None
    call = Call("send_message", {"view": view})
    assert len(call.buttons) == 12 and len(call.buttons[0].item.label or "") == 80
