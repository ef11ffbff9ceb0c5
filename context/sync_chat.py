"""/connect, /sync and the Reconnect button: platform connections from chat.

``/connect`` answers with a button to the platform's consent page (the edge's ``Connector`` makes
the address: a single-use state bound to this creator, PKCE); the platform redirects to the
HTTP app's callback, which stores the tokens. ``/sync`` asks for a sync within a minute instead
of running it in the turn (a full sync can take minutes).
"""

from __future__ import annotations

import uuid
from typing import Protocol

from context.reply import Action, Button, ChatRequest, Headline, Paragraph, Reply
from context.sync_views import ACTION_CONNECT, NAMES
from storage import Database
from storage.clock import Clock
from storage.connections import request_sync

PLATFORMS = ("youtube", "instagram", "tiktok")
NOT_SET_UP = (
    "Connecting {name} is not set up on this bot yet (its operator needs {needs}, "
    "WHATSWORKING_SECRET_KEY and WHATSWORKING_PUBLIC_URL; docs/SYNC.md)."
)
NEEDS = {
    "youtube": "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET",
    "instagram": "INSTAGRAM_CLIENT_ID, INSTAGRAM_CLIENT_SECRET",
    "tiktok": "TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET",
}
WHAT_IT_READS = {
    "youtube": "sign in with Google and allow read-only access to your channel and its analytics",
    "instagram": "sign in to your Instagram professional account and allow reading your posts "
    "and their insights",
    "tiktok": "sign in to TikTok and allow reading your profile and your public videos",
}


class Connector(Protocol):
    """What the edge provides: the consent-page address of a new, creator-bound flow."""

    @property
    def platforms(self) -> tuple[str, ...]:
        """The platforms this deployment can connect."""
        ...

    def consent_url(self, creator_id: uuid.UUID, platform: str) -> str:
        """A fresh address (its state is stored, single-use)."""
        ...


def sync_turn(
    db: Database,
    clock: Clock,
    connector: Connector | None,
    creator_id: uuid.UUID,
    request: ChatRequest,
) -> Reply | None:
    """The reply to /connect, /sync or a Reconnect button; None for anything else."""
    if request.action is not None and request.action.name == ACTION_CONNECT:
        return _connect(connector, creator_id, request.action.args[:1])
    head, _, rest = (request.text or "").strip().partition(" ")
    name = head.split("@", 1)[0].lower()
    if name == "/connect":
        return _connect(connector, creator_id, tuple(rest.split()[:1]))
    if name == "/sync":
        return _sync(db, clock, creator_id)
    return None


def _connect(connector: Connector | None, creator_id: uuid.UUID, args: tuple[str, ...]) -> Reply:
    if not args and connector is not None and len(connector.platforms) > 1:
        return _offer(connector, creator_id)
    platform = (args[0] if args else "youtube").lower()
    if connector is not None and not args:
        platform = connector.platforms[0]
    if platform not in PLATFORMS:
        return Reply(
            blocks=(Paragraph(f"I can connect: {', '.join(NAMES[p] for p in PLATFORMS)}."),)
        )
    name = NAMES[platform]
    if connector is None or platform not in connector.platforms:
        return Reply(blocks=(Paragraph(NOT_SET_UP.format(name=name, needs=NEEDS[platform])),))
    return Reply(
        blocks=(
            Headline(f"Connect {name}"),
            Paragraph(
                f"Press the button, {WHAT_IT_READS[platform]}. The link works once, for ten "
                f"minutes. Your {name} numbers then stay current by themselves."
            ),
        ),
        buttons=(_button(connector, creator_id, platform),),
    )


def _offer(connector: Connector, creator_id: uuid.UUID) -> Reply:
    """One button per platform this deployment can connect."""
    names = ", ".join(NAMES[p] for p in connector.platforms)
    return Reply(
        blocks=(
            Headline("Connect a platform"),
            Paragraph(
                f"Pick one ({names}); read-only access, each link works once, for ten minutes. "
                "Your numbers then stay current by themselves."
            ),
        ),
        buttons=tuple(_button(connector, creator_id, p) for p in connector.platforms),
    )


def _button(connector: Connector, creator_id: uuid.UUID, platform: str) -> Button:
    url = connector.consent_url(creator_id, platform)
    return Button(f"Connect {NAMES[platform]}", Action(ACTION_CONNECT, (platform,)), url=url)


def _sync(db: Database, clock: Clock, creator_id: uuid.UUID) -> Reply:
    with db.unit_of_work() as session:
        count = request_sync(session, creator_id, now=clock.now())
    if not count:
        return Reply(blocks=(Paragraph("Nothing is connected yet: /connect to add a platform."),))
    return Reply(blocks=(Paragraph("Syncing now: fresh numbers in a minute or two."),))
