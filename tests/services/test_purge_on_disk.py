"""A purge leaves nothing on disk: SQLite's secure_delete zeroes the deleted rows and the WAL is checkpointed
and truncated, so no ciphertext of the purged meeting (which the key would still decrypt) stays in the database
file or its WAL; the export written before a purge, the instance folder and the database are the owner's only."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Text, select, type_coerce

from bot.services.runtime import Runtime
from bot.services.worker import Worker
from bot.store.db import checkpoint
from bot.store.models import Participant
from bot.store.rotation import encrypted_columns
from tests.support.common import MEETING_DATE
from tests.support.security import Talk

SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # PostgreSQL: VACUUM, documented


def stored_secrets(rt: Runtime) -> list[bytes]:
    """Every ciphertext the database holds (a piece of each, as stored) and every phone's blind index, once
    they are in the database file itself (as SQLite's automatic checkpoints put them there over time)."""
    checkpoint(rt.db_engine)
    found: list[bytes] = []
    with rt.db() as s:
        for target in encrypted_columns():
            raw = type_coerce(target.column, Text)
            found += [token[20:60].encode() for token in s.scalars(select(raw)) if token]
        found += [index.encode() for index in s.scalars(select(Participant.phone_index))]
    return found


def on_disk(rt: Runtime) -> bytes:
    """The database file, its WAL and shared-memory file, as bytes."""
    path = Path(str(rt.db_engine.url.database))
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@SQLITE_ONLY
def test_a_purged_meetings_ciphertext_is_not_on_disk(rt: Runtime, secret_talk: Talk,
                                                     invited: object, runner: FlaskCliRunner) -> None:
    secrets = stored_secrets(rt)
    database = Path(str(rt.db_engine.url.database)).read_bytes()
    assert len(secrets) > 20 and all(piece in database for piece in secrets)  # there before, in the file
    result = runner.invoke(args=["purge", "--meeting", invited.state["meeting"]])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    blob = on_disk(rt)
    assert [piece for piece in secrets if piece in blob] == []
    wal = Path(f"{rt.db_engine.url.database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@SQLITE_ONLY
def test_the_daily_purge_leaves_nothing_on_disk_either(rt: Runtime, secret_talk: Talk,
                                                       clock: dict[str, dt.datetime]) -> None:
    secrets = stored_secrets(rt)
    clock["now"] = dt.datetime.combine(MEETING_DATE + dt.timedelta(days=31), dt.time(11), tzinfo=dt.UTC)
    assert len(Worker(rt).purge_daily()) == 1
    blob = on_disk(rt)
    assert [piece for piece in secrets if piece in blob] == []


@SQLITE_ONLY
def test_the_export_before_a_purge_is_the_owners_only(rt: Runtime, secret_talk: Talk, invited: object,
                                                      runner: FlaskCliRunner, tmp_path: Path) -> None:
    case = tmp_path / "case" / "files"
    meeting_id = invited.state["meeting"]  # type: ignore[attr-defined]
    result = runner.invoke(args=["purge", "--meeting", meeting_id, "--export-dir", str(case)])
    assert result.exit_code == 0, result.output
    assert mode(case) == 0o700 and mode(case / f"{meeting_id}.json") == 0o600


def test_an_export_file_already_there_becomes_the_owners_only(rt: Runtime, secret_talk: Talk, invited: object,
                                                              runner: FlaskCliRunner, tmp_path: Path) -> None:
    meeting_id = invited.state["meeting"]  # type: ignore[attr-defined]
    old = tmp_path / f"{meeting_id}.json"
    old.write_text("old")
    old.chmod(0o644)
    assert runner.invoke(args=["purge", "--meeting", meeting_id, "--export-dir", str(tmp_path)]).exit_code == 0
    assert mode(old) == 0o600 and "hjulsamtal.meeting.v1" in old.read_text()


def test_the_instance_folder_and_sqlite_files_are_the_owners_only(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import create_app
    from bot.store.db import upgrade

    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(instance))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app: Flask = create_app(announce_mode=False)
    engine = app.extensions["hjulsamtal"].db_engine
    try:
        upgrade(engine)
        with engine.connect() as connection:  # the WAL exists while a connection is open
            connection.exec_driver_sql("SELECT 1")
            database = Path(str(engine.url.database))
            assert database.parent == instance and mode(instance) == 0o700
            for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
                assert path.exists() and mode(path) == 0o600, path
            for name in ("secret_key",):
                assert mode(instance / name) == 0o600
    finally:
        engine.dispose()


def test_a_new_database_folder_is_the_owners_only(tmp_path: Path) -> None:
    from bot.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'deep' / 'h.db'}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
        assert mode(tmp_path / "new" / "deep") == 0o700 and mode(tmp_path / "new" / "deep" / "h.db") == 0o600
    finally:
        engine.dispose()
