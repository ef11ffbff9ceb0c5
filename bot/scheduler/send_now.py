"""Send a creator's digest now, outside the schedule (`whatsworking digest --send`).

An operator's explicit request: it is not claimed in the delivery log (the day's scheduled
digest still goes out), but it moves last_digest_at like a scheduled one, so the next digest
covers only what came after it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from bot.scheduler.dispatch import ChartRenderer
from context.scheduled.delivery.compose import digest_now, digest_sent
from context.scheduled.delivery.notify import Notifier, load_recipients
from context.scheduled.digest import Digest
from storage import Database
from storage.clock import Clock
from storage.errors import InvalidInput


@dataclass(frozen=True)
class SentNow:
    """Where the digest went, and what it was."""

    recipients: list[str]
    digest: Digest


async def send_digest_now(
    db: Database,
    creator_id: uuid.UUID,
    notifiers: Sequence[Notifier],
    *,
    clock: Clock,
    chart_renderer: ChartRenderer,
) -> SentNow:
    """Compose the digest and send it to every linked account with a notifier."""
    by_channel = {n.channel: n for n in notifiers}
    with db.read() as session:
        found = load_recipients(session, [creator_id], list(by_channel)).get(creator_id, [])
    if not found:
        channels = ", ".join(by_channel) or "none configured"
        raise InvalidInput(f"this creator has no linked chat account to send to ({channels})")
    digest = await asyncio.to_thread(digest_now, db, creator_id, clock.now())
    chart = digest.reply.chart
    png = await asyncio.to_thread(chart_renderer, chart) if chart is not None else None
    for recipient in found:
        await by_channel[recipient.channel].send(recipient, digest.reply, png)
    await asyncio.to_thread(digest_sent, db, creator_id, digest)
    return SentNow([r.key for r in found], digest)
