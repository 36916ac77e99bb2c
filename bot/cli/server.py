"""`hjulsamtal db upgrade` and `hjulsamtal serve`. Rule: serving migrates first; each gunicorn worker builds
its own app through the command line's app factory (never a copy of this process's connections)."""

from __future__ import annotations

import os
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup, ScriptInfo, with_appcontext

from bot.cli.common import runtime
from bot.config import DEVELOPMENT_WARNING
from bot.store.db import upgrade


@click.group(cls=AppGroup)
def db() -> None:
    """The database."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply migrations."""
    upgrade(runtime().db_engine)
    click.echo("database is up to date")


@click.command("serve")
@with_appcontext
def serve_command() -> None:
    """Apply migrations and serve the app with gunicorn on 127.0.0.1:$PORT (default 5000)."""
    from gunicorn.app.base import BaseApplication

    rt = runtime()
    upgrade(rt.db_engine)
    factory = click.get_current_context().ensure_object(ScriptInfo).create_app
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # without a factory: this very app
    bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    transport = type(rt.transport).__name__
    click.echo(f"Hjulsamtal on http://{bind}  (SMS transport: {transport})", err=True)
    if current_app.config["HJULSAMTAL_ENV"] != "production":
        click.echo(DEVELOPMENT_WARNING, err=True)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", bind)
            self.cfg.set("workers", int(os.environ.get("WEB_CONCURRENCY", "2")))
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", None)

        def load(self) -> Any:
            return factory() if factory is not None else app

    Server().run()
