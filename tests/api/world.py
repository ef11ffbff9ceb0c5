"""The API tests' world: two creators, each with simulated pieces, one plan and an API token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from plans import ItemSpec, create_plan
from simulator import enable_demo
from storage import Database
from storage.api_tokens import issue_token

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


@dataclass(frozen=True)
class Account:
    """One creator as the API sees it: its token, and the ids of its things."""

    handle: str
    creator_id: uuid.UUID
    token: str
    plan_id: uuid.UUID
    plan_number: int
    item_ids: tuple[uuid.UUID, ...]

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header of this creator's requests."""
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class World:
    """Both creators."""

    mia: Account
    bo: Account


def populate(db: Database) -> World:
    """Give mia (Berlin) 60 and bo (New York) 40 demo pieces, a plan and a token each."""
    with db.unit_of_work() as session:
        mia = _account(session, "mia", "Europe/Berlin", pieces=60, seed=7)
        bo = _account(session, "bo", "America/New_York", pieces=40, seed=11)
    return World(mia=mia, bo=bo)


def _account(session: Session, handle: str, timezone: str, *, pieces: int, seed: int) -> Account:
    demo = enable_demo(
        session,
        handle=handle,
        niche="tech_reviews",
        profile="auto",
        pieces=pieces,
        seed=seed,
        now=NOW,
        timezone=timezone,
    )
    items = [
        ItemSpec("Film the intro", due_date=NOW + timedelta(days=2), due_time_known=True),
        ItemSpec("Post on Thursday", due_date=NOW + timedelta(days=8), estimated_hours=1.5),
    ]
    plan = create_plan(
        session,
        demo.creator_id,
        name=f"{handle}'s growth plan",
        goal="More views on tutorials",
        items=items,
        now=NOW,
    )
    token = issue_token(session, demo.creator_id, now=NOW).token
    item_ids = tuple(item.id for item in plan.items)
    return Account(handle, demo.creator_id, token, plan.id, plan.number, item_ids)
