"""Which language a participant actually wrote in, and staff's Swedish translations of their answers.

Rule: the language of a text is only named when the text shows it: a script only the participant's language
uses, or clearly Swedish (or clearly not) words for Latin-script languages; otherwise None (unsure: the page
says nothing rather than something wrong). A translation is typed by staff for a mother-tongue teacher or
interpreter, stored encrypted with who translated and who typed it when; saving again replaces it.
"""

from __future__ import annotations

import re
import unicodedata

# Everyday Swedish words that the other Latin-script languages offered (fi, so, en) do not use (not "ja": Finnish).
_SWEDISH = """
jag du han hon vi ni de det den och att är inte som på med för av till om har var men så mig dig sig min mitt
mina din ditt vår oss dem vill kan ska skulle bra dåligt mycket lite skolan hemma mamma pappa kompisar tycker
känner också eller när hur vad varför vem mer inget ingen alla bara får går gör nej tack
"""
SWEDISH_WORDS = frozenset(_SWEDISH.split())
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SCRIPT_LANGUAGES = {"ARABIC": ("ar", "prs"), "ETHIOPIC": ("ti",), "CYRILLIC": ("uk",)}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else ""


def written_language(text: str | None, participant_lang: str) -> str | None:
    """The language `text` is written in: "sv", the participant's language, or None when unsure."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if len(letters) < 3:
        return None
    scripts = {_script(ch) for ch in letters}
    for script, languages in SCRIPT_LANGUAGES.items():
        if script in scripts and len(scripts) == 1:
            return participant_lang if participant_lang in languages else None
    if scripts != {"LATIN"}:
        return None
    words = [w.lower() for w in WORD.findall(text or "")]
    swedish = sum(w in SWEDISH_WORDS for w in words)
    if participant_lang == "sv":
        return "sv"
    if words and swedish / len(words) >= 0.3:
        return "sv"
    if len(words) >= 3 and swedish == 0 and not any(ch in "åÅ" for ch in letters):
        return participant_lang
    return None
