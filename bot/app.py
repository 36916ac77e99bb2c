"""The Flask application factory (flaskr style). Rule: all start-up work happens here, once per app."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from . import paper  # noqa: F401  (its model belongs to the schema)
from .config import DEVELOPMENT_WARNING, settings_from_env
from .limits import init_app as init_limits
from .runtime import build_runtime
from .staff import init_staff
from .status_callback import bp as status_bp
from .webhook import bp as webhook_bp


def create_app(test_config: dict[str, Any] | None = None, *, announce_mode: bool = True) -> Flask:
    """The Flask app: settings from the environment (or test_config), runtime built once.

    In development it logs a loud warning (not for one-off commands, whose output is one line on error)."""
    app = Flask("bot", instance_path=os.environ.get("HJULSAMTAL_INSTANCE") or None,
                instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(settings_from_env(os.environ, Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)
    app.extensions["hjulsamtal"] = build_runtime(app.config)
    init_limits(app)
    app.register_blueprint(webhook_bp)
    app.register_blueprint(status_bp)
    init_staff(app)
    from .cli import register_commands  # the CLI imports this module: register late

    register_commands(app)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if announce_mode and app.config["HJULSAMTAL_ENV"] != "production":
        logging.getLogger("hjulsamtal").warning(DEVELOPMENT_WARNING)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
