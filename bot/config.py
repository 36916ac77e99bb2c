"""Settings from the environment. Rule: nothing secret has a fixed default; unset secrets are random.

HJULSAMTAL_ENV=production refuses to start unless every secret is given (nothing is made up), strong (long,
not guessable by the estimate below, all different) and the public URL is https, the SMS transport is
Twilio (never the console) and concerns can be e-mailed (SMTP_URL, MAIL_FROM); development makes what is
missing, keeps it in instance/, and says so loudly. This is the one place settings are read: delivery
(outbox, reminders, worker), staff e-mail and the session cookies included.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.store.crypto import KeyConfigError, Keyring, new_data_key, parse_data_keys

TRANSPORTS = ("twilio", "console")
IDLE_MINUTES = 30  # a staff session unused this long is logged out
SESSION_MAX_HOURS = 10  # ... and one started this long ago, however busy


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which."""


ENVIRONMENTS = ("development", "production")
PRODUCTION_NEEDS = ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "HJULSAMTAL_DATA_KEYS", "HJULSAMTAL_INDEX_KEY",
                    "PUBLIC_BASE_URL")
DEVELOPMENT_WARNING = ("DEVELOPMENT MODE: keys and secrets are made up and kept in instance/; "
                       "never use this mode for real participants (set HJULSAMTAL_ENV=production)")


def _dev_secret(instance_path: Path, name: str = "secret_key", make: Any = lambda: secrets.token_hex(32)) -> str:
    """A secret kept in instance/ so that every process of a development server shares it."""
    path = instance_path / name
    if not path.exists():
        instance_path.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as fh:
            fh.write(make())
    return path.read_text().strip()


# Secret -> (minimum length, minimum estimated bits). Twilio's auth token is 32 hex digits (128 bits, of which
# the estimate sees at least ~87 in random ones); the others are made with `hjulsamtal keys generate` or
# `python -c "import secrets; print(secrets.token_urlsafe(32))"`.
STRONG = {"SECRET_KEY": (32, 128), "HJULSAMTAL_INDEX_KEY": (32, 128), "TWILIO_AUTH_TOKEN": (32, 80)}


def estimated_bits(value: str) -> float:
    """A guess of a secret's entropy: the Shannon entropy of its characters times its length, where the length
    counts only distinct 3-character pieces (so a repeated word or one character scores low). An estimate that
    catches the usual mistakes (short, one letter, a word repeated), not a proof of randomness."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    pieces = len({value[i:i + 3] for i in range(len(value) - 2)})
    return per_char * min(len(value), pieces + 2)


def _secret_problems(env: Mapping[str, str]) -> list[str]:
    """Weak or reused secrets: too short, too guessable, a data key that is no Fernet key, one value twice."""
    problems = []
    for name, (length, bits) in STRONG.items():
        if len(env[name]) < length:
            problems.append(f"production mode needs {name} of at least {length} characters")
        elif estimated_bits(env[name]) < bits:
            problems.append(f"production mode needs a random {name} (this one is too guessable)")
    data_keys = parse_data_keys(env["HJULSAMTAL_DATA_KEYS"])
    try:
        Keyring(data_keys, env["HJULSAMTAL_INDEX_KEY"])  # every data key a Fernet key
    except KeyConfigError as exc:
        problems.append(str(exc))
    values = [env[name] for name in STRONG] + data_keys
    if len(set(values)) < len(values):
        problems.append("production mode needs every secret different (SECRET_KEY, HJULSAMTAL_INDEX_KEY, "
                        "TWILIO_AUTH_TOKEN, each data key)")
    return problems


def _transport_problems(env: Mapping[str, str]) -> list[str]:
    """Production sends real SMS: Twilio's account, token and sender, never the console transport."""
    if env.get("SMS_TRANSPORT", "twilio") != "twilio":
        return ["production mode needs SMS_TRANSPORT=twilio (the console transport sends nothing)"]
    if not env.get("TWILIO_ACCOUNT_SID") or not (env.get("TWILIO_FROM_NUMBER")
                                                 or env.get("TWILIO_MESSAGING_SERVICE_SID")):
        return ["production mode needs TWILIO_ACCOUNT_SID and TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID "
                "(a real SMS transport)"]
    return []


def _production_problems(env: Mapping[str, str]) -> list[str]:
    """What production mode lacks: missing settings, a public URL that is not https, weak or reused secrets,
    no real SMS transport."""
    missing = [name for name in PRODUCTION_NEEDS if not env.get(name)]
    if missing:
        return [f"production mode needs {', '.join(missing)} (missing)"]
    url = urlsplit(env["PUBLIC_BASE_URL"])
    if url.scheme != "https" or not url.hostname:
        return ["production mode needs PUBLIC_BASE_URL on https (e.g. https://hjul.example.se)"]
    return _secret_problems(env) + _transport_problems(env) + _limit_problems(env) + _mail_problems(env)


