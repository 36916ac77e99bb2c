"""Browser fixtures shared by every browser test module: ONE headless Chromium for the whole session
(two session-scoped Playwright instances in one process break each other), a live server, a fresh page.

Rule: Debian's Chromium through Playwright's executable_path (no browser download); where it is missing the
tests skip with the reason on a developer's machine and fail in CI (CI or TEST_DATABASE_URL set).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
MUST_RUN = os.environ.get("CI", "").lower() not in ("", "0", "false") or bool(os.environ.get("TEST_DATABASE_URL"))


def unavailable(reason: str) -> None:
    """Skip with the reason on a developer's machine; fail in CI, which must run these tests."""
    if MUST_RUN:
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("browser tests need playwright: `make test` installs it from the dev extra")
    if not Path(CHROMIUM).exists():
        unavailable(f"browser tests need Debian's chromium at {CHROMIUM}: `make test` installs it with "
                    "apt-get when run as root (apt-get install chromium)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def live(app: Flask) -> Iterator[str]:
    """The app served on loopback; returns its base URL (plain http there, so no Secure cookie flag)."""
    app.config["SESSION_COOKIE_SECURE"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Any, live: str) -> Iterator[Any]:
    """A fresh browser context and page; any JavaScript dialog fails the test."""
    context = browser.new_context(base_url=live, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()
    assert dialogs == []
