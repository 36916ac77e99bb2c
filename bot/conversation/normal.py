"""Unicode normalisation of what participants type, so every spelling of a word compares equal.

Rule: the same function prepares the lexicon's words and the participant's text. `clean` keeps punctuation
(ratings need "4/5", "3:a", "3-4"); `words` is `clean` with punctuation and symbols turned into spaces.
Digits of any script and keycaps become ASCII digits; accents, tatweel and direction marks go; Arabic and
Persian letter variants fold to one form; Dari/Persian words stay whole across a zero-width non-joiner or a
space after the prefix "می"/"نمی"; apostrophes vanish ("п'ять" = "пять", "don't" = "dont"); a letter
repeated three times or more counts once ("jaaa" = "ja").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters written in more than one way in Arabic-script texts (Arabic vs Persian keyboards), and the
# tatweel stretch: folded so "كمك" and "کمک" are the same word.
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None, "ۀ": "ه", "ؤ": "و", "إ": "ا",
                       "أ": "ا", "آ": "ا", "ٱ": "ا", "ئ": "ی"})
_APOSTROPHES = str.maketrans({c: None for c in "'’ʼ`´‘ʹ"})
# Ethiopic numerals (no zero; Unicode gives them no decimal value): ፩-፱ are 1-9.
_ETHIOPIC = {chr(0x1369 + i): str(i + 1) for i in range(9)}
_KEYCAP = re.compile(r"([0-9#*])\ufe0f?\u20e3")
_ZWNJ = "\u200c"
_MI = re.compile(r"(?<!\S)(ن?می) (?=\S)")  # Dari/Persian verb prefix typed with a space: "می خواهم"
_REPEAT = re.compile(r"(\D)\1{2,}")
_SPACES = re.compile(r"\s+")
_HALF = {"½": ",5"}


def digit(ch: str) -> str | None:
    """The ASCII digit for one digit of any script (Arabic-Indic, Persian, Ethiopic ...), else None."""
    value = unicodedata.decimal(ch, None)
    return _ETHIOPIC.get(ch) if value is None else str(value)


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """Casefolded, accents and marks dropped, digits ASCII, letters folded; punctuation kept."""
    text = _KEYCAP.sub(r"\1", text).replace(_ZWNJ, "")
    for half, written in _HALF.items():
        text = text.replace(half, written)
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD).translate(_APOSTROPHES)
    kept = []
    for ch in decomposed:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf", "Sk"):
            continue  # accents, variation selectors, direction marks, skin tones
        if cat == "Nd" or ch in _ETHIOPIC:
            kept.append(digit(ch) or ch)
        elif cat[0] in "ZC":
            kept.append(" ")
        else:
            kept.append(ch)
    joined = _REPEAT.sub(r"\1", "".join(kept))
    return _MI.sub(r"\1", _SPACES.sub(" ", joined).strip())


@lru_cache(maxsize=4096)
def words(text: str) -> str:
    """`clean` with punctuation and symbols as spaces: "Hjälp!" -> "hjalp", "vet inte..." -> "vet inte"."""
    out = "".join(ch if unicodedata.category(ch)[0] in "LN" else " " for ch in clean(text))
    return _SPACES.sub(" ", out).strip()


def symbols(text: str) -> str:
    """The symbols of a text without letters (emoji, "?"), each once: "👍👍🏽" -> "👍"."""
    return "".join(dict.fromkeys(ch for ch in clean(text) if not ch.isspace()))


def normalise(text: str) -> str:
    """What the lexicon compares: the words, or for a message of only symbols, those symbols."""
    return words(text) or symbols(text)