def _mail_problems(env: Mapping[str, str]) -> list[str]:
    """Concerns must reach a person at once: production needs a mail server and a sender (no console mail)."""
    if not env.get("SMTP_URL") or not env.get("MAIL_FROM"):
        return ["production mode needs SMTP_URL and MAIL_FROM (concerns are e-mailed to staff)"]
    return []
    return []


def _limit_problems(env: Mapping[str, str]) -> list[str]:
    """Login and SMS limits count in one place: `memory://` counts per process, so several gunicorn workers
    (WEB_CONCURRENCY, 2 by default) would each allow the full number of attempts."""
    storage = env.get("RATELIMIT_STORAGE_URI", "memory://")
    if storage.startswith("memory://") and env.get("WEB_CONCURRENCY", "2") != "1":
        return ["production mode needs RATELIMIT_STORAGE_URI=redis://... (shared by the processes) or "
                "WEB_CONCURRENCY=1: memory:// counts login attempts per process"]
    return []


def _count(env: Mapping[str, str], name: str) -> int:
    """A whole number >= 0 from the environment (0 when unset)."""
    raw = env.get(name, "0")
    if not raw.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {raw!r}")
    return int(raw)


def _keys(env: Mapping[str, str], instance_path: Path) -> dict[str, str]:
    """The data keys and the index key: from the environment, else (development) from instance/."""
    data_keys = env.get("HJULSAMTAL_DATA_KEYS") or _dev_secret(instance_path, "data_keys", new_data_key)
    index_key = env.get("HJULSAMTAL_INDEX_KEY") or _dev_secret(instance_path, "index_key",
                                                                lambda: secrets.token_urlsafe(32))
    try:
        Keyring(parse_data_keys(data_keys), index_key)
    except KeyConfigError as exc:
        raise ConfigError(str(exc)) from None
    return {"HJULSAMTAL_DATA_KEYS": data_keys, "HJULSAMTAL_INDEX_KEY": index_key}


def cookie_settings(production: bool, public_base_url: str | None = None) -> dict[str, Any]:
    """Session and remember-me cookies: never readable by scripts, not sent cross-site, https-only in production
    or when the public URL is https; a staff session unused for STAFF_IDLE_MINUTES ends."""
    secure = production or str(public_base_url or "").startswith("https://")
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }


