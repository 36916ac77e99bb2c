"""Making an engine never drops SQLite's locks on a database file this process already has open.

Closing any descriptor of a file drops every POSIX lock the process holds on it. A second engine made on the
same file (the benchmark, the worker and the tests do this) dropped the shared lock our open connections hold
in WAL mode; another process closing its connection then believed it was the last one and checkpointed and
deleted the WAL under us, and the database was corrupted ("database disk image is malformed")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.store.db import make_engine

ANOTHER_PROCESS_WRITES_AND_LEAVES = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
c.execute("INSERT INTO t VALUES (2)")
c.close()
"""


def test_a_second_engine_keeps_the_first_ones_locks_so_nobody_deletes_the_wal_under_it(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    first = make_engine(f"sqlite:///{path}")
    try:
        raw = first.raw_connection()  # stays open, as a pooled connection does
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("CREATE TABLE t (x INTEGER)")
        driver.execute("INSERT INTO t VALUES (1)")
        second = make_engine(f"sqlite:///{path}")  # makes the file private again: must not touch our locks
        second.dispose()
        subprocess.run([sys.executable, "-c", ANOTHER_PROCESS_WRITES_AND_LEAVES, str(path)], timeout=60, check=True)
        assert path.with_name("h.db-wal").exists(), "another process thought it was the last and removed the WAL"
        assert driver.execute("SELECT count(*) FROM t").fetchone() == (2,)
        assert driver.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        raw.close()
    finally:
        first.dispose()
