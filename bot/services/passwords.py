"""Password hashing with argon2-cffi. Rule: only hashes are stored; verification costs the same whether or
not the user exists or may log in (a dummy hash with the current parameters is checked instead)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
_default = PasswordHasher()
_dummies: dict[tuple[int, int, int, int, int], str] = {}


def _hasher(hasher: PasswordHasher | None) -> PasswordHasher:
    return hasher or _default


def _dummy(hasher: PasswordHasher) -> str:
    """A hash of a random password, made once per set of parameters (so it costs what a real one costs)."""
    params = (hasher.time_cost, hasher.memory_cost, hasher.parallelism, hasher.hash_len, hasher.salt_len)
    if params not in _dummies:
        _dummies[params] = hasher.hash(secrets.token_urlsafe(24))
    return _dummies[params]


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """An argon2id hash of `password`."""
    return _hasher(hasher).hash(password)


def verify_password(stored: str | None, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether `password` matches `stored` (None: compare with a dummy so timing does not tell)."""
    chosen = _hasher(hasher)
    try:
        return bool(chosen.verify(stored or _dummy(chosen), password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether `stored` was made with weaker parameters than the current ones."""
    return _hasher(hasher).check_needs_rehash(stored)
