"""The SQLite writer lock: writers queue instead of polling, and no path leaves the lock held."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bot.store.db import make_engine


def _counter(tmp_path: Path) -> tuple[str, Engine]:
    url = f"sqlite:///{tmp_path / 'lock.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    return url, engine


def _increment(engine: Engine, times: int) -> None:
    for _ in range(times):
        with engine.begin() as conn:
            n = conn.execute(text("SELECT n FROM counter")).scalar_one()
            conn.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})


def _increment_in_process(url: str, times: int) -> None:
    engine = make_engine(url)
    _increment(engine, times)
    engine.dispose()


def test_threads_and_processes_lose_no_update(tmp_path: Path) -> None:
    url, engine = _counter(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_increment_in_process, args=(url, 50)) for _ in range(2)]
    threads = [threading.Thread(target=_increment, args=(engine, 50)) for _ in range(4)]
    for worker in [*procs, *threads]:
        worker.start()
    for thread in threads:
        thread.join(60)
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 6 * 50


def test_a_failed_transaction_releases_the_lock(tmp_path: Path) -> None:
    _url, engine = _counter(tmp_path)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        conn.execute(text("UPDATE counter SET n = 5"))
        raise RuntimeError("boom")
    done = threading.Event()
    threading.Thread(target=lambda: (_increment(engine, 1), done.set()), daemon=True).start()
    assert done.wait(5), "the rolled-back transaction kept the writer lock"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 1


def test_a_connection_returned_mid_transaction_releases_the_lock(tmp_path: Path) -> None:
    _url, engine = _counter(tmp_path)
    conn = engine.connect()
    conn.execute(text("UPDATE counter SET n = 7"))  # autobegin, never committed
    conn.close()  # the pool rolls back on return
    done = threading.Event()
    threading.Thread(target=lambda: (_increment(engine, 1), done.set()), daemon=True).start()
    assert done.wait(5), "a connection closed mid-transaction kept the writer lock"


def test_writers_wait_in_the_queue_not_in_sqlites_busy_handler(tmp_path: Path) -> None:
    url, engine = _counter(tmp_path)
    engine.dispose()
    impatient = make_engine(url)

    @event.listens_for(impatient, "connect")
    def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")  # SQLite would fail at once instead of polling

    threads = [threading.Thread(target=_increment, args=(impatient, 40)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with impatient.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar_one() == 4 * 40
