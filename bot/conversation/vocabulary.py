"""What one conversation language understands, and the whole-message readings built on it.

Rule: a conversation in language L understands L, Swedish and English (own language last, so its words win
a clash). Commands, yes/no, "don't know" and confusion are whole-message readings (after `normal.words`), so
a sentence merely containing a command word is never one; yes/no may be followed by a few words ("ja det
stämmer"), never by a negation; opt-outs are whole-message patterns with filler words around them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.conversation.normal import digit, normalise, words
from bot.conversation.patterns import Anywhere, Whole

COMMANDS = ("help", "back", "skip", "change", "language", "stop")
QUESTIONS = ("parents", "anonymous", "who_reads", "when", "why", "next")  # first match wins
_ORDINAL = re.compile(r"^(\d) ?(?:a|e|an|en|or|th|st|nd|rd)?$")  # "4", "4a", "4:an" (as words: "4 an")
YES_TAIL_WORDS = 5  # "ja det stämmer bra tack": at most this many words after a leading yes or no


@dataclass(frozen=True)
class Command:
    """A command word, with the area number for `change` (None if none was given)."""

    name: str
    number: int | None = None


@dataclass(frozen=True)
class Change:
    """A read-back change: the area's number (1-based) and, for "ändra 3 till 4", the new rating (`worded`:
    written as a word, "ändra 3 till fyra", so the reply says what was understood)."""

    number: int
    rating: int | None = None
    worded: bool = field(default=False, compare=False)


def _phrases(values: Any) -> list[str]:
    return [w for w in (words(str(v)) for v in values or ()) if w]


@dataclass(frozen=True)
class Vocabulary:
    """The words one conversation language understands (its own, Swedish and English)."""

    commands: dict[str, str]  # normalised word -> command name
    change_words: tuple[str, ...]
    change_first: frozenset[str]  # the first word of every change word
    yes: frozenset[str]
    no: frozenset[str]
    numbers: dict[str, int]
    numbers_alone: dict[str, int]
    hedges: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the hedges starting with it, longest first
    scale: frozenset[str]
    ranges: frozenset[str]
    between: frozenset[str]
    dont_know: frozenset[str]
    confused: frozenset[str]
    negations: frozenset[str]
    areas: dict[str, int]  # area name -> its number
    change_to: frozenset[str]
    number_marks: frozenset[str]
    opt_out: Whole
    questions: Anywhere
    stars: frozenset[str]  # "⭐⭐⭐⭐" is a 4


def build(sources: list[Mapping[str, Any]], shared: Mapping[str, Any], areas: tuple[str, ...]) -> Vocabulary:
    """One language's vocabulary from its sources (English, Swedish, then its own file) and _shared.yaml."""
    commands: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    numbers: dict[str, int] = {}
    alone: dict[str, int] = {}
    area_names: dict[str, int] = {}
    questions: dict[str, list[str]] = {q: [] for q in QUESTIONS}
    raw: dict[str, list[str]] = {"opt_out": [], "fillers": []}
    for words_of in sources:
        for name in COMMANDS:
            commands.update({w: name for w in _phrases(words_of.get(name))})
        for key in ("change", "yes", "no", "hedges", "scale", "ranges", "between", "dont_know", "confused",
                    "negations", "change_to", "number_marks"):
            lists.setdefault(key, []).extend(_phrases(words_of.get(key)) + _signs(words_of.get(key)))
        for value, ws in (words_of.get("numbers") or {}).items():
            numbers.update({w: int(value) for w in _phrases(ws)})
        for value, ws in (words_of.get("numbers_alone") or {}).items():
            alone.update({w: int(value) for w in _phrases(ws)})
        for area, names in (words_of.get("areas") or {}).items():
            area_names.update({w: areas.index(area) + 1 for w in _phrases(names)})
        for q, patterns in (words_of.get("questions") or {}).items():
            questions[q] += [str(p) for p in patterns]
        for key in raw:
            raw[key] += [str(p) for p in words_of.get(key) or ()]
    yes = set(lists["yes"]) | {normalise(str(s)) for s in shared.get("yes", [])}
    no = set(lists["no"]) | {normalise(str(s)) for s in shared.get("no", [])}
    confused = set(lists["confused"]) | {normalise(str(s)) for s in shared.get("help", [])}
    return Vocabulary(
        commands=commands, change_words=tuple(dict.fromkeys(lists["change"])),
        change_first=frozenset(w.split()[0] for w in lists["change"]),
        yes=frozenset(yes - no), no=frozenset(no), numbers=numbers, numbers_alone=alone,
        hedges=_by_first_word(lists["hedges"]),
        scale=frozenset(lists["scale"]), ranges=frozenset(lists["ranges"]), between=frozenset(lists["between"]),
        dont_know=frozenset(lists["dont_know"]), confused=frozenset(confused),
        negations=frozenset(lists["negations"]), areas=area_names, change_to=frozenset(lists["change_to"]),
        number_marks=frozenset(lists["number_marks"]),
        opt_out=Whole(raw["opt_out"], lead=raw["fillers"], trail=raw["fillers"]),
        questions=Anywhere({q: ps for q, ps in questions.items() if ps}),
        stars=frozenset(str(s) for s in shared.get("stars", [])),
    )


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(phrases), key=lambda p: -len(p.split())):
        index.setdefault(phrase.split()[0], []).append(tuple(phrase.split()))
    return {first: tuple(found) for first, found in index.items()}


