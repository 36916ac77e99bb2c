"""Which language a participant actually wrote in, and staff's Swedish translations of their answers.

Rule: the language of a text is only named when the text shows it: a script only the participant's language
uses, or clearly Swedish (or clearly not) words for Latin-script languages; otherwise None (unsure: the page
says nothing rather than something wrong). A translation is typed by staff for a mother-tongue teacher or
interpreter, stored encrypted with who translated and who typed it when; saving again replaces it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.document import Translated
from bot.store.models import Answer, AnswerTranslation, Participant, User

TEXT_MAX = 2000  # characters of a translation
TRANSLATOR_MAX = 120  # characters of "translated by"
MATTERS_MOST = "matters_most"  # the field of what matters most; an area's are "<area>.comment", "<area>.followup"

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


class TranslationError(ValueError):
    """The answer cannot be translated (no such answer, or the text is too long)."""


def field_of(area: str | None, kind: str) -> str:
    """The field an answer's translation is stored under: "safe.comment", "safe.followup", "matters_most"."""
    return MATTERS_MOST if kind == MATTERS_MOST else f"{area}.{kind}"


def original_of(s: Session, participant: Participant, field: str) -> str | None:
    """The participant's words in `field` as they are now (None: no such answer or field)."""
    conv = participant.conversation
    if conv is None:
        return None
    if field == MATTERS_MOST:
        return conv.matters_most
    area, _, kind = field.partition(".")
    if kind not in ("comment", "followup"):
        return None
    answer = s.scalar(select(Answer).where(Answer.conversation_id == conv.id, Answer.area == area))
    return getattr(answer, kind) if answer else None


def save_translation(s: Session, participant: Participant, field: str, text: str, translator: str,
                     by: User, now: dt.datetime) -> bool:
    """Store (or replace) the translation of `field`; an empty text removes it. True if one is stored now.
    In the caller's transaction; the caller audits it."""
    original = original_of(s, participant, field)
    if not original or not original.strip():
        raise TranslationError("no answer to translate in that field")
    text, translator = text.strip(), translator.strip()
    if len(text) > TEXT_MAX or len(translator) > TRANSLATOR_MAX:
        raise TranslationError("translation or translator too long")
    row = s.scalar(select(AnswerTranslation).where(AnswerTranslation.participant_id == participant.id,
                                                   AnswerTranslation.field == field))
    if not text:
        if row is not None:
            s.delete(row)
        return False
    if row is None:
        row = AnswerTranslation(participant_id=participant.id, field=field)
        s.add(row)
    row.text, row.original, row.translator = text, original, translator or None
    row.recorded_by_id, row.recorded_at = by.id, now
    return True


def translations_of(s: Session, meeting_id: str) -> dict[tuple[str, str], Translated]:
    """(participant id, field) -> the translation of every answer of the meeting that has one."""
    rows = s.scalars(select(AnswerTranslation).join(Participant, Participant.id == AnswerTranslation.participant_id)
                     .where(Participant.meeting_id == meeting_id))
    found = {}
    for row in rows:
        now = original_of(s, row.participant, row.field) if row.participant else None
        typed_by = row.recorded_by.email if row.recorded_by else ""
        found[(row.participant_id, row.field)] = Translated(row.text, row.translator, typed_by, row.recorded_at,
                                                            stale=now != row.original)
    return found
