"""Exactly-once delivery: claims, crashes between claim and send, retries, missed messages."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.scheduler import Dispatcher, SchedulerConfig
from context.scheduled.delivery.claims import MISSED, NO_LONGER_DUE
from context.scheduled.delivery.ledger import INTERRUPTED
from plans import complete_item
from storage import Database
from storage.clock import FixedClock
from storage.models import Creator, Delivery
from tests.scheduler.fakes import RecordingNotifier, SimulatedCrash, fake_chart
from tests.scheduler.helpers import NOW, add_plan, new_creator, set_creator
from tests.support.telegram_samples import tiny_png

BERLIN = ZoneInfo("Europe/Berlin")
DUE_AT = datetime(2026, 11, 26, 15, 0, tzinfo=BERLIN)


def dispatcher(
    db: Database, notifier: RecordingNotifier, clock: FixedClock, **config: object
) -> Dispatcher:
    settings = SchedulerConfig(**config)  # type: ignore[arg-type]
    return Dispatcher(db, [notifier], clock, settings, chart_renderer=fake_chart)


def rows(db: Database, subject: str = ":due>") -> list[Delivery]:
    """Logged rows whose subject contains ``subject`` (default: due-time reminders)."""
    with db.unit_of_work() as session:  # commits, so the rows stay readable afterwards
        found = session.scalars(select(Delivery).order_by(Delivery.scheduled_for))
        return [r for r in found if subject in r.subject]


def creator_with_item(
    db: Database, handle: str = "mia", chat: int = 4242, *, digest: bool = False
) -> uuid.UUID:
    """A creator linked to a Telegram chat, with one item due Thursday 15:00 (Berlin)."""
    creator = new_creator(db, handle, telegram=chat)
    set_creator(db, creator, digest_enabled=digest)
    add_plan(db, creator, ["Film intro|2026-11-26T15:00"], now=NOW - timedelta(days=3))
    return creator


def at(moment: datetime) -> FixedClock:
    return FixedClock(moment.astimezone(ZoneInfo("UTC")))


async def test_a_due_reminder_is_sent_once_however_often_the_tick_runs(db: Database) -> None:
    mia = creator_with_item(db)
    notifier, clock = RecordingNotifier(), at(DUE_AT + timedelta(seconds=20))
    worker = dispatcher(db, notifier, clock)
    first = await worker.tick()
    assert first.claimed == first.sent == 1
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        assert (await worker.tick()).claimed == 0
    (sent,) = notifier.to(mia)
    assert sent.recipient.key == "telegram:4242" and "Due now" in sent.text
    assert [b.action.encode() for b in sent.reply.buttons] == [
        "done:1.1",
        "snooze:1.1,1d",
        "plan:1",
    ]
    (row,) = rows(db)
    assert (row.status, row.attempts, row.kind) == ("sent", 1, "reminder")
    assert row.subject.endswith(":due>telegram:4242") and row.sent_at == clock.now() - timedelta(
        minutes=3
    )


async def test_a_crash_between_claim_and_send_is_retried_once_on_restart(db: Database) -> None:
    creator_with_item(db)
    notifier, clock = RecordingNotifier(crash_next=1), at(DUE_AT)
    with pytest.raises(SimulatedCrash):
        await dispatcher(db, notifier, clock).tick()
    assert [r.status for r in rows(db)] == ["claimed"] and notifier.sent == []
    clock.advance(timedelta(minutes=3))  # the restart: a new worker, the claim now stale
    restarted = dispatcher(db, notifier, clock)
    report = await restarted.tick(catch_up=True)
    assert (report.recovered, report.retries, report.sent) == (1, 1, 1)
    clock.advance(timedelta(minutes=5))
    assert (await restarted.tick()).claimed == 0
    assert len(notifier.sent) == 1
    (row,) = rows(db)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_a_second_crash_on_the_same_message_gives_it_up(db: Database) -> None:
    creator_with_item(db)
    notifier, clock = RecordingNotifier(crash_next=2), at(DUE_AT)
    for _ in range(2):
        with pytest.raises(SimulatedCrash):
            await dispatcher(db, notifier, clock).tick(catch_up=True)
        clock.advance(timedelta(minutes=3))
    await dispatcher(db, notifier, clock).tick(catch_up=True)
    (row,) = rows(db)
    assert row.status == "failed" and row.next_attempt_at is None
    assert row.last_error == f"{INTERRUPTED} twice; given up" and notifier.sent == []


async def test_failed_sends_are_retried_with_backoff_and_recorded(db: Database) -> None:
    creator_with_item(db)
    notifier, clock = RecordingNotifier(fail_next=2), at(DUE_AT)
    worker = dispatcher(db, notifier, clock)
    assert (await worker.tick()).failed == 1
    (row,) = rows(db)
    assert (row.status, row.attempts, row.next_attempt_at) == (
        "failed",
        1,
        clock.now() + timedelta(minutes=1),
    )
    assert row.last_error == "ConnectionError: the chat service did not answer"
    clock.advance(timedelta(seconds=30))
    assert (await worker.tick()).claimed == 0  # not yet
    clock.advance(timedelta(seconds=30))
    assert (await worker.tick()).failed == 1
    assert rows(db)[0].next_attempt_at == clock.now() + timedelta(minutes=5)
    clock.advance(timedelta(minutes=5))
    assert (await worker.tick()).sent == 1
    (row,) = rows(db)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert len(notifier.sent) == 1


async def test_attempts_run_out_and_a_refusal_is_never_retried(db: Database) -> None:
    creator_with_item(db, "mia", chat=1)
    creator_with_item(db, "bo", chat=2)
    notifier, clock = RecordingNotifier(reject_next=1, fail_next=5), at(DUE_AT)
    worker = dispatcher(db, notifier, clock, max_attempts=2)
    await worker.tick()
    clock.advance(timedelta(minutes=2))
    await worker.tick()
    clock.advance(timedelta(hours=2))
    assert (await worker.tick()).claimed == 0
    refused, exhausted = sorted(rows(db), key=lambda r: r.attempts)
    assert (refused.status, refused.attempts, refused.next_attempt_at) == ("failed", 1, None)
    assert refused.last_error is not None and "blocked" in refused.last_error
    assert (exhausted.status, exhausted.attempts, exhausted.next_attempt_at) == ("failed", 2, None)
    assert notifier.calls == 3 and notifier.sent == []


async def test_completing_an_item_before_its_retry_cancels_the_retry(db: Database) -> None:
    mia = creator_with_item(db)
    notifier, clock = RecordingNotifier(fail_next=1), at(DUE_AT)
    worker = dispatcher(db, notifier, clock)
    await worker.tick()
    with db.unit_of_work() as session:
        complete_item(session, mia, "1.1", now=clock.now())
    clock.advance(timedelta(minutes=2))
    await worker.tick()
    (row,) = rows(db)
    assert (row.status, row.last_error) == ("skipped", NO_LONGER_DUE) and notifier.sent == []


async def test_on_restart_recent_misses_are_sent_late_once_and_older_ones_skipped(
    db: Database,
) -> None:
    mia = creator_with_item(db, digest=True)
    notifier = RecordingNotifier()
    # Down since Tuesday; back on Thursday at 11:00, two hours after Thursday's digest.
    clock = at(datetime(2026, 11, 26, 11, 0, tzinfo=BERLIN))
    worker = dispatcher(db, notifier, clock)
    report = await worker.tick(catch_up=True)
    by_subject = {r.subject.split(">")[0]: r for r in rows(db, "")}
    assert by_subject["daily:2026-11-26"].status == "sent"
    for old in ("daily:2026-11-24", "daily:2026-11-25"):
        assert (by_subject[old].status, by_subject[old].last_error) == ("skipped", MISSED)
    before = next(r for s, r in by_subject.items() if s.endswith(":before"))
    assert before.status == "skipped" and report.sent == 1
    assert [s.text.splitlines()[0] for s in notifier.to(mia)] == ["Your daily digest — Thu 26 Nov"]
    clock.advance(timedelta(minutes=1))
    assert (await worker.tick(catch_up=True)).claimed == 0


async def test_an_empty_digest_is_skipped_and_a_sent_one_moves_last_digest_at(db: Database) -> None:
    quiet = new_creator(db, "quiet", telegram=7)
    busy = creator_with_item(db, "busy", chat=8, digest=True)
    notifier, clock = RecordingNotifier(), at(datetime(2026, 11, 26, 9, 0, 5, tzinfo=BERLIN))
    await dispatcher(db, notifier, clock).tick()
    statuses = {r.creator_id: (r.status, r.last_error) for r in rows(db, "daily:")}
    assert statuses[quiet] == ("skipped", "nothing new and nothing due: no digest today")
    assert statuses[busy] == ("sent", None)
    (digest,) = notifier.to(busy)
    # No piece was scored this week, so the chart is the plan's progress, drawn and attached.
    assert digest.reply.chart is not None and digest.reply.chart.kind == "plan_progress"
    assert digest.reply.chart.data["plans"] == ["Plan 1: Plan"]
    assert digest.chart_png == tiny_png()
    with db.unit_of_work() as session:
        moved = {c.id: c.last_digest_at for c in session.scalars(select(Creator))}
    assert moved[busy] == clock.now() and moved[quiet] is None


async def test_every_linked_account_gets_the_message_and_retries_are_per_account(
    db: Database,
) -> None:
    from storage.creators import get_creator, link_identity

    mia = creator_with_item(db, chat=1001)
    with db.unit_of_work() as session:
        link_identity(
            session, get_creator(session, mia), "telegram", "1002", chat_id="1002", now=NOW
        )
        link_identity(
            session, get_creator(session, mia), "discord", "77", now=NOW
        )  # no notifier yet
    notifier, clock = RecordingNotifier(fail_next=1), at(DUE_AT)
    worker = dispatcher(db, notifier, clock)
    await worker.tick()
    clock.advance(timedelta(minutes=1))
    await worker.tick()
    assert sorted(s.recipient.key for s in notifier.sent) == ["telegram:1001", "telegram:1002"]
    assert {r.subject.split(">")[1]: r.attempts for r in rows(db)} == {
        "telegram:1001": 2,
        "telegram:1002": 1,
    }


async def test_between_sweeps_a_tick_looks_only_since_the_last_one(db: Database) -> None:
    mia = new_creator(db, "mia")  # no chat linked yet
    set_creator(db, mia, digest_enabled=False)
    add_plan(db, mia, ["Film intro|2026-11-26T15:00"], now=NOW - timedelta(days=3))
    notifier, clock = RecordingNotifier(), at(DUE_AT + timedelta(minutes=5))
    worker = dispatcher(db, notifier, clock, sweep_every=timedelta(minutes=15))
    await worker.tick()  # a full sweep; nobody to send to
    with db.unit_of_work() as session:
        from storage.creators import get_creator, link_identity

        link_identity(session, get_creator(session, mia), "telegram", "9", chat_id="9", now=NOW)
    clock.advance(timedelta(minutes=5))
    assert (await worker.tick()).claimed == 0  # 15:00 is before this tick's window
    clock.advance(timedelta(minutes=11))
    assert (await worker.tick()).sent == 1  # the sweep finds it, still within the grace window
    assert [s.recipient.key for s in notifier.sent] == ["telegram:9"]
