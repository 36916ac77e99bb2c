"""One entry point: what a participant's message means at the step they are on.

Rule: commands, opt-outs and confusion are read first and on the whole message ("4 stopp i skolan" is a
rating with a comment, "sluta skicka sms" ends the conversation); then what the step expects (a rating, yes
or no, a read-back change, free text); questions about the service in between. Danger is read separately
(Lexicon.has_danger) on every message, whatever it also means.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.conversation.lexicon import Lexicon
from bot.conversation.normal import clean, normalise, words
from bot.conversation.ratings import Choice, Rating
from bot.conversation.vocabulary import Vocabulary, change, command, dont_know, starts_with, yes_no

# What a message can be read as; "unknown" is a re-ask.
KINDS = ("rating", "choice", "dont_know", "yes", "no", "help", "back", "skip", "language", "stop", "change",
         "question", "start", "text", "unknown")
START_COMMANDS = ("help", "stop", "language")  # any other reply to the invitation starts the conversation
QUESTION_MARKS = ("?", "؟", "¿")
TEXT_QUESTION_WORDS = 8  # in a free-text step only a short message ending in "?" is a question about us
CONFUSED_WORDS = 7  # "fattar inte vad du menar": a confused start, in a short message, outside free text
READBACK_LEAD = 3  # words allowed before the change word in the read-back ("nej jag vill ändra 3")


@dataclass(frozen=True)
class Reading:
    """What a message means: its kind and, by kind, a number (rating, area), a second number (the other
    choice, the new rating of a change), the comment, or the question's intent; `worded`: the rating was not
    written as a digit (a word, a face, an emoji), so the reply says what was understood."""

    kind: str
    value: int | None = None
    other: int | None = None
    comment: str | None = None
    intent: str | None = None
    worded: bool = field(default=False, compare=False)

    def label(self) -> str:
        """A short form for the corpus: "rating 4", "choice 3 4", "change 3 4", "question who_reads"."""
        parts = [self.kind] + [str(v) for v in (self.value, self.other) if v is not None]
        return " ".join(parts + ([self.intent] if self.intent else []))


def understand(lexicon: Lexicon, text: str, lang: str, expects: str | None, low: int = 1, high: int = 5,
               areas: int = 8) -> Reading:
    """The reading of `text` at a step that expects `expects` (start, yes_no, rating, followup, text, confirm)."""
    vocab = lexicon.vocabulary(lang)
    said = words(text)
    found = command(vocab, said)
    if found and (expects != "start" or found.name in START_COMMANDS):
        return Reading("change", found.number) if found.number is not None else Reading(found.name)
    if expects == "rating" and said.isdigit() and len(said) == 1:
        return _rating(lexicon, vocab, text, said, lang, low, high)  # the usual answer: no need to look further
    if expects in ("yes_no", "confirm") and (said in vocab.yes or said in vocab.no):
        return Reading("yes" if said in vocab.yes else "no")
    if expects != "start":
        moved = change(vocab, said, areas, READBACK_LEAD if expects == "confirm" else 0)
        if moved:
            return Reading("change", moved.number, moved.rating, worded=moved.worded)
    if vocab.opt_out.match(said):
        return Reading("stop")
    if expects != "start" and normalise(text) in vocab.confused:
        return Reading("help")  # to the invitation, the consent question that follows is the explanation
    if expects == "rating":
        return _rating(lexicon, vocab, text, said, lang, low, high)
    if expects in ("yes_no", "confirm"):
        if said in vocab.dont_know:
            return Reading("dont_know")
        said_yes = yes_no(vocab, normalise(text), strict=expects == "confirm")
        if said_yes is not None:
            return Reading("yes" if said_yes else "no")
    intent = _question(vocab, text, said, expects)
    if intent:
        return Reading("question", intent=intent)
    if expects in ("yes_no", "confirm") and starts_with(vocab.confused, said, CONFUSED_WORDS):
        return Reading("help")  # "fattar inte vad du menar"
    if expects == "start":
        return Reading("start")
    if expects in ("text", "followup"):
        return Reading("text", comment=text.strip()) if text.strip() else Reading("unknown")
    if dont_know(vocab, said) is not None:
        return Reading("dont_know")
    return Reading("unknown")


def _rating(lexicon: Lexicon, vocab: Vocabulary, text: str, said: str, lang: str, low: int, high: int) -> Reading:
    found = lexicon.reading(text, lang, low, high)
    if isinstance(found, Rating):
        return Reading("rating", found.value, comment=found.comment, worded=found.worded)
    if isinstance(found, Choice):
        return Reading("choice", found.low, found.high)
    unsure = dont_know(vocab, said)
    if unsure is not None:
        return Reading("dont_know", comment=None if unsure else text.strip())
    intent = _question(vocab, text, said, "rating")
    if intent:
        return Reading("question", intent=intent)
    return Reading("help") if starts_with(vocab.confused, said, CONFUSED_WORDS) else Reading("unknown")


def _question(vocab: Vocabulary, text: str, said: str, expects: str | None) -> str | None:
    if expects in ("text", "followup") and not (clean(text).endswith(QUESTION_MARKS)
                                                and len(said.split()) <= TEXT_QUESTION_WORDS):
        return None
    return vocab.questions.find(said)
