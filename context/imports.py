"""A file sent in chat: imported through the shared import service, answered with its summary."""

from __future__ import annotations

import logging
import uuid

from context import actions
from context.reply import Attachment, BulletList, Button, Headline, Paragraph, Reply
from storage.clock import Clock
from storage.db import Database
from storage.errors import DomainError

logger = logging.getLogger(__name__)


def import_attachment(
    db: Database, clock: Clock, creator_id: uuid.UUID, attachment: Attachment
) -> Reply:
    """Import the file in one transaction; a rejected file changes nothing and says why."""
    from insights.importing import check_size, import_file  # heavy; only when a file arrives

    try:
        check_size(len(attachment.data))
        with db.unit_of_work() as session:
            summary = import_file(
                session, creator_id, attachment.data, attachment.filename, now=clock.now()
            )
    except DomainError as exc:
        return Reply((Headline("Nothing was imported"), Paragraph(str(exc))))
    lines = summary.lines()
    buttons = (Button("What's working now", actions.tab("summary", "all", None), 0),)
    return Reply((Headline(lines[0]), BulletList(tuple(lines[1:]))), buttons)
