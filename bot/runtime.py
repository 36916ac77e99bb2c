"""What every request and command shares, built once per app: engine, texts, database, transport, clock.

Rule: built at start-up (flows validated, one Machine per flow, locale files preloaded), never per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Engine as SqlEngine
from sqlalchemy.orm import Session, sessionmaker

from .crypto import Keyring, install, parse_data_keys
from .db import ROOT, make_engine
from .delivery_settings import DeliverySettings
from .engine import Engine, build_engine
from .texts import Texts
from .transport import Transport, make_transport

FLOWS_DIR = ROOT / "flows"
LOCALES_DIR = ROOT / "locales"


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
    hash_key: bytes
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    _index: Callable[[str], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Memoised, so that the webhook's rate limit and the turn share one HMAC per message.
        self._index = lru_cache(maxsize=4096)(
            lambda phone: hmac.new(self.hash_key, phone.encode(), hashlib.sha256).hexdigest())

    def today(self) -> dt.date:
        """Today's date where the participants live."""
        return self.clock().astimezone(self.tz).date()

    def phone_hash(self, phone: str) -> str:
        """The blind index of a phone number (crypto.phone_index): how a number is found, never stored."""
        return self._index(phone)


def load_texts_and_engine(flows_dir: Path = FLOWS_DIR, locales_dir: Path = LOCALES_DIR) -> tuple[Texts, Engine]:
    """Preload the locales, then validate and compile the flows."""
    texts = Texts(locales_dir)
    return texts, build_engine(flows_dir, texts.languages)


def build_runtime(config: dict[str, Any]) -> Runtime:
    """Everything the app needs, from its config."""
    texts, engine = load_texts_and_engine()
    keys = Keyring(parse_data_keys(config["HJULSAMTAL_DATA_KEYS"]), config["HJULSAMTAL_INDEX_KEY"])
    install(keys)
    db_engine = make_engine(config["DATABASE_URL"])
    return Runtime(
        engine=engine,
        texts=texts,
        db_engine=db_engine,
        db=sessionmaker(db_engine, expire_on_commit=False),
        transport=config.get("TRANSPORT") or make_transport(config),
        tz=ZoneInfo(config["TZ_NAME"]),
        clock=config.get("CLOCK") or utc_now,
        hash_key=keys.index_key,
        delivery=config.get("DELIVERY") or DeliverySettings(),
    )


def runtime() -> Runtime:
    """The current app's runtime."""
    rt: Runtime = current_app.extensions["hjulsamtal"]
    return rt
