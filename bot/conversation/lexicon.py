"""Read what a participant wrote: commands, yes/no, ratings with comments, danger phrases.

Rule: commands and yes/no match the WHOLE message (case-, accent- and punctuation-insensitive) so a
sentence that merely contains a command word is never taken as one; danger phrases match anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.conversation.datafiles import read_yaml

COMMANDS = ("help", "back", "skip", "change", "language", "stop")
_KEYCAP = re.compile(r"^([0-9])\ufe0f?\u20e3")
_LEAD = re.compile(r"^[\s,.:;!)\-–—=/]+")
_SPACES = re.compile(r"\s+")
# Letters written in more than one way in Arabic-script texts (Arabic vs Persian keyboards), and the
# tatweel stretch: folded so "كمك" and "کمک" are the same word; the Ukrainian apostrophe ʼ is punctuation.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None, "ʼ": " "})
# Ethiopic numerals (no zero; Unicode gives them no decimal value): ፩-፱ are 1-9.
_ETHIOPIC = {chr(0x1369 + i): i + 1 for i in range(9)}
# Direction marks and zero-width characters that phones put before or after a message (RTL keyboards).
_EDGE_MARKS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"


def normalise(text: str) -> str:
    """Casefold, drop accents and punctuation, collapse spaces: "Hjälp!" -> "hjalp"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD)
    kept = []
    for ch in decomposed:
        cat = unicodedata.category(ch)
        if cat == "Mn":
            continue
        kept.append(" " if cat[0] in "PSZC" else ch)
    return _SPACES.sub(" ", "".join(kept)).strip()


def _digit(ch: str) -> int | None:
    """The value of one digit of any script (Arabic-Indic, Persian, Ethiopic ...), else None."""
    value = unicodedata.decimal(ch, None)
    return _ETHIOPIC.get(ch) if value is None else value


@dataclass(frozen=True)
class Command:
    """A command word, with the area number for `change` (None if none was given)."""

    name: str
    number: int | None = None


@dataclass(frozen=True)
class Rating:
    """A rating 1-5 and the comment written after it (None if none)."""

    value: int
    comment: str | None


@dataclass(frozen=True)
class Vocabulary:
    """The words one conversation language understands (its own, Swedish and English)."""

    commands: dict[str, str]  # normalised word -> command name
    change_words: tuple[str, ...]
    yes: frozenset[str]
    no: frozenset[str]
    numbers: dict[str, int]


class Lexicon:
    """Recognition data from flows/lexicon.yaml, precompiled per language."""

    def __init__(self, raw: dict[str, Any]):
        self.languages = tuple(raw["languages"])
        self.faces = sorted(
            ((face, int(value)) for value, faces in raw["faces"].items() for face in faces),
            key=lambda pair: -len(pair[0]),
        )
        self._vocab = {lang: self._vocabulary(raw["languages"], lang) for lang in self.languages}
        self._danger = tuple(
            f" {normalise(p)} " for words in raw["languages"].values() for p in words.get("danger", [])
        )

    @staticmethod
    def _vocabulary(languages: dict[str, Any], lang: str) -> Vocabulary:
        commands: dict[str, str] = {}
        change: list[str] = []
        yes: set[str] = set()
        no: set[str] = set()
        numbers: dict[str, int] = {}
        # Own language last, so its words win over a clash with Swedish or English.
        for source in dict.fromkeys(["en", "sv", lang]):
            words = languages.get(source, {})
            for name in COMMANDS:
                for word in words.get(name, []):
                    commands[normalise(str(word))] = name
            change += [normalise(str(w)) for w in words.get("change", [])]
            yes |= {normalise(str(w)) for w in words.get("yes", [])}
            no |= {normalise(str(w)) for w in words.get("no", [])}
            for value, ws in words.get("numbers", {}).items():
                numbers.update({normalise(str(w)): int(value) for w in ws})
        return Vocabulary(commands, tuple(dict.fromkeys(change)), frozenset(yes), frozenset(no), numbers)

    def vocabulary(self, lang: str) -> Vocabulary:
        """The words a conversation in `lang` understands."""
        return self._vocab.get(lang) or self._vocab["sv"]

    def command(self, text: str, lang: str) -> Command | None:
        """The command the whole message is, if any ("ÄNDRA 3" -> change 3)."""
        words = normalise(text)
        vocab = self.vocabulary(lang)
        name = vocab.commands.get(words)
        if name:
            return Command(name)
        for word in vocab.change_words:
            if words.startswith(word + " ") or (words.startswith(word) and words[len(word):].isdecimal()):
                rest = words[len(word):].strip()
                if len(rest) == 1 and _digit(rest) is not None:
                    return Command("change", _digit(rest))
        return None

    def yes_no(self, text: str, lang: str) -> bool | None:
        """True for yes, False for no, None for anything else."""
        words = normalise(text)
        vocab = self.vocabulary(lang)
        if words in vocab.yes:
            return True
        if words in vocab.no:
            return False
        return None

    def rating(self, text: str, lang: str, low: int, high: int) -> Rating | None:
        """A rating from digits of any script, keycaps, faces or number words, plus its comment."""
        text = text.strip().lstrip(_EDGE_MARKS).strip()
        value, rest = self._leading_value(text)
        if value is None:
            value = self.vocabulary(lang).numbers.get(normalise(text))
            rest = ""
        if value is None or not low <= value <= high:
            return None
        comment = _LEAD.sub("", rest).strip()
        return Rating(value, comment or None)

    def choice(self, text: str, lang: str, count: int) -> int | None:
        """A numbered choice 1..count: the whole message is one number (digit of any script, keycap or number
        word); a face, or words after the number, is not a choice."""
        stripped = text.strip().lstrip(_EDGE_MARKS).strip()
        if any(stripped.startswith(face) for face, _ in self.faces):
            return None
        rating = self.rating(stripped, lang, 1, count)
        return rating.value if rating is not None and rating.comment is None else None

    def _leading_value(self, text: str) -> tuple[int | None, str]:
        keycap = _KEYCAP.match(text)
        if keycap:
            return int(keycap.group(1)), text[keycap.end():]
        if text and _digit(text[0]) is not None:
            rest = text[1:]
            if rest and (_digit(rest[0]) is not None or (rest[0] in ".," and rest[1:2].isdecimal())):
                return None, text  # 10, 45, 3.5: not a rating on the scale
            return _digit(text[0]), rest
        for face, value in self.faces:
            if text.startswith(face):
                return value, text[len(face):]
        return None, text

    def has_danger(self, text: str) -> bool:
        """Whether the text contains a phrase of acute danger in any language."""
        padded = f" {normalise(text)} "
        return any(phrase in padded for phrase in self._danger)


def load_lexicon(flows_dir: Path) -> Lexicon:
    """Read flows/lexicon.yaml."""
    return Lexicon(read_yaml(flows_dir / "lexicon.yaml"))
