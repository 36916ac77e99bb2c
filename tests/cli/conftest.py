"""Fixtures of the command-line tests. The app, its runner and the meetings: tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskCliRunner


@pytest.fixture
def cli_lang(runner: FlaskCliRunner) -> Callable[..., Any]:
    """Run `hjulsamtal ARGS` inside the test app."""
    from bot.app import main

    def run(*args: str) -> Any:
        return runner.invoke(main, args=list(args))

    return run
