"""The neutral reply model."""

from __future__ import annotations

import pytest

from context.reply import Action, BulletList, ContentRef, Headline, Reply, Table, text_reply


@pytest.mark.parametrize(
    "action",
    [Action("top"), Action("why", ("12",)), Action("tab", ("attention", "30d", "all"))],
)
def test_actions_round_trip_and_stay_small(action: Action) -> None:
    encoded = action.encode()
    assert Action.decode(encoded) == action
    assert len(encoded.encode()) < 64


def test_plain_text_covers_every_block() -> None:
    reply = Reply(
        blocks=(
            Headline("Top"),
            BulletList(("a", "b")),
            Table(("x", "y"), (("1", "2"),)),
            ContentRef(3, "My <b> video", "youtube", "score 91"),
        ),
        notice="AI unavailable",
    )
    text = reply.plain_text()
    assert text.splitlines() == [
        "AI unavailable",
        "Top",
        "• a",
        "• b",
        "x | y",
        "1 | 2",
        "#3 [youtube] My <b> video — score 91",
    ]


def test_text_reply() -> None:
    assert text_reply("hi", headline="H").plain_text() == "H\nhi"
