"""The scheduler: reminders, the daily digest and early alerts, sent exactly once and on time.

What is due is derived from the database every minute (``derive``), claimed in the delivery
log before sending (``ledger``, ``claims``), worded and sent through the notifiers of every chat
account the creator linked (``dispatch``), under one worker at a time (``leader``), ticked by
APScheduler inside `whatsworking run` (``runner``). See docs/SCHEDULER.md.
"""

from bot.scheduler.dispatch import Dispatcher, TickReport
from bot.scheduler.runner import SchedulerRunner, build_runner, start_scheduler
from context.scheduled.delivery.derive import derive_due
from context.scheduled.delivery.due import Due, Kind, SchedulerConfig

__all__ = [
    "Dispatcher",
    "Due",
    "Kind",
    "SchedulerConfig",
    "SchedulerRunner",
    "TickReport",
    "build_runner",
    "derive_due",
    "start_scheduler",
]
