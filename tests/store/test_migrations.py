"""The Alembic migrations: they build exactly the schema of bot.store.models, are idempotent, and stand alone."""

from __future__ import annotations

import re
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask.testing import FlaskCliRunner
from sqlalchemy import Column, MetaData, String, Text

from bot.app import main
from bot.conversation.datafiles import ROOT
from bot.services.runtime import Runtime
from bot.store.db import alembic_config, upgrade
from bot.store.models import Base

VERSIONS = ROOT / "migrations" / "versions"
IMPORTS_BOT = re.compile(r"^\s*(from\s+bot[.\s]|import\s+bot\b)", re.MULTILINE)


def schema_diff(rt: Runtime, metadata: MetaData = Base.metadata) -> list[Any]:
    """Alembic's autogenerate differences between the migrated database and `metadata`, types included.

    Alembic compares UTCDateTime by its impl, DateTime(timezone=True), so no custom compare_type is
    needed (a PostgreSQL column without a zone is reported as modify_type).
    """
    with rt.db_engine.connect() as connection:
        ctx = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(ctx, metadata))


def copy_of_models() -> MetaData:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    return metadata


def test_migrated_schema_matches_models(rt: Runtime) -> None:
    assert schema_diff(rt) == []


def test_comparison_is_not_vacuous(rt: Runtime) -> None:
    """A column or a type the migrations do not have is reported (models changed without a migration)."""
    metadata = copy_of_models()
    answer = metadata.tables["answer"]
    answer.append_column(Column("mood", Text))
    answer.c.area.type = String(32)
    diff = schema_diff(rt, metadata)
    assert [(d[0], d[2], d[3]) for d in diff if isinstance(d, tuple)] == [("add_column", "answer", answer.c.mood)]
    assert [(m[0], m[2], m[3]) for d in diff if isinstance(d, list) for m in d] == [
        ("modify_type", "answer", "area")]


def test_upgrade_is_idempotent(rt: Runtime, runner: FlaskCliRunner) -> None:
    upgrade(rt.db_engine)  # the app fixture already ran it once
    upgrade(rt.db_engine)
    result = runner.invoke(main, args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "database is up to date"
    with rt.db_engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    heads = ScriptDirectory.from_config(alembic_config(str(rt.db_engine.url))).get_heads()
    assert heads and set(current) == set(heads)
    assert schema_diff(rt) == []


def test_migrations_import_nothing_from_bot() -> None:
    files = sorted(VERSIONS.glob("*.py"))
    assert files, VERSIONS
    offenders = [f.name for f in files if IMPORTS_BOT.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_import_check_catches_bot_imports() -> None:
    for line in ("from bot.store.models import UTCDateTime", "import bot", "  from bot import db",
                 "import bot.store.db"):
        assert IMPORTS_BOT.search(line), line
    assert not IMPORTS_BOT.search("import sqlalchemy as sa\nfrom alembic import op\nimport botocore\n")
