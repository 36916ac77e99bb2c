"""Commands of the delivery machinery: `hjulsamtal worker`, `hjulsamtal purge` and `hjulsamtal replay`.

Rule: like every command, bad arguments give a one-line error and change nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from bot.cli.common import runtime
from bot.services.replay import GRACE, replay
from bot.services.retention import overwrite_deleted, purge_due, purge_meeting, write_export
from bot.services.worker import Worker


@click.command("worker")
@click.option("--once", is_flag=True, help="Do what is due now, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Send queued SMS, fire reminders and expiry, purge past retention (daily); runs until stopped."""
    worker = Worker(runtime())
    worker.handle_signals()
    total = worker.run(once=once)
    if once:
        click.echo(" ".join(f"{k}={v}" for k, v in sorted(total.items())) or "nothing due")


@click.command("purge")
@click.option("--meeting", "meeting_id", help="Delete this meeting's data now, whatever its retention.")
@click.option("--export-dir", type=click.Path(file_okay=False, path_type=Path),
              help="First write each meeting's export (JSON) here, for the case file.")
@with_appcontext
def purge_command(meeting_id: str | None, export_dir: Path | None) -> None:
    """Delete participants' phones, answers, messages and events of meetings past retention (counts stay)."""
    rt = runtime()
    if meeting_id is None:
        purged = purge_due(rt, export_dir)
        click.echo(f"purged {len(purged)} meetings")
        return
    with rt.db.begin() as s:
        if export_dir is not None:
            write_export(s, rt, meeting_id, export_dir)
        counts = purge_meeting(s, meeting_id, rt.clock(), "staff")
    if counts is None:
        raise click.ClickException(f"unknown or already purged meeting {meeting_id!r}")
    overwrite_deleted(rt)
    click.echo(f"purged meeting {meeting_id}")


@click.command("replay")
@click.option("--older-than", "older_than", type=click.FloatRange(min=0), default=GRACE.total_seconds(),
              show_default=True, help="Only messages stored at least this many seconds ago (younger ones may "
                                      "still be in flight).")
@with_appcontext
def replay_command(older_than: float) -> None:
    """Apply inbound messages whose turn failed or never finished (idempotent); exit 1 if any fails again."""
    counts = replay(runtime(), dt.timedelta(seconds=older_than))
    click.echo(f"replayed {counts['replayed']}, failed {counts['failed']}")
    if counts["failed"]:
        sys.exit(1)
