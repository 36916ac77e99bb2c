"""A fresh, migrated database per benchmark run: a new SQLite file, or a new schema in DATABASE_URL.

Rule: never touch existing data. PostgreSQL gets a schema of this run's own (search_path in the URL, as
tests/conftest.py does), dropped at the end; the SQLite file lives in the run's temporary directory.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.store.db import make_engine, normalise_url, upgrade


@dataclass(frozen=True)
class Database:
    """One database under test."""

    kind: str  # "sqlite" | "postgresql"
    url: str
    version: str


def targets() -> list[str]:
    """The databases to measure: SQLite always, PostgreSQL when DATABASE_URL points at one."""
    url = os.environ.get("DATABASE_URL", "")
    return ["sqlite", "postgresql"] if url.startswith(("postgres://", "postgresql")) else ["sqlite"]


def _version(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return "SQLite " + str(conn.exec_driver_sql("select sqlite_version()").scalar())
            return str(conn.exec_driver_sql("show server_version").scalar()).join(("PostgreSQL ", ""))
    finally:
        engine.dispose()


@contextmanager
def fresh(kind: str, work_dir: Path) -> Iterator[Database]:
    """A migrated, empty database of this kind, removed afterwards."""
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines are not the benchmark's output
    if kind == "sqlite":
        url = f"sqlite:///{work_dir / 'bench.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield Database(kind, url, _version(url))
        return
    base = normalise_url(os.environ["DATABASE_URL"])
    schema = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url_text = (make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
                    .render_as_string(hide_password=False))
        engine = make_engine(url_text)
        upgrade(engine)
        engine.dispose()
        yield Database(kind, url_text, _version(url_text))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
