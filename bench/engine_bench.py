"""pytest-benchmark cases for the engine alone, in process: one turn with and without text rendering.

Rule: run only by bench.engine_run (`pytest bench/engine_bench.py`); pytest's testpaths is tests/, so
`make test` never collects this. Each round plays whole scripted conversations (help and back included,
Twilio's duplicates left out: the edge answers those), so the cost per turn is an average over real turns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.services.runtime import load_texts_and_engine

from .scripts import Script, language, replay, youth_script
from .synthetic import LIVE, phone

CONVERSATIONS = 20
TODAY = dt.date(2026, 11, 23)
MEETING = dt.date(2026, 12, 10)


@pytest.fixture(scope="module")
def loaded() -> Any:
    """Texts, engine and the scripts to play."""
    texts, engine = load_texts_and_engine()
    scripts = [youth_script(phone(LIVE, n), language(n), engine.wheel.areas, seed=7) for n in range(CONVERSATIONS)]
    return texts, engine, scripts


def play(engine: Any, texts: Any, scripts: list[Script], render: bool) -> int:
    """Play every script from the invitation to the end; returns the number of turns."""
    turns = 0
    for script in scripts:
        step = engine.begin("youth", script.lang, org="Benchkommun", date=MEETING)
        conv = step.conversation
        for _, step in replay(engine, conv, script.bodies(), TODAY):
            conv = step.conversation
            if render:
                for reply in step.replies:
                    texts.render(reply, conv.lang)
            turns += 1
        assert conv.state == "completed", (script.phone, conv.state)
    return turns


@pytest.mark.parametrize("render", [False, True], ids=["engine", "engine+render"])
def test_turn(benchmark: Any, loaded: Any, render: bool) -> None:
    """One round = CONVERSATIONS whole conversations; extra_info carries the turn count."""
    texts, engine, scripts = loaded
    turns = play(engine, texts, scripts, render)
    benchmark.extra_info["turns"] = turns
    benchmark(play, engine, texts, scripts, render)
