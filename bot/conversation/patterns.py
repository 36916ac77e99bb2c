"""Word patterns from the lexicon files, compiled to regular expressions over `normal.words` text.

Rule: a pattern is data. Words are separated by spaces; "a|b" is either word; "word*" any ending (tense,
passive, compounds: "slag*" = slagen, slagit); "*word" any beginning (Arabic prefixes, "självskadar");
"word?" may be missing; ".." up to three words between; "..." anything after. Danger patterns match
anywhere and are indexed by their first letters, so a message is only tried against the few patterns its
own words could start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.conversation.normal import words

_GAP = r"(?:\S+ ){0,3}"
_REST = r"(?:\S+ )*"


def _word(alternative: str) -> str:
    head = r"\S*" if alternative.startswith("*") else ""
    tail = r"\S*" if alternative.endswith("*") else ""
    return head + re.escape(words(alternative.strip("*"))).replace(r"\ ", " ") + tail


def pattern_regex(pattern: str) -> str:
    """The regular expression (over " " + words + " ") for one pattern; every word is followed by a space."""
    out = []
    for token in str(pattern).split():
        if token == "..":
            out.append(_GAP)
            continue
        if token == "...":
            out.append(_REST)
            continue
        optional = token.endswith("?") and len(token) > 1
        alternatives = [a for a in token.rstrip("?").split("|") if words(a.strip("*"))]
        if not alternatives:
            continue
        body = "(?:" + "|".join(_word(a) for a in alternatives) + ") "
        out.append(f"(?:{body})?" if optional else body)
    return "".join(out)


def _keys(pattern: str) -> set[str]:
    """The first two letters every match must start with ("" = could start anywhere)."""
    first = str(pattern).split()[0] if str(pattern).split() else ""
    if first in ("..", "...") or first.endswith("?"):
        return {""}
    keys = set()
    for alternative in first.split("|"):
        core = words(alternative.strip("*"))
        keys.add("" if alternative.startswith("*") or len(core) < 2 else core[:2])
    return keys


class Finder:
    """Patterns that may match anywhere in a message (danger): indexed by their first two letters. `unless`
    patterns ("jag slog mig" on the gym floor, "slår mig i fifa") are blanked out of the words first."""

    def __init__(self, patterns: Iterable[str], unless: Iterable[str] = ()):
        groups: dict[str, list[str]] = {}
        for pattern in patterns:
            regex = pattern_regex(pattern)
            if not regex:
                continue
            for key in _keys(pattern):
                groups.setdefault(key, []).append(regex)
        self._index = {key: re.compile("(?<= )(?:" + "|".join(rs) + ")") for key, rs in groups.items()}
        exceptions = [pattern_regex(p) for p in unless]
        self._unless = re.compile("(?<= )(?:" + "|".join(r for r in exceptions if r) + ")") if exceptions else None

    def search(self, text: str) -> bool:
        """Whether any pattern matches the words of `text`."""
        said = words(text)
        if not said:
            return False
        found = self._search(f" {said} ")
        if found and self._unless:  # only then: most messages hold no danger at all
            found = self._search(self._unless.sub(" ", f" {said} "))
        return found

    def _search(self, padded: str) -> bool:
        keys = {w[:2] for w in padded.split()} | {""}
        return any(key in self._index and self._index[key].search(padded) for key in keys)


class Whole:
    """Patterns that must be the whole message, give or take leading and trailing filler words."""

    def __init__(self, patterns: Iterable[str], lead: Iterable[str] = (), trail: Iterable[str] = ()):
        bodies = [pattern_regex(p) for p in patterns]
        lead_re = "|".join(pattern_regex(w) for w in lead if words(str(w)))
        trail_re = "|".join(pattern_regex(w) for w in trail if words(str(w)))
        lead_part = f"(?:{lead_re})*" if lead_re else ""
        trail_part = f"(?:{trail_re})*" if trail_re else ""
        body = "|".join(b for b in bodies if b)
        self._regex = re.compile(f"^ {lead_part}(?:{body}){trail_part}$") if body else None

    def match(self, said: str) -> bool:
        """Whether the words `said` (already `normal.words`) are one of the patterns."""
        return bool(self._regex and said and self._regex.match(f" {said} "))


class Anywhere:
    """Named groups of patterns searched anywhere in a message (questions about the service), first group wins."""

    def __init__(self, groups: dict[str, Iterable[str]]):
        self._groups = [(name, re.compile("(?<= )(?:" + "|".join(pattern_regex(p) for p in ps) + ")"))
                        for name, ps in groups.items() if ps]

    def find(self, said: str) -> str | None:
        """The name of the first group with a pattern in the words `said`, else None."""
        if not said:
            return None
        padded = f" {said} "
        return next((name for name, regex in self._groups if regex.search(padded)), None)
