"""`hjulsamtal worker` as real processes against the fake Twilio: two workers on one queue send every row
exactly once through 30 % failures, and a worker killed (SIGKILL) mid-batch loses nothing."""

from __future__ import annotations

import signal
import time

from sqlalchemy import func, select

from bot.app import main
from bot.conversation.datafiles import ROOT
from bot.services.runtime import Runtime
from bot.store.models import Message
from tests.support.common import PHONES
from tests.support.delivery import queue_invitations, worker_process
from tests.support.fake_twilio import FakeTwilio

COUNT = 40


def statuses(rt: Runtime) -> dict[str, int]:
    with rt.db() as s:
        return dict(s.execute(select(Message.status, func.count()).where(Message.direction == "out")
                              .group_by(Message.status)).all())  # type: ignore[arg-type]


def test_two_workers_send_every_row_exactly_once_through_failures(rt, db_url, clock, tmp_path):
    fake = FakeTwilio(fail_rate=0.3).start()
    try:
        queue_invitations(rt, clock, PHONES[:COUNT])
        workers = [worker_process(db_url, fake, tmp_path, "--once", OUTBOX_BACKOFF_SECONDS="0", OUTBOX_BATCH="5")
                   for _ in range(2)]
        outputs = [w.communicate(timeout=60)[0] for w in workers]
        assert [w.returncode for w in workers] == [0, 0], outputs
    finally:
        fake.stop()
    assert statuses(rt) == {"sent": COUNT}
    assert fake.accepted_per_number() == dict.fromkeys(PHONES[:COUNT], 1)  # exactly once each, counted by the fake
    assert 0.15 < len(fake.failed()) / len(fake.calls) < 0.45  # about 30 % of calls failed ...
    with rt.db() as s:
        retried = s.scalar(select(func.count()).where(Message.attempts > 1))
    assert retried == len({c.to for c in fake.failed()}) > 0  # ... and their retries are on the rows


def wait_for(condition, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None and time.monotonic() < deadline, process.stdout
        time.sleep(0.01)


def test_a_worker_killed_mid_batch_loses_nothing(rt, db_url, clock, tmp_path):
    fake = FakeTwilio(delay=0.03).start()  # each accepted message takes 30 ms to confirm
    try:
        queue_invitations(rt, clock, PHONES[:COUNT])
        env = {"OUTBOX_LEASE_SECONDS": "1", "OUTBOX_BATCH": str(COUNT)}
        first = worker_process(db_url, fake, tmp_path, **env)
        wait_for(lambda: len(fake.accepted) >= COUNT // 4, first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        at_kill = statuses(rt)
        assert at_kill.get("sending", 0) > 0 and at_kill.get("sent", 0) >= COUNT // 4 - 1  # killed mid-batch
        second = worker_process(db_url, fake, tmp_path, **env)  # takes over once the lease has run out
        wait_for(lambda: statuses(rt) == {"sent": COUNT}, second)
        second.terminate()  # SIGTERM: a clean stop
        assert second.wait(timeout=10) == 0
    finally:
        fake.stop()
    per_number = fake.accepted_per_number()  # nothing lost ...
    assert set(per_number) == set(PHONES[:COUNT])
    assert sum(per_number.values()) - COUNT <= 1  # ... and at most one duplicate: the row in flight at the kill


def test_worker_once_from_the_command_line(runner, invited, rt):
    invited()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and result.output.strip() == "sms_sent=1"
    assert statuses(rt) == {"sent": 1}
    assert runner.invoke(args=["worker", "--once"]).output.strip() == "nothing due"


def test_procfile_runs_release_web_and_worker():
    lines = (ROOT / "Procfile").read_text().strip().splitlines()
    processes = dict(line.split(": ", 1) for line in lines)
    assert processes["release"] == "hjulsamtal db upgrade"
    assert processes["worker"] == "hjulsamtal worker"
    assert processes["web"].startswith("gunicorn ") and "'bot:create_app()'" in processes["web"]
    assert {"worker", "db"} <= set(main.commands) and "upgrade" in main.commands["db"].commands  # type: ignore[attr-defined]
