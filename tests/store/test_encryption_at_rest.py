"""Encryption at rest: the raw database holds no phone number and no participant's words; rotation and
the migration of existing plaintext rows keep every value readable."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text

from bot.app import main
from bot.services.export import export_meeting
from bot.services.runtime import Runtime
from bot.store import crypto
from bot.store.db import downgrade, upgrade
from bot.store.models import Answer, Base, Conversation, Participant
from bot.store.rotation import encrypted_columns
from tests.support.common import PHONES
from tests.support.security import COMMENT, Talk


def raw_bytes(rt: Runtime, wal_before_checkpoint: bool = True) -> bytes:
    """Everything the database holds, as stored: SQLite's file and WAL after a checkpoint, or a COPY dump
    of every table of this test's PostgreSQL schema."""
    if rt.db_engine.dialect.name == "sqlite":
        path = Path(str(rt.db_engine.url.database))
        files = [path, path.with_name(path.name + "-wal")]
        before = b"".join(f.read_bytes() for f in files if f.exists()) if wal_before_checkpoint else b""
        checkpoint = sqlite3.connect(path, isolation_level=None)
        try:
            assert checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0  # not busy
        finally:
            checkpoint.close()
        return before + b"".join(f.read_bytes() for f in files if f.exists())
    connection = rt.db_engine.raw_connection()
    try:
        dump = bytearray()
        with connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            for table in [*Base.metadata.sorted_tables, "alembic_version"]:
                with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    for chunk in copy:
                        dump += bytes(chunk)
        return bytes(dump)
    finally:
        connection.close()


def test_raw_database_holds_no_number_and_no_words(rt: Runtime, secret_talk: Talk) -> None:
    blob = raw_bytes(rt)
    assert b"Flens kommun" in blob  # the search is not blind: plain organisation data is found
    with rt.db() as s:  # and the secrets really are stored, readable through the models
        assert s.scalar(select(Answer.comment).where(Answer.area == "safe")) == COMMENT
        assert s.scalar(select(Participant.phone)) == secret_talk.phone
    assert secret_talk.leaks(blob) == []


def test_the_search_finds_plaintext(secret_talk: Talk) -> None:
    """The leak check itself: it finds the number in every usual format, and the words."""
    for shown in ("+46 70 174 06 12", "070-174 06 12", "0046701740612", "46701740612", "0701740612"):
        assert secret_talk.leaks(b"x" + shown.encode() + b"y") == [secret_talk.phone], shown
    assert secret_talk.leaks(COMMENT.encode()) != []


SMS_TABLES = ("participant", "conversation", "answer", "message")


def test_rotate_reencrypts_every_column_and_the_old_key_can_go(rt: Runtime, runner: FlaskCliRunner,
                                                               secret_talk: Talk) -> None:
    old = crypto.keyring()
    with rt.db() as s:
        before = export_meeting(s, s.scalar(select(Participant.meeting_id)), rt.engine.wheel.areas)
    new_key = crypto.new_data_key()
    old_keys = crypto.parse_data_keys(rt_config(runner)["HJULSAMTAL_DATA_KEYS"])
    both = crypto.Keyring([new_key, *old_keys], rt_config(runner)["HJULSAMTAL_INDEX_KEY"])
    crypto.install(both)
    try:
        result = runner.invoke(main, args=["keys", "rotate", "--batch", "3"])
        assert result.exit_code == 0, result.output
        lines = result.stdout.strip().splitlines()
        assert "message.body: 29 re-encrypted" in lines and "answer.comment: 1 re-encrypted" in lines
        again = runner.invoke(main, args=["keys", "rotate"])
        assert again.stdout.strip().splitlines()[-1].startswith("done: 0 values")  # nothing left to do
        crypto.install(crypto.Keyring([new_key], rt_config(runner)["HJULSAMTAL_INDEX_KEY"]))  # old key gone
        with rt.db() as s:
            assert export_meeting(s, s.scalar(select(Participant.meeting_id)), rt.engine.wheel.areas) == before
            for target in encrypted_columns():
                raw = s.execute(select(text(target.column.name)).select_from(target.table)
                                .where(target.column.is_not(None))).scalars().all()
                # The talk fills every column of the SMS tables (but staff's optional nickname and contact line);
                # staff and paper tables may be empty here.
                assert raw or target.table.name not in SMS_TABLES or str(target.column) in (
                    "participant.nickname", "participant.contact")
                assert all(crypto.keyring().is_current(t) for t in raw), target
    finally:
        crypto.install(old)


