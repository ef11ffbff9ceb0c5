"""Buttons that delete carry the minute they were given, and stop working after a few minutes.

The stamp rides in the action's arguments, which every front-end signs for the creator, so it
cannot be forged; it is read against the injected clock, like every other time the domain reads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DANGER_TTL = timedelta(minutes=10)
EXPIRED = (
    "This confirmation has expired (buttons that delete work for {minutes} minutes), so nothing "
    "was deleted. Ask again if you still want to."
)


def stamp(now: datetime) -> str:
    """The minute ``now`` falls in, in base 36 (five characters: callback data is short)."""
    return _base36(int(now.timestamp() // 60))


def expired(token: str, now: datetime, ttl: timedelta = DANGER_TTL) -> bool:
    """Whether a button stamped ``token`` is older than ``ttl`` (or its stamp is unreadable)."""
    try:
        given = datetime.fromtimestamp(int(token, 36) * 60, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return True
    return not timedelta(0) <= now - given <= ttl + timedelta(minutes=1)


def expired_text(ttl: timedelta = DANGER_TTL) -> str:
    """What a creator reads when pressing an expired dangerous button."""
    return EXPIRED.format(minutes=int(ttl.total_seconds() // 60))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text
