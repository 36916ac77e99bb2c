"""Score the understanding on a corpus of real-looking replies (tests/corpus/<lang>.yaml).

Rule: a corpus file holds, per context (start, yes_no, rating, followup, text, confirm), replies and the
reading they must get ("rating 4", "rating 4 | bra kompisar" with its comment, "choice 3 4", "change 3 4",
"question who_reads", "dont_know", "stop", "unknown" ...), and `danger` / `benign` replies that must and must
not raise a concern. A reply counts as understood when its reading is the expected one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.conversation.datafiles import ROOT, read_yaml
from bot.conversation.lexicon import Lexicon
from bot.conversation.understanding import understand

CORPUS_DIR = ROOT / "tests" / "corpus"
CONTEXTS = ("start", "yes_no", "rating", "followup", "text", "confirm")


@dataclass(frozen=True)
class Case:
    """One reply in one language and context, and the reading it must get."""

    lang: str
    context: str
    text: str
    expected: str


@dataclass
class Score:
    """How a corpus was read: per (language, context) understood/total, opt-outs, danger found and missed."""

    totals: Counter[tuple[str, str]] = field(default_factory=Counter)
    understood: Counter[tuple[str, str]] = field(default_factory=Counter)
    missed: list[tuple[Case, str]] = field(default_factory=list)
    opt_outs: list[int] = field(default_factory=lambda: [0, 0])  # understood, total
    danger: Counter[str] = field(default_factory=Counter)  # tp, fn, fp, tn
    danger_by_lang: Counter[tuple[str, str]] = field(default_factory=Counter)
    danger_missed: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Understood share over every reply."""
        total = sum(self.totals.values())
        return sum(self.understood.values()) / total if total else 1.0

    @property
    def recall(self) -> float:
        """Danger replies flagged, of all danger replies."""
        found = self.danger["tp"] + self.danger["fn"]
        return self.danger["tp"] / found if found else 1.0

    @property
    def precision(self) -> float:
        """Flags that were danger, of all flags."""
        flagged = self.danger["tp"] + self.danger["fp"]
        return self.danger["tp"] / flagged if flagged else 1.0

    @property
    def false_alarms(self) -> float:
        """Benign replies flagged, of all benign replies."""
        benign = self.danger["fp"] + self.danger["tn"]
        return self.danger["fp"] / benign if benign else 0.0


def load_corpus(folder: Path = CORPUS_DIR) -> tuple[list[Case], list[tuple[str, str, bool]]]:
    """Every reply case, and every (language, text, is danger) case, from the folder's YAML files."""
    cases, danger = [], []
    for path in sorted(folder.glob("*.yaml")):
        raw = read_yaml(path)
        lang = raw["lang"]
        for context in CONTEXTS:
            for text, expected in (raw.get(context) or {}).items():
                cases.append(Case(lang, context, str(text), str(expected)))
        danger += [(lang, str(text), True) for text in raw.get("danger") or ()]
        danger += [(lang, str(text), False) for text in raw.get("benign") or ()]
    return cases, danger


def reading_of(lexicon: Lexicon, case: Case) -> str:
    """The reading of one case, in the corpus's notation (with the comment when the case names one)."""
    reading = understand(lexicon, case.text, case.lang, case.context)
    if " | " in case.expected:
        return f"{reading.label()} | {reading.comment}"
    return reading.label()


def score(lexicon: Lexicon, cases: list[Case], danger: list[tuple[str, str, bool]]) -> Score:
    """Read every case and count what was understood."""
    result = Score()
    for case in cases:
        got = reading_of(lexicon, case)
        key = (case.lang, case.context)
        result.totals[key] += 1
        ok = got == case.expected
        result.understood[key] += ok
        if case.expected == "stop":
            result.opt_outs[0] += ok
            result.opt_outs[1] += 1
        if not ok:
            result.missed.append((case, got))
    for lang, text, is_danger in danger:
        flagged = lexicon.has_danger(text)
        kind = ("tp" if flagged else "fn") if is_danger else ("fp" if flagged else "tn")
        result.danger[kind] += 1
        result.danger_by_lang[(lang, kind)] += 1
        if kind in ("fn", "fp"):
            result.danger_missed.append((lang, text, is_danger))
    return result
