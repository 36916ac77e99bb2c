"""The composition root: create_app (flaskr style), build_runtime and the `hjulsamtal` command.

Rule: all start-up work happens here, once per app; this is the one module that knows every layer. The
cross-cutting concerns are registered here too: Twilio's signed webhooks answered in front of Flask
(bot/sms/lean.py), security headers on every staff response, CSRF on every form, the staff web's idle
timeout, the rate-limit storage, and the client's address (ProxyFix trusts X-Forwarded-For only from
TRUSTED_PROXIES hops; 0, the default, never reads it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits.strategies import RateLimiter
from sqlalchemy.orm import sessionmaker
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import cli, sms, web
from bot.config import (
    DEVELOPMENT_WARNING,
    ConfigError,
    DeliverySettings,
    MailSettings,
    session_settings,
    settings_from_env,
)
from bot.services.limits import RateLimits
from bot.services.runtime import EXTENSION, Runtime, load_texts_and_engine, utc_now
from bot.services.smtp import make_mailer
from bot.sms.transport import make_transport
from bot.store.crypto import Keyring, install, parse_data_keys
from bot.store.db import make_engine
from bot.web.auth import idle_timeout
from bot.web.headers import add_security_headers

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)  # routes may decorate with it; the counters share its storage


def build_runtime(config: Mapping[str, Any], limit_strategy: RateLimiter | None = None) -> Runtime:
    """Everything the app, its commands and the worker share, from the settings (keys installed); the rate
    limits count on `limit_strategy` (the app's Flask-Limiter's), else in this process's memory."""
    texts, engine = load_texts_and_engine()
    keys = Keyring(parse_data_keys(config["HJULSAMTAL_DATA_KEYS"]), config["HJULSAMTAL_INDEX_KEY"])
    install(keys)
    db_engine = make_engine(config["DATABASE_URL"])
    mail = config.get("MAIL") or MailSettings()
    return Runtime(
        engine=engine,
        texts=texts,
        db_engine=db_engine,
        db=sessionmaker(db_engine, expire_on_commit=False),
        transport=config.get("TRANSPORT") or make_transport(dict(config)),
        tz=ZoneInfo(config["TZ_NAME"]),
        clock=config.get("CLOCK") or utc_now,
        keys=keys,
        delivery=config.get("DELIVERY") or DeliverySettings(),
        mail=mail,
        mailer=config.get("MAILER") or make_mailer(mail),
        limits=RateLimits(limit_strategy, config, keys.index_key),
    )


def create_app(test_config: dict[str, Any] | None = None, *, announce_mode: bool = True) -> Flask:
    """The Flask app: settings from the environment (or test_config), runtime built once.

    In development it logs a loud warning (not for one-off commands, whose output is one line on error)."""
    app = Flask("bot", instance_path=os.environ.get("HJULSAMTAL_INSTANCE") or None,
                instance_relative_config=True)
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    Path(app.instance_path).chmod(0o700)  # secrets, keys and the SQLite database: the owner's only
    config = settings_from_env(os.environ, Path(app.instance_path))
    config.update(test_config or {})
    config.update({k: v for k, v in session_settings(config).items() if k not in (test_config or {})})
    app.config.from_mapping(config)
    limiter.init_app(app)
    app.extensions[EXTENSION] = build_runtime(app.config, limiter.limiter)  # one storage for every counter
    # Twilio's webhooks (signed; no session, login or CSRF) are answered in front of Flask: bot/sms/lean.py
    app.wsgi_app = sms.LeanWebhooks(app.wsgi_app, app.extensions[EXTENSION], app.config)  # type: ignore[method-assign]
    if hops := int(app.config.get("TRUSTED_PROXIES") or 0):  # behind that many proxies: their X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops)  # type: ignore[method-assign]
    web.init_web(app)
    for blueprint in web.BLUEPRINTS:
        app.before_request_funcs.setdefault(blueprint.name, []).append(idle_timeout)
    csrf.init_app(app)
    app.after_request(add_security_headers)
    cli.register_commands(app.cli)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if announce_mode and app.config["HJULSAMTAL_ENV"] != "production":
        logging.getLogger("hjulsamtal").warning(DEVELOPMENT_WARNING)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _create_app_for_commands() -> Flask:
    """create_app for the command line: a settings problem is a one-line error, not a traceback."""
    try:
        return create_app(announce_mode=False)  # `serve` announces it once; commands stay one line on error
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


main = cli.command_group(create_app=_create_app_for_commands)  # our commands and version, none of Flask's
cli.register_commands(main)
