"""The Telegram rules oracle itself: it must accept what Telegram accepts and reject the rest."""

from __future__ import annotations

import pytest

from tests.support.fakes.telegram_rules import (
    RuleViolation,
    check_caption,
    check_commands,
    check_message_text,
    check_reply_markup,
    parse_html,
)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("<b>bold</b> <strong>s</strong> <i>i</i><em>e</em><u>u</u><ins>n</ins>", "bold s ieun"),
        ("<s>a</s><strike>b</strike><del>c</del>", "abc"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<a href="https://e.com/?a=1&amp;b=2">link</a>', "link"),
        ("<code>a &lt; b</code>", "a < b"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>q <b>b</b></blockquote>", "q b"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&lt;&gt;&amp;&quot;&#39;&#x1F600;", "<>&\"'😀"),
        ("<b>bold <i>italic <u>under</u></i></b>", "bold italic under"),
        ('<B>upper</B> "quotes" ok', 'upper "quotes" ok'),
    ],
)
def test_accepts_what_telegram_accepts(source: str, text: str) -> None:
    assert parse_html(source).text == text


def test_entities_are_counted_in_utf16_units() -> None:
    parsed = parse_html("😀 <b>x</b>")
    assert [(e.type, e.offset, e.length) for e in parsed.entities] == [("bold", 3, 1)]
    pre = parse_html('<pre><code class="language-go">go</code></pre>').entities[0]
    assert (pre.type, pre.language) == ("pre", "go")


@pytest.mark.parametrize(
    ("source", "complaint"),
    [
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("é<p>x</p>", 'Unsupported start tag "p" at byte offset 2'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("x</b>", 'Unexpected end tag "b"'),
        ("fish & chips", "unsupported HTML entity"),
        ("&nbsp;", "unsupported HTML entity"),
        ("a > b", "unescaped '>'"),
        ("a < b", "unexpected '<'"),
        ("<b", "Unclosed start tag"),
        ("<pre><b>x</b></pre>", "nested in pre or code"),
        ("<code><i>x</i></code>", "nested in pre or code"),
        ('<a href="x"><a href="y">z</a></a>', "can't be inside a"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested"),
        ("<span>x</span>", "missing attribute"),
        ('<span class="red">x</span>', 'must have class "tg-spoiler"'),
        ("<a>x</a>", "missing attribute"),
        ('<b class="x">x</b>', "unsupported attribute"),
        ('<code class="language-py">x</code>', "a language needs <pre><code>"),
        ("&#xD800;", "invalid character reference"),
    ],
)
def test_rejects_with_telegrams_description(source: str, complaint: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_html(source)
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert complaint in caught.value.description


def test_length_limits_count_text_after_entity_parsing() -> None:
    check_message_text("&amp;" * 4096, "HTML")  # 20,480 characters of HTML, 4,096 of text
    with pytest.raises(RuleViolation, match="message is too long"):
        check_message_text("&amp;" * 4097, "HTML")
    with pytest.raises(RuleViolation, match="message is too long"):
        check_message_text("😀" * 2049, None)  # 4,098 UTF-16 units
    with pytest.raises(RuleViolation, match="message text is empty"):
        check_message_text("<b> </b>", "HTML")
    assert check_caption("x" * 1024, None) is not None
    with pytest.raises(RuleViolation, match="caption is too long"):
        check_caption("x" * 1025, None)
    with pytest.raises(RuleViolation, match="parse_mode"):
        check_message_text("*x*", "MarkdownV2")


def _keyboard(*rows: list[dict[str, str]]) -> dict[str, object]:
    return {"inline_keyboard": list(rows)}


def test_reply_markup_limits() -> None:
    check_reply_markup(_keyboard([{"text": "a", "callback_data": "x" * 64}]))
    bad = [
        (_keyboard([{"text": "a", "callback_data": "x" * 65}]), "BUTTON_DATA_INVALID"),
        (_keyboard([{"text": "a", "callback_data": "é" * 33}]), "BUTTON_DATA_INVALID"),
        (_keyboard([{"text": "a"}]), "text buttons are unallowed"),
        (_keyboard([{"text": "", "callback_data": "x"}]), "Text must be non-empty"),
        (_keyboard([{"text": "a", "callback_data": "x"}] * 9), "too many buttons in a row"),
        (_keyboard(*[[{"text": "a", "callback_data": "x"}]] * 101), "reply markup is too long"),
        (_keyboard([{"text": "a", "url": "javascript:x"}]), "BUTTON_URL_INVALID"),
    ]
    for markup, complaint in bad:
        with pytest.raises(RuleViolation, match=complaint):
            check_reply_markup(markup)


def test_command_rules() -> None:
    check_commands([{"command": "top", "description": "Your best pieces"}])
    for bad in ([{"command": "Top", "description": "x"}], [{"command": "x", "description": ""}]):
        with pytest.raises(RuleViolation):
            check_commands(bad)
