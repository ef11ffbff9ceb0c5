"""The nightly full refresh: every creator refreshed from scratch, so drift cannot accumulate.

After writes, ``insights.refresh.refresh_creator`` stores only what changed. Once a night the
scheduler's leader runs ``refresh_all`` (which deletes and rewrites every insight) for every
creator, one unit of work each, so a bug in the incremental path could never leave a creator's
numbers wrong for more than a day, and scores follow time (pieces leaving their provisional
week) even for creators nothing was written to.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from insights.refresh import refresh_all
from storage import Database
from storage.models import Creator

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NightlyReport:
    """How many creators the nightly full refresh refreshed, and how many failed."""

    refreshed: int
    failed: int


def creator_ids(db: Database) -> list[uuid.UUID]:
    """Every creator's id, oldest first."""
    with db.read() as session:
        return list(session.execute(select(Creator.id).order_by(Creator.created_at)).scalars())


def refresh_everyone(
    db: Database, now: Callable[[], datetime], *, keep_going: Callable[[], bool] = lambda: True
) -> NightlyReport:
    """Fully refresh every creator, each in its own unit of work; stops when ``keep_going`` fails.

    ``now`` is read per creator (the run can take a while). One creator's failure is logged
    (type only) and the others still run.
    """
    refreshed = failed = 0
    for creator_id in creator_ids(db):
        if not keep_going():
            break
        try:
            with db.unit_of_work() as session:
                refresh_all(session, creator_id, now())
            refreshed += 1
        except Exception as error:  # one creator must not stop the others
            _log.warning("nightly refresh of a creator failed: %s", type(error).__name__)
            failed += 1
    return NightlyReport(refreshed, failed)
