"""The lexicon: flows/lexicon/<lang>.yaml per language and _shared.yaml, compiled once at start-up.

Rule: the lexicon is data, so adding a word or a pattern never needs code. A conversation in language L
understands L, Swedish and English; danger patterns of every language match in every conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.conversation.datafiles import read_yaml
from bot.conversation.normal import normalise, words
from bot.conversation.patterns import Finder
from bot.conversation.ratings import Choice, Rating, read_rating
from bot.conversation.vocabulary import COMMANDS, Command, Vocabulary, build, command, yes_no

__all__ = ["COMMANDS", "Choice", "Command", "Lexicon", "Rating", "Vocabulary", "load_lexicon", "normalise"]
SHARED = "_shared"


class Lexicon:
    """Recognition data per language, precompiled: vocabularies, faces and the danger patterns."""

    def __init__(self, shared: dict[str, Any], languages: dict[str, dict[str, Any]], areas: tuple[str, ...]):
        self.languages = tuple(languages)
        self.raw = languages
        self.faces: dict[str, list[tuple[str, int]]] = {}  # first character -> faces, longest first
        for face, value in sorted(((str(face).casefold(), int(value)) for value, faces in shared["faces"].items()
                                   for face in faces), key=lambda pair: -len(pair[0])):
            self.faces.setdefault(face[0], []).append((face, value))
        self._vocab = {lang: build([languages[s] for s in ("en", "sv") if s != lang and s in languages]
                                   + [languages[lang]], shared, areas) for lang in self.languages}
        self.danger = Finder((p for words_of in languages.values() for p in words_of.get("danger", [])),
                             unless=[p for words_of in languages.values() for p in words_of.get("not_danger", [])])

    def vocabulary(self, lang: str) -> Vocabulary:
        """The words a conversation in `lang` understands."""
        return self._vocab.get(lang) or self._vocab["sv"]

    def command(self, text: str, lang: str) -> Command | None:
        """The command the whole message is, if any ("ÄNDRA 3" -> change 3)."""
        return command(self.vocabulary(lang), words(text))

    def yes_no(self, text: str, lang: str) -> bool | None:
        """True for yes, False for no, None for anything else."""
        return yes_no(self.vocabulary(lang), normalise(text))

    def rating(self, text: str, lang: str, low: int, high: int) -> Rating | None:
        """A single rating with its comment (a range or half is not one)."""
        found = read_rating(text, self.vocabulary(lang), self.faces, low, high)
        return found if isinstance(found, Rating) else None

    def reading(self, text: str, lang: str, low: int, high: int) -> Rating | Choice | None:
        """A rating, or the two ratings to choose between, or None."""
        return read_rating(text, self.vocabulary(lang), self.faces, low, high)

    def choice(self, text: str, lang: str, count: int) -> int | None:
        """A numbered choice 1..count: the whole message is one number (digit of any script, keycap or number
        word); a face, or words after the number, is not a choice."""
        stripped = text.strip()
        if any(stripped.casefold().startswith(face) for faces in self.faces.values() for face, _ in faces):
            return None
        rating = self.rating(stripped, lang, 1, count)
        return rating.value if rating is not None and rating.comment is None else None

    def has_danger(self, text: str) -> bool:
        """Whether the text contains a phrase of acute danger in any language."""
        return self.danger.search(text)


def load_lexicon(flows_dir: Path, areas: tuple[str, ...] | None = None) -> Lexicon:
    """Read flows/lexicon/*.yaml (areas: the wheel's, read from flows/wheel.yaml if not given)."""
    folder = flows_dir / "lexicon"
    if areas is None:
        areas = tuple(read_yaml(flows_dir / "wheel.yaml")["areas"])
    languages = {path.stem: read_yaml(path) or {} for path in sorted(folder.glob("*.yaml")) if path.stem != SHARED}
    return Lexicon(read_yaml(folder / f"{SHARED}.yaml"), languages, areas)
