"""The posting line of the digest: today's stretch of the creator's best posting window.

A digest goes out in the morning of the creator's day, before most of them post: when their
best window (a stored timing pattern) opens later today, or is open now, the digest says when.
On a day the window does not open it says nothing, as a digest that nags every day goes unread.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from context.tools.posting_now import clock, until, window_of
from insights.posting_moment import open_at, opening_on


def window_today(session: Session, creator_id: uuid.UUID, local_now: datetime) -> str | None:
    """'Posting today? Your best window runs 14:00-19:00.', or None when it does not open today
    or no window stands out."""
    from insights.views import posting_windows

    best = window_of(posting_windows(session, creator_id).best)
    if best is None:
        return None
    running = open_at(best, local_now)
    if running is not None:
        return f"Posting today? You are in your best window now, {until(running, local_now)}."
    opening = opening_on(best, local_now.date(), local_now)
    if opening is None or opening.start <= local_now:
        return None
    return f"Posting today? Your best window runs {clock(opening.start)}-{clock(opening.end)}."