def _signs(values: Any) -> list[str]:
    """Entries that are only signs ("/", "-", "=") are kept as they are written."""
    return [str(v) for v in values or () if not words(str(v))]


def command(vocab: Vocabulary, said: str) -> Command | None:
    """The command the whole message is, if any ("ÄNDRA 3" -> change 3)."""
    name = vocab.commands.get(said)
    if name:
        return Command(name)
    for word in vocab.change_words:
        if said.startswith(word):
            rest = said[len(word):].strip()
            if len(rest) == 1 and digit(rest) is not None:
                return Command("change", int(rest))
    return None


def yes_no(vocab: Vocabulary, said: str, strict: bool = False) -> bool | None:
    """True for yes, False for no, None for anything else; a leading yes or no may have a short tail
    without a negation (`strict`: and without a number, as in the read-back)."""
    if said in vocab.yes:
        return True
    if said in vocab.no:
        return False
    tokens = said.split()
    if len(tokens) < 2:
        return None
    for cut in range(min(3, len(tokens) - 1), 0, -1):
        head, tail = " ".join(tokens[:cut]), tokens[cut:]
        if len(head) < 2 or len(tail) > YES_TAIL_WORDS or (strict and any(t.isdigit() for t in tail)):
            continue
        if head in vocab.no:
            return False
        if head in vocab.yes and not any(t in vocab.negations or t in vocab.no for t in tail):
            return True
    return None


def change(vocab: Vocabulary, said: str, total: int, lead: int = 0) -> Change | None:
    """A read-back change by number or area name ("ändra nr 3", "ändra trygg", "ändra 3 till 4");
    up to `lead` words may come before the change word ("nej ändra 3")."""
    tokens = said.split()
    if not any(t in vocab.change_first for t in tokens[:lead + 1]):
        return None
    for start in range(min(lead, len(tokens) - 1) + 1):
        for word in vocab.change_words:
            size = len(word.split())
            if " ".join(tokens[start:start + size]) == word:
                found = _target(vocab, tokens[start + size:], total)
                if found:
                    return found
    return None


def _target(vocab: Vocabulary, rest: list[str], total: int) -> Change | None:
    while rest and rest[0] in vocab.number_marks:
        rest = rest[1:]
    if not rest:
        return None
    number, used = None, 0
    if rest[0].isdigit():
        number, used = int(rest[0]), 1
    else:
        for size in (3, 2, 1):
            name = " ".join(rest[:size])
            if len(rest) >= size and name in vocab.areas:
                number, used = vocab.areas[name], size
                break
    if number is None or not 1 <= number <= total:
        return None
    rest = rest[used:]
    if not rest:
        return Change(number)
    while rest and (rest[0] in vocab.change_to or rest[0] in vocab.hedges):
        rest = rest[1:]
    said = " ".join(rest)
    ordinal = _ORDINAL.match(said)
    if ordinal:
        return Change(number, int(ordinal.group(1)))
    return Change(number, vocab.numbers[said], worded=True) if said in vocab.numbers else None


def starts_with(phrases: frozenset[str], said: str, most: int) -> bool:
    """Whether `said` (at most `most` words) starts with one of the phrases of two words or more."""
    tokens = said.split()
    return len(tokens) <= most and any(" ".join(tokens[:cut]) in phrases for cut in range(2, len(tokens)))


def dont_know(vocab: Vocabulary, said: str) -> bool | None:
    """True for "don't know" alone, False for "don't know" followed by more words (kept as the comment),
    None if the message is not "don't know"."""
    if said in vocab.dont_know:
        return True
    tokens = said.split()
    for cut in range(min(6, len(tokens) - 1), 0, -1):
        if " ".join(tokens[:cut]) in vocab.dont_know:
            return False
    return None
