"""Password hashing with argon2-cffi. Rule: only hashes are stored; verification costs the same whether or
not the user exists (a dummy hash is checked for unknown e-mail addresses)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
_default = PasswordHasher()
_DUMMY = _default.hash("not-a-real-password-0000")


def hash_password(password: str, hasher: PasswordHasher | None = None) -> str:
    """An argon2id hash of `password`."""
    return (hasher or _default).hash(password)


def verify_password(stored: str | None, password: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether `password` matches `stored` (None: compare with a dummy so timing does not tell)."""
    try:
        return bool((hasher or _default).verify(stored or _DUMMY, password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether `stored` was made with weaker parameters than the current ones."""
    return (hasher or _default).check_needs_rehash(stored)
