"""The corpus of real-looking replies (tests/corpus/<lang>.yaml): the targets of issue 13, on every language.

Targets: >= 97 % understood overall, every opt-out understood, danger recall >= 95 % with <= 5 % false alarms
on the benign replies; at least 400 cases over the eight languages and 60 danger + 60 benign in Swedish;
the whole corpus is read in well under a second.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest

from bot.conversation.corpus import load_corpus, score

LANGUAGES = {"sv", "en", "fi", "so", "ar", "prs", "ti", "uk"}


@pytest.fixture(scope="module")
def corpus() -> Any:
    return load_corpus()


def test_corpus_is_large_and_covers_every_language(corpus: Any) -> None:
    cases, danger = corpus
    assert len(cases) + len(danger) >= 400
    assert {c.lang for c in cases} == LANGUAGES
    kinds = Counter((lang, is_danger) for lang, _, is_danger in danger)
    assert kinds[("sv", True)] >= 60 and kinds[("sv", False)] >= 60
    assert all(kinds[(lang, True)] and kinds[(lang, False)] for lang in LANGUAGES)


def test_corpus_meets_the_targets_in_well_under_a_second(corpus: Any, texts_and_engine: Any) -> None:
    cases, danger = corpus
    lexicon = texts_and_engine[1].lexicon
    score(lexicon, cases, danger)  # warm the caches of the first run
    started = time.perf_counter()
    result = score(lexicon, cases, danger)
    elapsed = time.perf_counter() - started
    misses = [(c.lang, c.context, c.text, c.expected, got) for c, got in result.missed]
    assert result.share >= 0.97, misses
    assert result.opt_outs[0] == result.opt_outs[1], [m for m in misses if m[3] == "stop"]
    assert result.recall >= 0.95, result.danger_missed
    assert result.false_alarms <= 0.05, result.danger_missed
    assert elapsed < 0.5


def test_every_case_is_understood(corpus: Any, texts_and_engine: Any) -> None:
    """Stricter than the targets, so a regression on any one reply shows: every case reads as expected."""
    cases, danger = corpus
    result = score(texts_and_engine[1].lexicon, cases, danger)
    assert [(c.lang, c.context, c.text, c.expected, got) for c, got in result.missed] == []
    assert result.danger_missed == []
