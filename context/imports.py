"""A file sent in chat: imported through the shared import service, answered with its summary.

A file whose layout is new gets its columns listed and a proposed mapping, confirmed with a
button per platform; a file holding several accounts gets a button per account. Meanwhile the
file waits in the database (one per creator), so the answer works from any process.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from context import actions
from context.reply import Action, Attachment, BulletList, Button, Headline, Paragraph, Reply
from storage.clock import Clock
from storage.db import Database
from storage.errors import DomainError

logger = logging.getLogger(__name__)
IMPORT_AS = "impas"
IMPORT_ACCOUNT = "impacct"
IMPORT_CANCEL = "impno"
IMPORT_ACTIONS = frozenset({IMPORT_AS, IMPORT_ACCOUNT, IMPORT_CANCEL})
MAX_ACCOUNT_BUTTONS = 8
SAVED_AS = "chat"
_PLATFORMS = (("youtube", "YouTube"), ("instagram", "Instagram"), ("tiktok", "TikTok"))
_REQUIRED = ("platform_id", "title", "published_at", "views")


def import_attachment(
    db: Database, clock: Clock, creator_id: uuid.UUID, attachment: Attachment
) -> Reply:
    """Import the file in one transaction; a rejected file changes nothing and says why."""
    from insights.importing import check_size, import_file  # heavy; only when a file arrives
    from insights.importing.problems import SeveralAccounts, UnknownLayout

    try:
        check_size(len(attachment.data))
        with db.unit_of_work() as session:
            summary = import_file(
                session, creator_id, attachment.data, attachment.filename, now=clock.now()
            )
    except UnknownLayout as exc:
        fields: dict[str, Any] = {"mapping": exc.proposal}
        return _wait(db, clock, creator_id, attachment, fields, _proposal(exc))
    except SeveralAccounts as exc:
        names = [name for name, _ in exc.counts[:MAX_ACCOUNT_BUTTONS]]
        return _wait(db, clock, creator_id, attachment, {"accounts": names}, _accounts(exc))
    except DomainError as exc:
        return _refused(exc)
    return _summary_reply(summary.lines())


def answer_import_action(
    db: Database, clock: Clock, creator_id: uuid.UUID, action: Action
) -> Reply:
    """Import (or drop) the file waiting for this creator, as the pressed button says."""
    from insights.importing import import_file
    from insights.importing.parse import ImportOptions
    from insights.importing.pending import drop_pending, take_pending

    try:
        with db.unit_of_work() as session:
            if action.name == IMPORT_CANCEL:
                drop_pending(session, creator_id)
                return Reply((Paragraph("Nothing was imported; the file is forgotten."),))
            pending = take_pending(session, creator_id)
            options, save_as = _options(pending.fields, action, ImportOptions)
            summary = import_file(
                session,
                creator_id,
                pending.data,
                pending.filename,
                now=clock.now(),
                options=options,
                save_mapping_as=save_as,
            )
    except DomainError as exc:
        return _refused(exc)
    return _summary_reply(summary.lines())


def _options(fields: dict[str, Any], action: Action, make: Any) -> tuple[Any, str | None]:
    arg = action.args[0] if action.args else ""
    if action.name == IMPORT_AS:
        return make(mapping=dict(fields.get("mapping") or {}), platform=arg), SAVED_AS
    accounts = list(fields.get("accounts") or [])
    index = int(arg) if arg.isdigit() else -1
    account = accounts[index] if 0 <= index < len(accounts) else None
    if account is None:
        from storage.errors import InvalidInput

        raise InvalidInput("that account is not in the waiting file: send the file again")
    return make(account=account), None


def _wait(
    db: Database,
    clock: Clock,
    creator_id: uuid.UUID,
    attachment: Attachment,
    fields: dict[str, Any],
    reply: Reply,
) -> Reply:
    from insights.importing.pending import keep_pending

    if reply.buttons:
        with db.unit_of_work() as session:
            keep_pending(
                session, creator_id, attachment.filename, attachment.data, fields, clock.now()
            )
    return reply


def _proposal(exc: Any) -> Reply:
    columns = ", ".join(repr(c) for c in exc.columns[:30])
    mapped = [f"{field} ← {column!r}" for field, column in exc.proposal.items()]
    missing = [f for f in _REQUIRED if f not in exc.proposal]
    blocks: list[Any] = [
        Headline("This file's layout is new to me"),
        Paragraph(f"Its columns: {columns}."),
    ]
    if mapped:
        blocks += [Paragraph("My guess at which column is which:"), BulletList(tuple(mapped))]
    if missing:
        blocks.append(
            Paragraph(
                f"I could not find {', '.join(missing)}. Rename those columns (see "
                "`whatsworking import --template`), or import with `--map FIELD=COLUMN`."
            )
        )
        return Reply(tuple(blocks))
    blocks.append(Paragraph("Import it with this mapping? Choose its platform:"))
    buttons = [
        Button(f"Import as {label}", Action(IMPORT_AS, (key,)), 0) for key, label in _PLATFORMS
    ]
    buttons.append(Button("Cancel", Action(IMPORT_CANCEL), 1))
    return Reply(tuple(blocks), tuple(buttons))


def _accounts(exc: Any) -> Reply:
    listed = tuple(f"{name or '(blank)'}: {n:,} rows" for name, n in exc.counts)
    buttons = [
        Button(f"Import {name or '(blank)'}"[:60], Action(IMPORT_ACCOUNT, (str(i),)), i // 2)
        for i, (name, _) in enumerate(exc.counts[:MAX_ACCOUNT_BUTTONS])
    ]
    buttons.append(Button("Cancel", Action(IMPORT_CANCEL), MAX_ACCOUNT_BUTTONS))
    return Reply(
        (
            Headline(f"This file holds {len(exc.counts)} accounts"),
            Paragraph(
                f"Its column {exc.column!r} names several accounts, and one creator's figures "
                "must not mix them. Which one is yours? (Agencies: `whatsworking import FILE "
                "--split` makes one creator per account.)"
            ),
            BulletList(listed),
        ),
        tuple(buttons),
    )


def _refused(exc: DomainError) -> Reply:
    return Reply((Headline("Nothing was imported"), Paragraph(str(exc))))


def _summary_reply(lines: list[str]) -> Reply:
    buttons = (Button("What's working now", actions.tab("summary", "all", None), 0),)
    return Reply((Headline(lines[0]), BulletList(tuple(lines[1:]))), buttons)
