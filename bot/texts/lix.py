"""LIX readability (läsbarhetsindex): words per sentence + 100 x long words / words.

Rule: a word is a run of letters or digits (with inner hyphens or apostrophes, so "1-5" is one word);
long means more than 6 letters; sentences end at . ! ? : or a line break. Unlike textstat, short
sentences are counted and digits are kept as written.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:\n]+")


def lix(text: str) -> float:
    """The LIX of a text; 0.0 for a text without words."""
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return 0.0
    long_words = sum(1 for w in words if sum(ch.isalpha() for ch in w) > 6)
    return len(words) / len(sentences) + 100 * long_words / len(words)
