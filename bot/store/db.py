"""Database engines and migrations. Rule: one writer per conversation at a time, on both databases.

PostgreSQL: the turn locks the conversation row (SELECT ... FOR UPDATE). SQLite ignores FOR UPDATE and
Python's sqlite3 sends no BEGIN before a SELECT, so every transaction starts with BEGIN IMMEDIATE (one
writer at a time), in WAL mode with a busy timeout (see shared library notes: 0 lost updates).

SQLite's busy handler waits by sleeping and polling (up to 100 ms a nap), which made the p99 of a turn at
4 connections 136 ms. So writers first queue on a lock of our own (a thread lock, then flock on a file
beside the database for other processes) and only then BEGIN: the kernel wakes the next one the moment
the previous transaction has committed (p99 25 ms; see docs/performance.md).

Deleted data leaves nothing readable behind on SQLite: every connection runs with `secure_delete` (freed
space is overwritten with zeros), and after a purge `checkpoint` copies the WAL into the database and
truncates it (old page versions in the WAL would still hold the ciphertext). The database file, its WAL and
lock files are the owner's only (0600) and a folder made for them is 0700. PostgreSQL keeps deleted row
versions until VACUUM reuses their space (docs/security.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from bot.conversation.datafiles import ROOT
from bot.store import logfilter

WRITER_WAIT_SECONDS = 30


class WriterLock:
    """One SQLite writer at a time across threads and processes, handed over in arrival order by the kernel."""

    def __init__(self, database: str | None):
        self._threads = threading.Lock()
        in_memory = not database or database == ":memory:" or database.startswith("file::memory:")
        self._path = None if in_memory else f"{database}.writer-lock"
        self._local = threading.local()

    def acquire(self) -> None:
        """Wait for our turn to write (raises TimeoutError after WRITER_WAIT_SECONDS)."""
        if not self._threads.acquire(timeout=WRITER_WAIT_SECONDS):
            raise TimeoutError("database writer lock wait timed out")
        try:
            if self._path is not None:
                fd = getattr(self._local, "fd", None)
                if fd is None:
                    fd = self._local.fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        """Let the next writer in."""
        fd = getattr(self._local, "fd", None)
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        self._threads.release()


def normalise_url(url: str) -> str:
    """Accept the usual `postgres://` spelling and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the locking this app relies on; its logs and errors never show bound values."""
    logfilter.install()
    url = normalise_url(url)
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True,
                           **kwargs)
    _private_database_file(engine.url.database)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows' bytes are overwritten, not left in free space
        cursor.close()

    _serialise_writers(engine, WriterLock(engine.url.database))
    return engine


def _private_database_file(database: str | None) -> None:
    """Create the SQLite file 0600 (its WAL and shm get the same mode from SQLite) in a 0700 folder if the
    folder is new; an existing file is made 0600.

    An existing file is never opened here: closing any descriptor of a database file drops every POSIX lock
    this process holds on it (SQLite's own connections included), which lets another process write under a
    reader or writer of ours and corrupts the file (https://www.sqlite.org/howtocorrupt.html, 2.2)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    with contextlib.suppress(FileExistsError):  # a new file: no connection of ours can have it open yet
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if name.exists():
            os.chmod(name, 0o600)


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the WAL into the database and truncate it to zero bytes (after a purge, so no old page
    with deleted data stays in the WAL); waits for readers up to the busy timeout. PostgreSQL: nothing."""
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()
    try:
        connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        connection.close()


def _raw_id(connection: Any) -> int:
    """The identity of the DBAPI connection behind a pool wrapper (or of the connection itself)."""
    return id(getattr(connection, "dbapi_connection", connection))


def _serialise_writers(engine: Engine, lock: WriterLock) -> None:
    """BEGIN IMMEDIATE under the writer lock; the lock is released once COMMIT or ROLLBACK has returned."""
    holders: set[int] = set()  # _raw_id() of the connections holding the lock
    dialect = engine.dialect
    do_commit, do_rollback = dialect.do_commit, dialect.do_rollback

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        lock.acquire()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            lock.release()
            raise
        holders.add(_raw_id(connection.connection))

    def _end(finish: Any, dbapi_connection: Any) -> None:
        try:
            finish(dbapi_connection)
        finally:
            if _raw_id(dbapi_connection) in holders:
                holders.discard(_raw_id(dbapi_connection))
                lock.release()

    dialect.do_commit = lambda dbapi_connection: _end(do_commit, dbapi_connection)  # type: ignore[method-assign]
    dialect.do_rollback = lambda dbapi_connection: _end(do_rollback, dbapi_connection)  # type: ignore[method-assign]


def alembic_config(url: str) -> Config:
    """Alembic configuration for migrations/ against `url`."""
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration (idempotent); migrations that encrypt existing rows get the installed keys."""
    _migrate(engine, command.upgrade, "head")


def downgrade(engine: Engine, target: str) -> None:
    """Undo migrations down to `target` (for tests and emergencies), like upgrade()."""
    _migrate(engine, command.downgrade, target)


def _migrate(engine: Engine, step: Any, target: str) -> None:
    """Run an Alembic command in one transaction.

    On SQLite, batch migrations copy tables with rows that others refer to, so foreign keys are off while
    they run (as Alembic advises) and checked before the commit.
    """
    from bot.store.crypto import installed

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        raw: Any = connection.connection.driver_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, where SQLite honours it
            # secure_delete is on for every connection: copied tables leave zeros, not old plaintext, behind
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                config.attributes["keyring"] = installed()
                step(config, target)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("migration left rows with broken foreign keys; rolled back")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")
