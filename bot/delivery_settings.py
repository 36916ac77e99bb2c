"""Delivery settings (outbox retries, reminders, worker), read from the environment once at start-up.

Rule: every value has a safe default; a bad value is a one-line ConfigError naming the variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from .config import ConfigError


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
