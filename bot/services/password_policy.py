"""The password policy, wherever a password is set (`users create`, `users password`, the admin's user form).
Rule: at least MIN_LENGTH and at most MAX_LENGTH characters; not the e-mail address, its part before @ (or a
name in it), its domain (or the domain's name); not the organisation's slug or name (or a word of it); and
not a common password: not on the lists in data/common-passwords.txt and data/common-words-sv.txt (common
Swedish words: "Välkommen123"). Each of these is refused also with digits, signs or spaces before or after it
and with common letter swaps (p@ssw0rd); a common password repeated, a short piece repeated, or a run of the
keyboard, the alphabet or the digits is refused too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from bot.services.passwords import MIN_LENGTH

MAX_LENGTH = 200
COMMON_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"
WORDS_FILE = Path(__file__).resolve().parent / "data" / "common-words-sv.txt"
# Problem -> the staff text key (Swedish, locales/staff/auth.sv.yml) and the command line's message.
TEXT_KEYS = {"too_short": "password.too_short", "too_long": "password.too_long", "is_email": "password.is_email",
             "is_org": "password.is_org", "too_common": "password.too_common"}
CLI_MESSAGES = {
    "too_short": f"the password must have at least {MIN_LENGTH} characters",
    "too_long": f"the password must have at most {MAX_LENGTH} characters",
    "is_email": "the password must not be the e-mail address, its name or its domain (even with digits added)",
    "is_org": "the password must not be the organisation's name or slug (even with digits added)",
    "too_common": "the password is too common (a well-known password, perhaps with digits added); choose another",
}
_RUNS = ("0123456789" * 3, "abcdefghijklmnopqrstuvwxyzåäö", "qwertyuiopåasdfghjklöäzxcvbnm",
         "qwertyuiopasdfghjklzxcvbnm", "qwertzuiopasdfghjklyxcvbnm", "azertyuiopqsdfghjklmwxcvbn",
         "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp")
_SWAPS = str.maketrans({"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"})
_LETTER = re.compile(r"[^\W\d_]")
_SEPARATORS = re.compile(r"[\s._+@-]+")


@cache
def common_passwords() -> frozenset[str]:
    """The common passwords and common Swedish words (lower case; blank lines and # comments skipped)."""
    lines = [line for path in (COMMON_FILE, WORDS_FILE) for line in path.read_text(encoding="utf-8").splitlines()]
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def personal_words(*texts: str) -> frozenset[str]:
    """What a guesser tries first from `texts` (an e-mail's local part and domain, an organisation's slug and
    name): each as written, without its separators, and each piece of three letters or more."""
    words: set[str] = set()
    for text in (t.strip().casefold() for t in texts if t and t.strip()):
        pieces = [piece for piece in _SEPARATORS.split(text) if piece]
        words |= {text, "".join(pieces)} | {piece for piece in pieces if len(piece) >= 3}
        if "." in text:  # a domain: also its name without the top-level part (example.org -> example)
            words.add(text.rsplit(".", 1)[0])
    return frozenset(words)


def _variants(password: str) -> set[str]:
    """The password's cores (digits, signs and spaces cut off either end), as typed and with letter swaps undone."""
    cores = _cores(password.strip().casefold())
    return cores | {core.translate(_SWAPS) for core in cores}


def _cores(text: str) -> set[str]:
    """`text` and every version of it with digits, signs or spaces cut off its start or end."""
    letters = [m.start() for m in _LETTER.finditer(text)]
    if not letters:
        return {text}
    first, last = letters[0], letters[-1]
    return {text[i:j] for i in range(first + 1) for j in range(last + 1, len(text) + 1)}


def _repeated_unit(text: str) -> str | None:
    """The shortest piece that `text` is two or more copies of, if any."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return None


def _is_common(password: str) -> bool:
    common = common_passwords()
    folded = password.casefold()
    runs = _RUNS + tuple(run[::-1] for run in _RUNS)
    for core in _cores(folded) | {c.translate(_SWAPS) for c in _cores(folded)}:
        unit = _repeated_unit(core)
        if core in common or (unit is not None and (len(unit) <= 4 or unit in common)):
            return True
        if len(core) >= 6 and any(core in run for run in runs):
            return True
    return False


def policy_problem(password: str, email: str, org: Iterable[str] = ()) -> str | None:
    """What is wrong with `password` for the user `email` of the organisation named by `org` (its slug and
    name): a key of CLI_MESSAGES, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    variants = _variants(password)
    address = email.strip().casefold()
    local, _, domain = address.partition("@")
    if address and variants & (personal_words(local, domain) | {address}):
        return "is_email"
    if variants & personal_words(*org):
        return "is_org"
    if _is_common(password):
        return "too_common"
    return None
