"""Encryption at rest and the phone blind index. Rule: personal data reach the database only as ciphertext.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256, `cryptography`) under the keys of
HJULSAMTAL_DATA_KEYS, newest first: the newest encrypts, every listed key decrypts, so a key is rotated by
putting a new one first, running `hjulsamtal keys rotate`, then dropping the old one. A phone number is
found through `phone_index`, an HMAC-SHA256 under its own key (HJULSAMTAL_INDEX_KEY), never the number.

The SQLAlchemy types below read the process's installed keyring (create_app installs it), because a type
decorator sees no app; every app of one process must therefore use the same keys.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

INDEX_KEY_MIN = 32  # characters of HJULSAMTAL_INDEX_KEY


class KeyConfigError(ValueError):
    """The keys are missing or malformed; the message says which."""


def parse_data_keys(text: str) -> list[str]:
    """'k1, k2' -> ['k1', 'k2'] (newest first)."""
    return [key.strip() for key in text.split(",") if key.strip()]


def new_data_key() -> str:
    """A fresh data key (url-safe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode("ascii")


class Keyring:
    """The data keys (newest first) and the index key."""

    def __init__(self, data_keys: Sequence[str], index_key: str):
        if not data_keys:
            raise KeyConfigError("HJULSAMTAL_DATA_KEYS is empty")
        fernets = []
        for n, key in enumerate(data_keys, 1):
            try:
                fernets.append(Fernet(key))
            except (ValueError, binascii.Error):
                raise KeyConfigError(f"HJULSAMTAL_DATA_KEYS: key {n} is not a Fernet key "
                                     "(url-safe base64 of 32 bytes; `hjulsamtal keys generate` makes one)") from None
        if len(index_key) < INDEX_KEY_MIN:
            raise KeyConfigError(f"HJULSAMTAL_INDEX_KEY must be at least {INDEX_KEY_MIN} characters")
        self._primary = fernets[0]
        self._all = MultiFernet(fernets)
        self._index_key = index_key.encode()

    @property
    def index_key(self) -> bytes:
        """The HMAC key of the blind index."""
        return self._index_key

    def encrypt(self, text: str) -> str:
        """A token of `text` under the newest key."""
        return self._primary.encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The text of a token made under any listed key (InvalidToken otherwise)."""
        return self._all.decrypt(token.encode("ascii")).decode()

    def is_current(self, token: str) -> bool:
        """Whether a token is already under the newest key."""
        try:
            self._primary.decrypt(token.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        """The same text, re-encrypted under the newest key."""
        return self._all.rotate(token.encode("ascii")).decode("ascii")

    def index(self, phone: str) -> str:
        """The blind index of a phone number (64 hex characters)."""
        return hmac.new(self._index_key, phone.encode(), hashlib.sha256).hexdigest()


_installed: Keyring | None = None


def install(keyring: Keyring) -> None:
    """Make `keyring` the one the column types use."""
    global _installed
    _installed = keyring


def installed() -> Keyring | None:
    """The installed keyring, if any."""
    return _installed


def keyring() -> Keyring:
    """The installed keyring; RuntimeError before create_app has installed one."""
    if _installed is None:
        raise RuntimeError("no encryption keys installed (create_app installs them)")
    return _installed


def token_length(plain_bytes: int) -> int:
    """The length of a Fernet token of up to `plain_bytes` bytes."""
    raw = 1 + 8 + 16 + (plain_bytes // 16 + 1) * 16 + 32  # version, time, IV, padded AES blocks, HMAC
    return 4 * -(-raw // 3)


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token; None stays NULL. Never compare it in SQL (tokens are randomised)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Encrypt on the way in."""
        return None if value is None else keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else keyring().decrypt(value)


class EncryptedString(TypeDecorator[str]):
    """A short encrypted string of at most `length` characters, in a column sized for its token."""

    impl = String
    cache_ok = True

    def __init__(self, length: int):
        self.max_chars = length
        super().__init__(token_length(4 * length))  # UTF-8: at most 4 bytes a character

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        """Refuse values longer than the column promises, then encrypt."""
        if value is not None and len(value) > self.max_chars:
            raise ValueError(f"value longer than {self.max_chars} characters")
        return None if value is None else keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else keyring().decrypt(value)


class EncryptedJSON(TypeDecorator[dict[str, Any]]):
    """A JSON document stored as one Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dict[str, Any] | None, dialect: Dialect) -> str | None:
        """Serialise compactly, then encrypt."""
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def process_result_value(self, value: str | None, dialect: Dialect) -> dict[str, Any] | None:
        """Decrypt, then parse."""
        return None if value is None else dict(json.loads(keyring().decrypt(value)))


ENCRYPTED_TYPES = (EncryptedText, EncryptedString, EncryptedJSON)