def test_rotate_without_the_old_key_stops_with_one_line(rt: Runtime, runner: FlaskCliRunner,
                                                         secret_talk: Talk) -> None:
    old = crypto.keyring()
    crypto.install(crypto.Keyring([crypto.new_data_key()], rt_config(runner)["HJULSAMTAL_INDEX_KEY"]))
    try:
        result = runner.invoke(main, args=["keys", "rotate"])
    finally:
        crypto.install(old)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "is readable with none of HJULSAMTAL_DATA_KEYS" in line
    with rt.db() as s:  # nothing was lost: the old key still reads everything
        assert s.scalar(select(Answer.comment).where(Answer.area == "safe")) == COMMENT


def rt_config(runner: FlaskCliRunner) -> Any:
    return runner.app.config


def test_keys_generate_prints_usable_keys(runner: FlaskCliRunner) -> None:
    result = runner.invoke(main, args=["keys", "generate"])
    values = dict(line.split("=", 1) for line in result.stdout.strip().splitlines())
    ring = crypto.Keyring(crypto.parse_data_keys(values["HJULSAMTAL_DATA_KEYS"]), values["HJULSAMTAL_INDEX_KEY"])
    assert ring.decrypt(ring.encrypt("x")) == "x"


PLAIN_ROWS = [
    "INSERT INTO organisation VALUES (1, 'flen', 'Flens kommun', '2026-11-23 09:00:00+00')",
    "INSERT INTO meeting VALUES ('m1', 1, '2026-12-10', NULL, '2026-11-23 09:00:00+00')",
    f"INSERT INTO participant VALUES ('p1', 'm1', 'youth', 'sv', '{PHONES[8]}', '2026-11-23 09:00:00+00')",
    "INSERT INTO conversation VALUES (1, 'p1', 'youth', 'q_healthy', 'active', "
    "'{\"lang\": \"sv\", \"answers\": {\"safe\": {\"rating\": 4, \"comment\": \"gammal text Qwmzx\", "
    "\"followup\": null}}}', NULL, "
    f"'{PHONES[8]}', '2026-11-23 09:00:00+00', '2026-11-23 09:00:00+00', NULL)",
    "INSERT INTO answer VALUES (1, 1, 'safe', 4, 'gammal text Qwmzx', NULL, '2026-11-23 09:00:00+00')",
    "INSERT INTO message VALUES (1, 1, 'in', 'SM1', NULL, '4 gammal text Qwmzx', 'received', NULL, "
    "'2026-11-23 09:00:00+00')",
]


def test_migration_encrypts_existing_plaintext_rows(db_url: str, app: Any, rt: Runtime, send_sms: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A database made before encryption: 0005 encrypts its rows, and the conversation goes on."""
    for table in reversed(Base.metadata.sorted_tables):  # the app fixture migrated it: start again at 0001
        with rt.db_engine.begin() as conn:
            conn.execute(table.delete())
    downgrade(rt.db_engine, "0001")
    with rt.db_engine.begin() as conn:
        for statement in PLAIN_ROWS:
            conn.exec_driver_sql(statement)
    monkeypatch.setattr(crypto, "installed", lambda: None)
    with pytest.raises(RuntimeError, match="encrypts existing rows"):
        upgrade(rt.db_engine)  # no keyring: refused (and rolled back)
    monkeypatch.undo()
    upgrade(rt.db_engine)  # as `hjulsamtal db upgrade` does: with the installed keys
    blob = raw_bytes(rt, wal_before_checkpoint=False)  # (the WAL held the plaintext rows until then)
    assert Talk(PHONES[8], ("Qwmzx",)).leaks(blob) == []
    with rt.db() as s:
        conv = s.scalars(select(Conversation)).one()
        assert conv.data["answers"]["safe"]["comment"] == "gammal text Qwmzx"
        assert conv.participant.phone == PHONES[8]
    assert send_sms(PHONES[8], "2").status_code == 200  # found by its blind index
    with rt.db() as s:
        assert s.scalar(select(Answer.rating).where(Answer.area == "healthy")) == 2
