"""What every request, command and worker shares, built once: engine, texts, database, transports, clock.

Rule: built at start-up by the composition root (bot/app.py: flows validated, one Machine per flow, locale
files preloaded), never per request; nothing here imports Flask, so every service can take a Runtime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine as SqlEngine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import DeliverySettings, MailSettings
from bot.conversation import Engine, build_engine
from bot.conversation.datafiles import FLOWS_DIR, LOCALES_DIR
from bot.services.limits import RateLimits
from bot.services.reviews import StatusCache
from bot.services.smtp import ConsoleMailer, Mailer
from bot.services.transport import Transport
from bot.store.crypto import Keyring
from bot.texts.catalogue import Texts

EXTENSION = "hjulsamtal"  # the key of the app's Runtime in Flask's app.extensions


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Runtime:
    """The app's shared, start-up-built parts."""

    engine: Engine
    texts: Texts
    db_engine: SqlEngine
    db: sessionmaker[Session]
    transport: Transport
    tz: ZoneInfo
    clock: Callable[[], dt.datetime]
    keys: Keyring
    limits: RateLimits
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    mail: MailSettings = field(default_factory=MailSettings)
    mailer: Mailer = field(default_factory=ConsoleMailer)  # bot/services/smtp.py
    statuses: StatusCache = field(default_factory=StatusCache)  # languages' review statuses for SMS turns
    _index: Callable[[str], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Memoised, so that the webhook's rate limit and the turn share one HMAC per message.
        self._index = lru_cache(maxsize=4096)(self.keys.index)

    @property
    def hash_key(self) -> bytes:
        """The key of every keyed hash (the phone's blind index, login counters, unknown numbers)."""
        return self.keys.index_key

    def today(self) -> dt.date:
        """Today's date where the participants live."""
        return self.clock().astimezone(self.tz).date()

    def phone_hash(self, phone: str) -> str:
        """The blind index of a phone number (Keyring.index): how a number is found, never stored."""
        return self._index(phone)


def load_texts_and_engine(flows_dir: Path = FLOWS_DIR, locales_dir: Path = LOCALES_DIR) -> tuple[Texts, Engine]:
    """Preload the locales, then validate and compile the flows."""
    texts = Texts(locales_dir)
    return texts, build_engine(flows_dir, texts.languages)


def runtime_of(app: Any) -> Runtime:
    """The Runtime an app was built with (the edges pass Flask's current_app; no Flask import here)."""
    rt: Runtime = app.extensions[EXTENSION]
    return rt
