"""Commands, yes/no and ratings in every language: each language's own words, Swedish and English too,
digits of every script (Arabic-Indic, Persian, Ethiopic ፩-፭), and no word with two meanings."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bot.conversation import load_lexicon
from bot.conversation.datafiles import FLOWS_DIR
from bot.conversation.lexicon import Command, Rating, normalise

FLOWS = FLOWS_DIR
LEXICON = load_lexicon(FLOWS)
RAW = {"languages": {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
                     for path in (FLOWS / "lexicon").glob("*.yaml") if path.stem != "_shared"}}

# (language, what a participant writes, the command it is)
COMMANDS = [
    ("fi", "LOPETA", "stop"), ("fi", "Apua!", "help"), ("fi", "takaisin", "back"), ("fi", "ohita", "skip"),
    ("fi", "kieli", "language"),
    ("so", "JOOJI", "stop"), ("so", "caawi", "help"), ("so", "dib", "back"), ("so", "Ka bood", "skip"),
    ("so", "luuqad", "language"),
    ("ar", "توقف", "stop"), ("ar", "مساعدة", "help"), ("ar", "رجوع", "back"), ("ar", "تخطي", "skip"),
    ("ar", "لغة", "language"), ("ar", "ايقاف", "stop"), ("ar", "إيقاف", "stop"),
    ("prs", "توقف", "stop"), ("prs", "کمک", "help"), ("prs", "كمك", "help"), ("prs", "برگشت", "back"),
    ("prs", "بعدی", "skip"), ("prs", "بعدي", "skip"), ("prs", "زبان", "language"),
    ("ti", "ደው በል", "stop"), ("ti", "ሓገዝ", "help"), ("ti", "ተመለስ", "back"), ("ti", "ሕለፍ", "skip"),
    ("ti", "ቋንቋ", "language"),
    ("uk", "СТОП", "stop"), ("uk", "допомога", "help"), ("uk", "Назад", "back"), ("uk", "далі", "skip"),
    ("uk", "мова", "language"),
    # Swedish and English work in every language
    *[(lang, word, name) for lang in ("fi", "so", "ar", "prs", "ti", "uk")
      for word, name in (("STOPP", "stop"), ("stop", "stop"), ("SPRÅK", "language"), ("help", "help"))],
]


@pytest.mark.parametrize(("lang", "text", "name"), COMMANDS)
def test_commands_in_each_language(lang: str, text: str, name: str) -> None:
    assert LEXICON.command(text, lang) == Command(name)


@pytest.mark.parametrize(("lang", "text", "number"), [
    ("fi", "MUUTA 3", 3), ("so", "beddel 5", 5), ("ar", "تغيير ٣", 3), ("prs", "تغییر ۴", 4),
    ("ti", "ቀይር ፫", 3), ("uk", "ЗМІНИТИ 8", 8), ("ar", "ÄNDRA 2", 2), ("ti", "change ፪", 2),
])
def test_change_with_a_number_of_any_script(lang: str, text: str, number: int) -> None:
    assert LEXICON.command(text, lang) == Command("change", number)


def test_a_sentence_containing_a_command_word_is_not_a_command() -> None:
    assert LEXICON.command("en vill inte lopeta", "fi") is None
    assert LEXICON.command("لا أريد توقف", "ar") is None


@pytest.mark.parametrize(("lang", "yes", "no"), [
    ("fi", "Kyllä", "ei"), ("so", "HAA", "maya"), ("ar", "نعم", "لا"), ("prs", "بلی", "نه"),
    ("ti", "እወ", "ኣይፋል"), ("uk", "Так!", "Ні"), ("ar", "ja", "nej"), ("uk", "yes", "no"),
])
def test_yes_and_no_in_each_language(lang: str, yes: str, no: str) -> None:
    assert LEXICON.yes_no(yes, lang) is True
    assert LEXICON.yes_no(no, lang) is False


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("ar", "٤", Rating(4, None)), ("ar", "٢ تعبان", Rating(2, "تعبان")), ("prs", "۵", Rating(5, None)),
    ("prs", "۳ خوب", Rating(3, "خوب")), ("ti", "፩", Rating(1, None)), ("ti", "፭ ጽቡቕ", Rating(5, "ጽቡቕ")),
    ("ti", "፫", Rating(3, None)), ("fi", "neljä", Rating(4, None)), ("so", "saddex", Rating(3, None)),
    ("uk", "п'ять", Rating(5, None)), ("uk", "п’ять", Rating(5, None)), ("uk", "пʼять", Rating(5, None)),
    ("ar", "خمسه", Rating(5, None)), ("prs", "چهار", Rating(4, None)), ("ti", "ክልተ", Rating(2, None)),
])
def test_ratings_in_native_digits_and_number_words(lang: str, text: str, expected: Rating) -> None:
    assert LEXICON.rating(text, lang, 1, 5) == expected


@pytest.mark.parametrize("text", ["፮", "፲", "፩፪", "٦", "۱۰", "0"])
def test_numbers_off_the_scale_are_not_ratings(text: str) -> None:
    assert LEXICON.rating(text, "ti", 1, 5) is None


@pytest.mark.parametrize("lang", ["sv", "en", "fi", "so", "ar", "prs", "ti", "uk"])
def test_no_word_has_two_meanings_in_a_language(lang: str) -> None:
    vocab = LEXICON.vocabulary(lang)
    meanings: dict[str, set[str]] = {}
    for word, name in vocab.commands.items():
        meanings.setdefault(word, set()).add(f"command {name}")
    for word in vocab.yes:
        meanings.setdefault(word, set()).add("yes")
    for word in vocab.no:
        meanings.setdefault(word, set()).add("no")
    for word, value in vocab.numbers.items():
        meanings.setdefault(word, set()).add(f"number {value}")
    for word in vocab.confused:
        meanings.setdefault(word, set()).add("confused")
    for word in vocab.dont_know:
        meanings.setdefault(word, set()).add("dont_know")
    clashes = {word: names for word, names in meanings.items() if len(names) > 1}
    assert clashes == {}


@pytest.mark.parametrize("lang", ["fi", "so", "ar", "prs", "ti", "uk"])
def test_every_language_has_all_words(lang: str) -> None:
    words: dict[str, Any] = RAW["languages"][lang]
    for name in ("help", "back", "skip", "change", "language", "stop", "yes", "no", "danger"):
        assert words[name], (lang, name)
    assert sorted(words["numbers"]) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("text", "lang"), [
    ("haluan kuolla", "fi"), ("waan dhiman rabaa", "so"), ("أريد أن أموت", "ar"), ("اريد أن اموت", "ar"),
    ("میخواهم بمیرم", "prs"), ("ክመውት ደልየ", "ti"), ("я хочу померти", "uk"),
])
def test_danger_phrases_in_each_language(text: str, lang: str) -> None:
    assert LEXICON.has_danger(text)
    assert not LEXICON.has_danger(normalise(text)[:3])


def test_arabic_and_persian_letter_variants_fold() -> None:
    assert normalise("كمك") == normalise("کمک")
    assert normalise("بعدي") == normalise("بعدی")
    assert normalise("خمسة") == normalise("خمسه")
    assert normalise("أربعة") == normalise("اربعة")
