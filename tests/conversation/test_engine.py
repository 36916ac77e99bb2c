"""The engine alone: purity, flow validation, input reading, timers, and that a turn never mutates."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
import sys
from typing import Any

import pytest
import yaml

from bot.conversation import (
    FlowError,
    Status,
    StatusChanged,
    Text,
    Timer,
    Unreachable,
    load_flows,
    load_wheel,
)
from bot.conversation.datafiles import ROOT
from bot.conversation.flows import compile_flow
from bot.conversation.lexicon import Rating, load_lexicon

TODAY = dt.date(2026, 11, 23)


def test_engine_imports_no_framework() -> None:
    code = ("import sys, bot.conversation; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'twilio'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_one_machine_per_flow_built_at_load(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    machines = {id(flow.machine) for flow in engine.flows.values()}
    assert set(engine.flows) == {"youth", "guardian"} and len(machines) == 2
    for flow in engine.flows.values():
        assert flow.machine.models == []  # no model is ever registered: turns use a throwaway model
        assert not any(t.startswith("to_") for t in flow.machine.events)  # auto_transitions=False


def test_turn_does_not_mutate_its_input(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = engine.begin("youth", "sv", org="X", date=TODAY).conversation
    conv = engine.step(conv, Text("hej", TODAY)).conversation
    conv = engine.step(conv, Text("ja", TODAY)).conversation
    before = copy.deepcopy(conv)
    step = engine.step(conv, Text("2 jobbigt", TODAY))
    assert conv == before
    assert step.conversation.answers["safe"].rating == 2


def test_timers(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    conv = engine.begin("guardian", "sv", org="X", date=TODAY).conversation
    remind = engine.step(conv, Timer("remind"))
    assert [r.key for r in remind.replies] == ["common.reminder"] and remind.conversation.state == "invited"
    expired = engine.step(conv, Timer("expire"))
    assert expired.conversation.state == "expired"
    assert expired.events == (StatusChanged(Status.EXPIRED),)
    stale = engine.step(expired.conversation, Timer("remind"))
    assert stale.replies == () and stale.events == ()
    late = engine.step(expired.conversation, Text("hej", TODAY))
    assert [r.key for r in late.replies] == ["common.closed"]


@pytest.mark.parametrize("flow_id", ["youth", "guardian"])
def test_help_never_changes_state(texts_and_engine: Any, flow_id: str) -> None:
    _, engine = texts_and_engine
    flow = engine.flows[flow_id]
    for name, spec in flow.states.items():
        if spec.final:
            continue
        from bot.conversation import Conversation
        conv = Conversation(flow=flow_id, state=name, lang="sv")
        step = engine.step(conv, Text("HJÄLP", TODAY))
        assert step.conversation.state == name
        assert [r.key for r in step.replies] == [spec.help]


@pytest.fixture(scope="module")
def lexicon() -> Any:
    return load_lexicon(ROOT / "flows")


@pytest.mark.parametrize(("text", "expected"), [
    ("4 jag har bra kompisar", Rating(4, "jag har bra kompisar")),
    ("4, bra", Rating(4, "bra")),
    ("5", Rating(5, None)),
    ("  3  ", Rating(3, None)),
    ("٣", Rating(3, None)),
    ("۵ خوب", Rating(5, "خوب")),
    ("2️⃣", Rating(2, None)),
    ("1⃣ dåligt", Rating(1, "dåligt")),
    (":(", Rating(1, None)),
    (":-) okej", Rating(4, "okej")),
    ("😐", Rating(3, None)),
    ("fem", Rating(5, None)),
    ("Två", Rating(2, None)),
    ("five", Rating(5, None)),
    ("tre saker", Rating(3, "saker")),  # a number word and a comment
    ("typ 4", Rating(4, None)), ("kanske 3", Rating(3, None)), ("nog 3", Rating(3, None)),
    ("en 3:a", Rating(3, None)), ("jag säger 4", Rating(4, None)), ("4/5", Rating(4, None)),
    ("4 av 5", Rating(4, None)), ("Fyra bra kompisar", Rating(4, "bra kompisar")),
    ("fyra, har bra kompisar", Rating(4, "har bra kompisar")), ("trea", Rating(3, None)),
    ("Jag tycker 2 för jag har inga vänner", Rating(2, "för jag har inga vänner")),
    ("4 stopp i skolan", Rating(4, "stopp i skolan")),  # a rating with a comment, never an opt-out
    ("5!!!", Rating(5, None)), ("☹️", Rating(1, None)), ("en", Rating(1, None)), ("4an", Rating(4, None)),
])
def test_ratings(lexicon: Any, text: str, expected: Rating) -> None:
    assert lexicon.rating(text, "sv", 1, 5) == expected


@pytest.mark.parametrize("text", ["0", "6", "10", "45", "3.5", "2,5", "", "bra", "en bra dag", "-1", "10 av 10",
                                  "5/10", "100%"])
def test_not_ratings(lexicon: Any, text: str) -> None:
    assert lexicon.rating(text, "sv", 1, 5) is None


@pytest.mark.parametrize(("text", "name", "number"), [
    ("HJÄLP", "help", None), ("hjalp!", "help", None), ("Help.", "help", None),
    ("tillbaka", "back", None), ("BACK", "back", None), ("Hoppa över", "skip", None),
    ("ÄNDRA 3", "change", 3), ("ändra3", "change", 3), ("andra ٢", "change", 2), ("CHANGE 8", "change", 8),
    ("Ändra", "change", None), ("SPRÅK", "language", None),
    ("STOPP", "stop", None), ("stop", "stop", None), ("Avsluta.", "stop", None), ("SLUTA", "stop", None),
])
def test_commands(lexicon: Any, text: str, name: str, number: int | None) -> None:
    command = lexicon.command(text, "sv")
    assert command is not None and (command.name, command.number) == (name, number)


@pytest.mark.parametrize("text", ["jag vill inte sluta", "hjälp mig med matten", "stoppa det", "andra saker",
                                  "ändra 3 och 4"])
def test_sentences_are_not_commands(lexicon: Any, text: str) -> None:
    assert lexicon.command(text, "sv") is None


@pytest.mark.parametrize(("text", "danger"), [
    ("Jag vill dö", True), ("han SLÅR MIG", True), ("jag tänker på självmord", True),
    ("I want to kill myself", True), ("jag vill döda draken i spelet", False), ("allt är bra", False),
    ("slår mig som konstigt", False),  # "strikes me as odd": an exception in the lexicon's not_danger
    ("jag slog mig på gympan", False), ("han slog mig på gympan", True),
])
def test_danger_words(lexicon: Any, text: str, danger: bool) -> None:
    assert lexicon.has_danger(text) is danger


def _youth_raw() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "flows" / "youth.yaml").read_text(encoding="utf-8"))


def _problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(FlowError) as info:
        compile_flow(raw, load_wheel(ROOT / "flows"), "test.yaml")
    return info.value.problems


def test_flow_validation_reports_unknown_target_and_unreachable_state() -> None:
    raw = _youth_raw()
    raw["transitions"] = [t for t in raw["transitions"] if t["trigger"] != "no"]  # declined unreachable
    raw["transitions"].append({"trigger": "answer", "source": "consent", "dest": "nowhere"})
    problems = _problems(raw)
    assert any("unknown target state 'nowhere'" in p for p in problems)
    raw["transitions"].pop()
    assert any("declined cannot be reached" in p for p in _problems(raw))


def test_flow_validation_reports_duplicates_dead_ends_and_bad_conditions() -> None:
    raw = _youth_raw()
    raw["states"].append(dict(raw["states"][1]))
    assert any("consent is defined twice" in p for p in _problems(raw))
    raw = _youth_raw()
    raw["transitions"] = [t for t in raw["transitions"] if not (t["source"] == "readback"
                                                                 and t["trigger"] == "yes")]
    assert any("cannot be completed" in p for p in _problems(raw))
    raw = _youth_raw()
    raw["per_area"]["transitions"][0]["conditions"] = "is_sunny"
    assert any("unknown condition 'is_sunny'" in p for p in _problems(raw))


def test_flows_load_and_guardian_extends_youth() -> None:
    flows = load_flows(ROOT / "flows", load_wheel(ROOT / "flows"))
    assert set(flows["guardian"].states) == set(flows["youth"].states)
    assert flows["guardian"].states["q_safe"].ask == ("guardian.q.safe",)
    assert flows["youth"].states["opted_out"].ask == ("common.stopped",)


def test_changes_from_outside_are_engine_inputs(texts_and_engine: Any) -> None:
    _, engine = texts_and_engine
    invited = engine.begin("youth", "sv", org="X", date=TODAY).conversation
    gone = engine.step(invited, Unreachable(Status.UNDELIVERABLE))
    assert (gone.conversation.state, gone.replies, gone.events) == (
        "undeliverable", (), (StatusChanged(Status.UNDELIVERABLE),))  # nothing is sent to a dead number
    assert engine.step(gone.conversation, Text("hej", TODAY)).conversation.state == "undeliverable"  # stays ended
    assert engine.step(gone.conversation, Unreachable(Status.OPTED_OUT)).events == ()
    stopped = engine.step(invited, Unreachable(Status.OPTED_OUT))
    assert (stopped.conversation.state, stopped.replies) == ("opted_out", ())
    declined = engine.step(engine.step(invited, Text("hej", TODAY)).conversation, Text("nej", TODAY)).conversation
    assert engine.step(declined, Unreachable(Status.OPTED_OUT)).conversation.state == "declined"


def test_flow_validation_knows_every_trigger_and_never_reopens_an_ended_state() -> None:
    raw = _youth_raw()
    raw["transitions"].append({"trigger": "jump", "source": "consent", "dest": "readback"})
    assert any("transition jump: unknown trigger" in p for p in _problems(raw))
    raw = _youth_raw()
    raw["transitions"].append({"trigger": "start", "source": "expired", "dest": "consent"})
    problems = _problems(raw)
    assert any("final state expired has outgoing transition start" in p for p in problems)
    assert any("reopens expired (expired) as consent (active)" in p for p in problems)
    raw = _youth_raw()
    raw["transitions"].append({"trigger": "undeliverable", "source": "consent", "dest": "declined"})
    assert any("undeliverable must end in status undeliverable" in p for p in _problems(raw))
