"""Read a rating from how people write it: "typ 4", "en 3:a", "4/5", "fyra, bra kompisar", "٤", "3️⃣".

Rule: a rating is a whole number on the scale (digits of any script, a keycap, a face, or a number word,
ordinal or colloquial form of the language) at the start after hedges ("typ", "kanske", "jag säger"), or a
digit within the first few words; "N/5" and "N av 5" are the same as N. The comment is the original text
after the rating, without the hedge. A range or a half ("3-4", "3,5", "mellan 3 och 4") is a Choice to ask
about; a number off the scale is never a rating. A rating not written in digits (a word, a face, stars, a
keycap) is `worded`: the next reply says what was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.conversation.normal import digit, words
from bot.conversation.vocabulary import Vocabulary

LEADING_WORDS = 3  # a digit after at most this many other words ("hemma 4") is still the rating
_WORD = r"[^\s\d!-/:-@\[-`{-~،؛؟…–—«»“”„'’ʼ\u1369-\u1371\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
_TOKEN = re.compile(
    r"(?P<key>[0-9#*]\ufe0f?\u20e3)"
    r"|(?P<num>[\d\u1369-\u1371]+(?:[.,][\d\u1369-\u1371]+|½)?|½)"
    rf"|(?P<word>{_WORD}+(?:['’ʼ]{_WORD}+)*)"
    r"|(?P<sign>\S)"
)
_ORDINAL = frozenset({"a", "e", "an", "en", "or", "th", "st", "nd", "rd", "ta", "de", "er", "ar"})
_MINUS = frozenset("-−–")
_DIGIT_WORDS = re.compile(r"\s*([0-9])[ ,.!]+((\w+)\W?.*)", re.S)  # "4 jag har bra kompisar", read at once
_LEAD = re.compile(r"^[\s,.:;!)\-–—=/+\ufe0f]+")


@dataclass(frozen=True)
class Rating:
    """A rating on the scale and the comment written with it (None if none); `worded`: not written in
    digits (compared by value and comment only)."""

    value: int
    comment: str | None
    worded: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Choice:
    """Between two ratings ("3-4", "3,5"): ask which one."""

    low: int
    high: int


@dataclass(frozen=True)
class _Tok:
    kind: str  # key | num | word | sign
    text: str
    start: int
    end: int
    norm: str


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "sign"
        raw = m.group()
        if kind in ("key", "num"):
            norm = "".join(digit(ch) or ch for ch in raw if ch not in "\ufe0f\u20e3")
            norm = norm[:-1] + ",5" if norm.endswith("½") and len(norm) > 1 else norm.replace("½", "0,5")
        else:
            norm = words(raw)
        out.append(_Tok(kind, raw, m.start(), m.end(), norm))
    return out


def _number(tok: _Tok, vocab: Vocabulary) -> int | float | None:
    if tok.kind in ("key", "num"):
        value = tok.norm.replace(",", ".")
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return None
    return vocab.numbers.get(tok.norm) if tok.kind == "word" else None


def _skip_hedges(toks: list[_Tok], vocab: Vocabulary, text: str, faces: dict[str, list[tuple[str, int]]]) -> int:
    i = 0
    while i < len(toks):
        if toks[i].kind == "sign" and _face(text, toks[i].start, faces):
            return i
        if toks[i].kind == "sign" and not (toks[i].text in _MINUS and i + 1 < len(toks)
                                           and toks[i + 1].kind == "num" and toks[i + 1].start == toks[i].end):
            i += 1
            continue
        for hedge in vocab.hedges.get(toks[i].norm, ()) if toks[i].kind == "word" else ():
            size = len(hedge)
            seq = toks[i:i + size]
            if len(seq) == size and all(t.kind == "word" and t.norm == w for t, w in zip(seq, hedge, strict=True)):
                if i + size == len(toks) and (hedge[-1] in vocab.numbers_alone or hedge[-1] in vocab.numbers):
                    return i + size - 1  # "kanske en": the last word is the number
                i += size
                break
        else:
            return i
    return i


def read_rating(text: str, vocab: Vocabulary, faces: dict[str, list[tuple[str, int]]], low: int, high: int
                ) -> Rating | Choice | None:
    """The rating (or the two ratings to choose between) that `text` gives, or None."""
    bare = text.strip()
    if len(bare) == 1 and bare.isdigit():  # the usual answer, read at once
        value = int(digit(bare) or 0)
        return Rating(value, None, worded=not _digits(bare)) if low <= value <= high else None
    simple = _DIGIT_WORDS.fullmatch(text)
    if simple and not simple[3].isdigit() and not _special(words(simple[3]), vocab):
        value = int(simple[1])
        return Rating(value, _comment(simple[2])) if low <= value <= high else None
    stars = [ch for ch in bare if ch not in "\ufe0f "]
    if stars and all(ch in vocab.stars for ch in stars):
        return Rating(len(stars), None, worded=True) if low <= len(stars) <= high else None
    toks = _tokens(text)
    if not toks:
        return None
    said = words(text)
    if said in vocab.numbers_alone:
        return Rating(vocab.numbers_alone[said], None, worded=True)
    i = _skip_hedges(toks, vocab, text, faces)
    if i < len(toks):
        face = _face(text, toks[i].start, faces)
        if face:
            value, end = face
            return Rating(value, _comment(text[end:]), worded=True)
        if toks[i].kind == "word" and toks[i].norm in vocab.numbers_alone and i == len(toks) - 1:
            return Rating(vocab.numbers_alone[toks[i].norm], None, worded=True)
        if toks[i].kind == "word" and toks[i].norm in vocab.between:
            return _between(toks[i + 1:], vocab, low, high)
        found = _at(toks, i, text, vocab, low, high)
        if not isinstance(found, bool):
            return found
    return _within(toks, text, vocab, low, high)


def _special(word: str, vocab: Vocabulary) -> bool:
    """Whether the word after a digit changes its reading: a scale, a range, an ordinal ending."""
    return word in vocab.scale or word in vocab.ranges or word in _ORDINAL or not word


def _digits(text: str) -> bool:
    """Whether a number is written in digits (of any script, Ethiopic too): then it needs no echo."""
    return all(ch.isdigit() for ch in text)


def _face(text: str, start: int, faces: dict[str, list[tuple[str, int]]]) -> tuple[int, int] | None:
    for face, value in faces.get(text[start:start + 1].casefold(), ()):
        if text[start:start + len(face)].casefold() == face.casefold():
            return value, start + len(face)
    return None


def _at(toks: list[_Tok], i: int, text: str, vocab: Vocabulary, low: int, high: int
        ) -> Rating | Choice | bool | None:
    """The reading of a number at token i; False if token i is no number."""
    tok = toks[i]
    if tok.kind == "sign" and tok.text in _MINUS:
        return None  # "-1"
    value = _number(tok, vocab)
    if value is None:
        return False
    if isinstance(value, float):
        whole = int(value)
        return Choice(whole, whole + 1) if value != whole and low <= whole < high else None
    if not low <= value <= high:
        return None
    worded = not _digits(tok.text)
    j = i + 1
    if j < len(toks) and tok.kind != "word":  # "3:a", "4an"
        k = j + 1 if toks[j].text == ":" and toks[j].start == tok.end else j
        if k < len(toks) and toks[k].kind == "word" and toks[k].norm in _ORDINAL and toks[k].start == toks[k - 1].end:
            j = k + 1
    scale = _scale(toks, j, vocab, high)
    if scale is None:
        return None  # "4 av 10": another scale
    if scale > j:
        j = scale
    else:
        other = _range(toks, j, vocab, low, high)
        if other is not None:
            return Choice(min(value, other), max(value, other)) if other != value else Rating(value, None, worded)
    return Rating(value, _comment(text[toks[j - 1].end:]), worded)


def _scale(toks: list[_Tok], j: int, vocab: Vocabulary, high: int) -> int | None:
    """The token after "/5" or "av 5" (j itself if there is none); None for a number on another scale."""
    if j + 1 < len(toks) and (toks[j].norm in vocab.scale or toks[j].text in vocab.scale):
        nxt = _number(toks[j + 1], vocab) if toks[j + 1].kind != "word" else None
        if nxt == high:
            return j + 2
        if nxt is not None and nxt > high:
            return None
    return j


def _range(toks: list[_Tok], j: int, vocab: Vocabulary, low: int, high: int) -> int | None:
    if j + 1 < len(toks) and (toks[j].norm in vocab.ranges or toks[j].text in vocab.ranges):
        other = _number(toks[j + 1], vocab)
        after = [t for t in toks[j + 2:] if t.kind != "sign"]
        if isinstance(other, int) and low <= other <= high and all(t.norm in vocab.hedges for t in after):
            return other  # "3-4", "3 eller 4 typ"
    return None


def _between(rest: list[_Tok], vocab: Vocabulary, low: int, high: int) -> Choice | None:
    if len(rest) >= 3:
        a, b = _number(rest[0], vocab), _number(rest[2], vocab)
        if isinstance(a, int) and isinstance(b, int) and low <= min(a, b) and max(a, b) <= high and a != b:
            return Choice(min(a, b), max(a, b))
    return None


def _within(toks: list[_Tok], text: str, vocab: Vocabulary, low: int, high: int) -> Rating | Choice | None:
    """A digit after a few words ("hemma 4"): the rating, with the whole text as its comment."""
    numbers = [(n, t) for n, t in enumerate(toks) if t.kind in ("num", "key")]
    if not numbers or numbers[0][0] == 0:
        return None
    n, tok = numbers[0]
    if sum(t.kind == "word" for t in toks[:n]) > LEADING_WORDS:
        return None
    value = _number(tok, vocab)
    if not isinstance(value, int) or not low <= value <= high:
        return None
    others = {v for _, t in numbers[1:] if isinstance(v := _number(t, vocab), int) and low <= v <= high}
    if others - {value, high}:
        return Choice(min(value, min(others)), max(value, min(others)))
    return Rating(value, text.strip(), worded=not _digits(tok.text))


def _comment(rest: str) -> str | None:
    comment = _LEAD.sub("", rest).strip()
    return comment if words(comment) or comment.strip("!?.") else None
