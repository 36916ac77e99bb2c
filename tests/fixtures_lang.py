"""Fixtures for the mother-tongue tests: a writable copy of the locales, a meeting to invite to, and a
whole conversation played through the signed webhook."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from bot.services.meetings import create_meeting, create_org, invite
from bot.services.runtime import LOCALES_DIR, Runtime
from bot.texts.catalogue import Texts

LANG_NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LANG_MEETING_DATE = dt.date(2026, 12, 10)


@pytest.fixture
def locales_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of locales/ to break; python-i18n's global store gets the real catalogs back afterwards."""
    target = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, target)
    yield target
    Texts(LOCALES_DIR)


@pytest.fixture
def lang_meeting(rt: Runtime) -> str:
    """An organisation `flen` and a meeting of it; returns the meeting id."""
    with rt.db.begin() as s:
        create_org(s, "flen", "Flens kommun", LANG_NOW)
        s.flush()
        meeting = create_meeting(s, "flen", LANG_MEETING_DATE, dt.time(13, 0), LANG_NOW.date(), LANG_NOW)
        s.flush()
        return meeting.id


@pytest.fixture
def invite_lang(rt: Runtime, lang_meeting: str) -> Callable[..., str]:
    """Invite a participant to `lang_meeting` (any language, bilingual or not); returns its id."""
    def make(phone: str, lang: str, role: str = "youth", bilingual: bool = False) -> str:
        with rt.db.begin() as s:
            participant = invite(s, rt, lang_meeting, role, phone, lang, rt.clock(), bilingual=bilingual)
            s.flush()
            return participant.id

    return make


@pytest.fixture
def cli_lang(runner: FlaskCliRunner) -> Callable[..., Any]:
    """Run `hjulsamtal ARGS` inside the test app."""
    from bot.app import main

    def run(*args: str) -> Any:
        return runner.invoke(main, args=list(args))

    return run
