"""The Monday part of the digest: last week's views against the week before, taken apart.

Once a week, on the creator's Monday, the digest says whether the pieces published last week
got more or fewer views than those of the week before and which part explains it (fewer or more
pieces, or each piece's views; ``insights.figure_change``), with "Why?" for the whole answer. A
week with nothing published on either side says nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from context import actions
from context.reply import Block, Button, Headline, Paragraph

if TYPE_CHECKING:
    from insights.figure_change import FigureChange

MONDAY = 0
TITLE = "Last week against the week before"


def weekly_change(
    session: Session, creator_id: uuid.UUID, local_now: datetime
) -> FigureChange | None:
    """On the creator's Monday, last week's views taken apart (None on other days, or when
    either week published nothing)."""
    if local_now.weekday() != MONDAY:
        return None
    from insights.figure_change import figure_change

    found = figure_change(
        session, creator_id, figure="views", period="last_week", now=local_now.astimezone(UTC)
    )
    if not found.now.reported or not found.before.reported:
        return None
    return found


def weekly_section(found: FigureChange | None) -> list[Block]:
    """The section's blocks: the two weeks' views and the bigger part of the change."""
    if found is None:
        return []
    from context.tools.figure_change import conclusion, total_line

    text = " ".join(filter(None, (total_line(found), conclusion(found))))
    return [Headline(TITLE), Paragraph(text)]


def weekly_button(found: FigureChange | None) -> tuple[Button, ...]:
    """ "Why?" for the whole answer, when the section is shown."""
    if found is None:
        return ()
    return (Button("Why?", actions.change("views", "last_week", None), 1),)
