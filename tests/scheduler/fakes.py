"""A notifier that records what it was asked to send, and can fail or crash on request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from context.reply import Reply
from context.scheduled.delivery.notify import DeliveryRejected, Recipient
from tests.support.telegram_samples import tiny_png


class SimulatedCrash(BaseException):
    """The process dying mid-tick (not an Exception, so nothing catches it as a failure)."""


@dataclass
class Sent:
    """One message as the notifier saw it."""

    recipient: Recipient
    reply: Reply
    chart_png: bytes | None

    @property
    def text(self) -> str:
        """The reply's plain text."""
        return self.reply.plain_text()


@dataclass
class RecordingNotifier:
    """A Telegram-channel notifier that keeps every send in memory."""

    channel: str = "telegram"
    sent: list[Sent] = field(default_factory=list)
    fail_next: int = 0
    reject_next: int = 0
    crash_next: int = 0
    calls: int = 0

    async def send(self, recipient: Recipient, reply: Reply, chart_png: bytes | None) -> None:
        """Record the send, unless told to fail, reject or crash first."""
        self.calls += 1
        if self.crash_next:
            self.crash_next -= 1
            raise SimulatedCrash
        if self.reject_next:
            self.reject_next -= 1
            raise DeliveryRejected("Telegram refused: bot was blocked by the user")
        if self.fail_next:
            self.fail_next -= 1
            raise ConnectionError("the chat service did not answer")
        self.sent.append(Sent(recipient, reply, chart_png))

    def to(self, creator_id: uuid.UUID) -> list[Sent]:
        """What reached one creator."""
        return [s for s in self.sent if s.recipient.creator_id == creator_id]


def fake_chart(_spec: object) -> bytes:
    """A tiny valid PNG instead of a matplotlib drawing."""
    return tiny_png()
