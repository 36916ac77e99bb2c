"""Settings from the environment. Rule: nothing secret has a fixed default; unset secrets are random."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TRANSPORTS = ("twilio", "console")


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which."""


def _dev_secret(instance_path: Path) -> str:
    """A secret kept in instance/ so that every process of a development server shares it."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def settings_from_env(environ: Mapping[str, str], instance_path: Path) -> dict[str, Any]:
    """Flask config values from environment variables (see README, Settings)."""
    from .delivery_settings import delivery_from_env  # it imports ConfigError from here

    env = {k: v for k, v in environ.items() if v != ""}
    has_twilio = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN")
                      and (env.get("TWILIO_FROM_NUMBER") or env.get("TWILIO_MESSAGING_SERVICE_SID")))
    transport = env.get("SMS_TRANSPORT", "twilio" if has_twilio else "console")
    if transport not in TRANSPORTS:
        raise ConfigError(f"SMS_TRANSPORT must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
    if transport == "twilio" and not has_twilio:
        raise ConfigError("SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                         "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    return {
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{instance_path / 'hjulsamtal.db'}"),
        "SECRET_KEY": env.get("SECRET_KEY") or _dev_secret(instance_path),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID"),
        # No token configured: a random one, so that no unsigned (or guessed) request is ever accepted.
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(32),
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER"),
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID"),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL"),
        "SMS_TRANSPORT": transport,
        "TZ_NAME": env.get("TZ_NAME", "Europe/Stockholm"),
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL"),  # default: Twilio's own (bot.transport)
        "DELIVERY": delivery_from_env(env),
    }