def session_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The cookie flags and the idle timeout, derived from the final settings (test settings included)."""
    idle = int(config.get("STAFF_IDLE_MINUTES", IDLE_MINUTES))
    return {
        **cookie_settings(config.get("HJULSAMTAL_ENV") == "production", config.get("PUBLIC_BASE_URL")),
        "STAFF_IDLE_MINUTES": idle,
        "PERMANENT_SESSION_LIFETIME": dt.timedelta(minutes=idle),
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the (idle-limited) session
    }


def settings_from_env(environ: Mapping[str, str], instance_path: Path) -> dict[str, Any]:
    """Flask config values from environment variables (see README, Settings)."""
    env = {k: v for k, v in environ.items() if v != ""}
    mode = env.get("HJULSAMTAL_ENV", "development")
    if mode not in ENVIRONMENTS:
        raise ConfigError(f"HJULSAMTAL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {mode!r}")
    production = mode == "production"
    if production and (problems := _production_problems(env)):
        raise ConfigError(problems[0])
    has_twilio = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN")
                      and (env.get("TWILIO_FROM_NUMBER") or env.get("TWILIO_MESSAGING_SERVICE_SID")))
    transport = env.get("SMS_TRANSPORT", "twilio" if has_twilio else "console")
    if transport not in TRANSPORTS:
        raise ConfigError(f"SMS_TRANSPORT must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
    if transport == "twilio" and not has_twilio:
        raise ConfigError("SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                         "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    return {
        "HJULSAMTAL_ENV": mode,
        "TRUSTED_PROXIES": _count(env, "TRUSTED_PROXIES"),
        "STAFF_SESSION_MAX_HOURS": _count(env, "STAFF_SESSION_MAX_HOURS") or SESSION_MAX_HOURS,
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
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL"),  # default: Twilio's own (bot.sms.transport)
        "CHROMIUM": env.get("CHROMIUM"),  # the PDFs' printer (bot/services/pdf.py); default: chromium on PATH
        "DELIVERY": delivery_from_env(env),
        "MAIL": mail_from_env(env),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "SMS_RATE_LIMIT": env.get("SMS_RATE_LIMIT", "60 per 10 minutes;300 per day"),
        "LOGIN_RATE_LIMIT_ACCOUNT": env.get("LOGIN_RATE_LIMIT_ACCOUNT", "10 per 15 minutes"),
        "LOGIN_RATE_LIMIT_IP": env.get("LOGIN_RATE_LIMIT_IP", "30 per 15 minutes"),
        "LOGIN_RATE_LIMIT_ACCOUNT_ALL": env.get("LOGIN_RATE_LIMIT_ACCOUNT_ALL", "50 per 15 minutes"),
        **_keys(env, instance_path),
        **cookie_settings(production, env.get("PUBLIC_BASE_URL")),
    }


@dataclass(frozen=True)
class DeliverySettings:
    """How the outbox retries and when reminders go out."""

    max_attempts: int = 8  # sends of one message before it is `failed`
    backoff_seconds: float = 30.0  # first retry delay; doubles per attempt ...
    backoff_cap_seconds: float = 3600.0  # ... up to this
    lease_seconds: float = 120.0  # a claimed message is retried if not recorded by then (a crashed worker)
    batch: int = 10  # messages claimed per transaction (batch x HTTP timeout < lease)
    silence_hours: float = 48.0  # reminder after this long without an answer (0: never)
    before_meeting_days: int = 2  # reminder this many days before the meeting (0: never)
    poll_seconds: float = 2.0  # how often a running worker looks for due work

    def retry_delay(self, attempts: int) -> dt.timedelta:
        """The wait before the next try after `attempts` sends (SMS or e-mail): exponential, capped."""
        seconds = self.backoff_seconds * 2 ** max(attempts - 1, 0)
        return dt.timedelta(seconds=min(seconds, self.backoff_cap_seconds))


ENVIRONMENT = {
    "OUTBOX_MAX_ATTEMPTS": "max_attempts",
    "OUTBOX_BACKOFF_SECONDS": "backoff_seconds",
    "OUTBOX_BACKOFF_CAP_SECONDS": "backoff_cap_seconds",
    "OUTBOX_LEASE_SECONDS": "lease_seconds",
    "OUTBOX_BATCH": "batch",
    "REMINDER_SILENCE_HOURS": "silence_hours",
    "REMINDER_BEFORE_MEETING_DAYS": "before_meeting_days",
    "WORKER_POLL_SECONDS": "poll_seconds",
}


def delivery_from_env(environ: Mapping[str, str]) -> DeliverySettings:
    """The settings, with any of ENVIRONMENT's variables that are set (non-negative numbers)."""
    types = {f.name: f.type for f in fields(DeliverySettings)}
    values: dict[str, Any] = {}
    for variable, name in ENVIRONMENT.items():
        raw = environ.get(variable, "")
        if raw == "":
            continue
        try:
            value = int(raw) if types[name] == "int" else float(raw)
        except ValueError:
            raise ConfigError(f"{variable} must be a number, not {raw!r}") from None
        if value < 0:
            raise ConfigError(f"{variable} must not be negative")
        values[name] = value
    return replace(DeliverySettings(), **values)


MAIL_SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}  # scheme -> default port
SMTP_URL_SHAPE = "smtp://host:port, smtp+starttls://user:pass@host:587 or smtps://user:pass@host:465"


@dataclass(frozen=True)
class MailSettings:
    """Where staff e-mail goes (SMTP_URL; None: the console mail transport), who it is from, the page it links
    to, and how long a concern may stay unseen before it goes to the on-call address."""

    smtp_url: str | None = None
    sender: str = "hjulsamtal@localhost"
    base_url: str = "http://127.0.0.1:5000"
    escalate_minutes: int = 60


def mail_from_env(env: Mapping[str, str]) -> MailSettings:
    """SMTP_URL, MAIL_FROM, CONCERN_ESCALATE_MINUTES and the public URL the e-mails link to."""
    url = env.get("SMTP_URL") or None
    if url is not None:
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 (a bad port raises)
        except ValueError:
            parts = parts._replace(netloc="")
        if parts.scheme not in MAIL_SCHEMES or not parts.hostname:
            raise ConfigError(f"SMTP_URL must look like {SMTP_URL_SHAPE}")
    sender = env.get("MAIL_FROM", MailSettings.sender)
    if sender.count("@") != 1 or any(c.isspace() for c in sender) or sender.startswith("@") or sender.endswith("@"):
        raise ConfigError(f"MAIL_FROM must be one e-mail address, not {sender!r}")
    base = env.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{env.get('PORT', '5000')}"
    minutes = _count(env, "CONCERN_ESCALATE_MINUTES") if "CONCERN_ESCALATE_MINUTES" in env else 60
    return MailSettings(smtp_url=url, sender=sender, base_url=base.rstrip("/"), escalate_minutes=minutes)
