"""The worker: fires due timers, sends the SMS and mail outboxes, escalates unseen concerns, and purges past
retention once a day.

Rule: every step is a short transaction of its own, so any number of workers can run against one
PostgreSQL (rows are claimed with SKIP LOCKED) and a worker killed at any point loses nothing: what it
had claimed is retried when its lease ends. SIGTERM/SIGINT stop it after the batch in hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from typing import Any

from bot.services.concerns import escalate_due
from bot.services.mail import send_due_mail
from bot.services.outbox import send_due
from bot.services.retention import purge_due
from bot.services.routing import release_waiting
from bot.services.runtime import Runtime
from bot.services.timers import backfill, fire_due

log = logging.getLogger("hjulsamtal.worker")


def drain(rt: Runtime, stop: threading.Event | None = None) -> dict[str, int]:
    """Do everything due now: timers first (they queue reminders and end conversations), then queued
    invitations whose phone is free again, then the outbox, then concern escalations and the mail outbox;
    count the outcomes."""
    counts = _prefix("timer", fire_due(rt))
    if released := release_waiting(rt):
        counts["released"] = released
    counts.update(_prefix("sms", send_due(rt, stop=stop)))
    if escalated := escalate_due(rt):
        counts["concern_escalated"] = escalated
    return {**counts, **_prefix("mail", send_due_mail(rt, stop))}


def _prefix(prefix: str, counts: dict[str, int]) -> dict[str, int]:
    return {f"{prefix}_{key}": value for key, value in counts.items()}


class Worker:
    """A long-running worker loop (or one pass with once=True)."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.stop = threading.Event()
        self.purged_on: dt.date | None = None

    def handle_signals(self) -> None:
        """Stop cleanly on SIGTERM (deploys) and SIGINT (Ctrl-C)."""
        def stop(_signum: int, _frame: Any) -> None:
            self.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)

    def purge_daily(self) -> list[str]:
        """Purge past retention (and give timerless conversations their timers) once per local day."""
        today = self.rt.today()
        if self.purged_on == today:
            return []
        backfill(self.rt)
        purged = purge_due(self.rt)
        self.purged_on = today
        return purged

    def run(self, once: bool = False) -> dict[str, int]:
        """Loop until stopped (or once): purge daily, fire timers, send; sleep poll_seconds when idle."""
        total: dict[str, int] = {}
        while not self.stop.is_set():
            purged = self.purge_daily()
            counts = drain(self.rt, self.stop)
            if purged:
                counts["purged"] = len(purged)
            for key, value in counts.items():
                total[key] = total.get(key, 0) + value
            if counts:
                log.info("worker pass: %s", ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
            if once:
                break
            self.stop.wait(self.rt.delivery.poll_seconds)
        return total
