"""Load flows/*.yaml, validate them, and compile each flow into ONE transitions.Machine at start-up.

Rule: a flow that loads is sound (unique states, known statuses, targets and trigger names, every state
reachable, the end reachable from every open state, no way back from an ended status to an open one, a final
state left only by a change from outside such as paper answers); every problem is reported, not just the first.
"""

from __future__ import annotations

import copy
import fnmatch
import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transitions import Machine

from bot.conversation.datafiles import read_yaml
from bot.conversation.statuses import ENDED, Status

# The triggers the engine fires (and `change_<item>` per read-back item: each area, then `sharing`); a flow
# naming another trigger does not load.
TRIGGERS = ("start", "yes", "no", "answer", "back", "stop", "expire", "opt_out", "undeliverable", "paper")
UNREACHABLE_TRIGGERS = {Status.OPTED_OUT: "opt_out", Status.UNDELIVERABLE: "undeliverable"}  # Twilio says so
OUTSIDE = ("opt_out", "undeliverable", "paper")  # changes from outside the conversation (engine modifiers)
FROM_FINAL = ("paper",)  # the only triggers that may leave a final state (answers typed in from paper)
EXPECTS = ("start", "yes_no", "rating", "followup", "text", "sharing", "confirm")
SHARING = "sharing"  # the read-back item after the areas: what the others at the meeting may see
CONDITIONS = ("low_rating", "editing")
# Texts the engine sends beside the states' questions, named by each flow (`replies:`) so that each role has
# its own: help numbers after the end, the reply to a disclosure (which pauses the questions), and the
# reminder while paused.
REPLIES = ("safety", "disclosure", "paused")
logging.getLogger("transitions").setLevel(logging.WARNING)  # it logs every transition at INFO


class FlowError(Exception):
    """A flow file is not sound; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Wheel:
    """The areas in wheel order and the rating scale."""

    areas: tuple[str, ...]
    scale_min: int
    scale_max: int
    followup_max: int
    concern_area: str
    concern_max: int
    readback_excerpt: int
    sharing_choices: tuple[str, ...]  # answered with the number: 1 = the first
    sharing_default: str  # unanswered, skipped, stopped or expired before choosing

    @property
    def readback_items(self) -> tuple[str, ...]:
        """What the read-back numbers (ÄNDRA N): the areas in wheel order, then the sharing choice."""
        return (*self.areas, SHARING)


@dataclass(frozen=True)
class StateSpec:
    """One state of a flow: what it asks, what answer it expects and the status it means."""

    name: str
    status: Status
    final: bool
    expects: str | None
    ask: tuple[str, ...]
    help: str | None
    area: str | None
    after: str | None


@dataclass(frozen=True)
class Flow:
    """A compiled flow: its states, its shared Machine and the triggers each state accepts."""

    id: str
    texts: str
    initial: str
    states: dict[str, StateSpec]
    machine: Machine
    triggers: dict[str, frozenset[str]]
    replies: dict[str, str]  # REPLIES name -> text key

    def message_keys(self) -> set[str]:
        """Every text key this flow sends as a whole message (its states' and its `replies`)."""
        keys: set[str] = set(self.replies.values())
        for spec in self.states.values():
            keys.update(spec.ask)
            keys.update(k for k in (spec.help, spec.after) if k)
        return keys

    @property
    def asks_sharing(self) -> bool:
        """Whether the flow asks what the others at the meeting may see (then the read-back shows it)."""
        return any(spec.expects == SHARING for spec in self.states.values())


def load_wheel(flows_dir: Path) -> Wheel:
    """Read flows/wheel.yaml."""
    raw = read_yaml(flows_dir / "wheel.yaml")
    areas = tuple(raw["areas"])
    if len(set(areas)) != len(areas):
        raise FlowError(["wheel.yaml: area ids must be unique"])
    scale, concern, sharing = raw["scale"], raw["concern"], raw["sharing"]
    if concern["area"] not in areas:
        raise FlowError([f"wheel.yaml: concern area {concern['area']!r} is not an area"])
    if sharing["default"] not in sharing["choices"]:
        raise FlowError([f"wheel.yaml: sharing default {sharing['default']!r} is not a choice"])
    return Wheel(
        areas=areas,
        scale_min=int(scale["min"]),
        scale_max=int(scale["max"]),
        followup_max=int(scale["followup_max"]),
        concern_area=concern["area"],
        concern_max=int(concern["max"]),
        readback_excerpt=int(raw["readback_excerpt"]),
        sharing_choices=tuple(sharing["choices"]),
        sharing_default=sharing["default"],
    )


def _resolve_key(texts: str, key: str) -> str:
    return key if key.startswith("common.") else f"{texts}.{key}"


def _expand(raw: dict[str, Any], wheel: Wheel) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Repeat the per-area templates for each area and fill in {area}, {next}, {prev}, {first}, {last}."""
    per_area = raw.get("per_area", {"states": [], "transitions": []})
    entry = per_area["states"][0]["name"] if per_area["states"] else raw["after_areas"]
    areas = wheel.areas
    names = {"first": entry.format(area=areas[0]), "last": entry.format(area=areas[-1])}
    states = list(raw["states"])
    transitions = list(raw["transitions"])
    for i, area in enumerate(areas):
        fill = {
            "area": area,
            "next": entry.format(area=areas[i + 1]) if i + 1 < len(areas) else raw["after_areas"],
            "prev": entry.format(area=areas[i - 1] if i else area),
            **names,
        }
        states += [_format(s, fill) for s in per_area["states"]]
        transitions += [_format(t, fill) for t in per_area["transitions"]]
    return states, [_format(t, names) for t in transitions]


def _format(value: Any, fill: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(_Keep(fill))
    if isinstance(value, list):
        return [_format(v, fill) for v in value]
    if isinstance(value, dict):
        return {k: _format(v, fill) for k, v in value.items()}
    return value


class _Keep(dict[str, str]):
    """format_map helper that leaves unknown {names} (and glob patterns) untouched."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _state_spec(raw: dict[str, Any], texts: str, problems: list[str], where: str) -> StateSpec:
    name = raw.get("name", "?")
    status = raw.get("status")
    final = bool(raw.get("final", False))
    expects = raw.get("expects")
    if status not in set(Status):
        problems.append(f"{where}: state {name}: unknown status {status!r}")
    if not final and expects not in EXPECTS:
        problems.append(f"{where}: state {name}: expects must be one of {', '.join(EXPECTS)}")
    return StateSpec(
        name=name,
        status=Status(status) if status in set(Status) else Status.ACTIVE,
        final=final,
        expects=None if final else expects,
        ask=tuple(_resolve_key(texts, k) for k in raw.get("ask", [])),
        help=_resolve_key(texts, raw["help"]) if raw.get("help") else None,
        area=raw.get("area"),
        after=_resolve_key(texts, raw["after"]) if raw.get("after") else None,
    )


def compile_flow(raw: dict[str, Any], wheel: Wheel, where: str) -> Flow:
    """Validate one flow document and build its Machine; raise FlowError listing every problem."""
    problems: list[str] = []
    texts = raw["texts"]
    raw_states, raw_transitions = _expand(raw, wheel)
    specs: dict[str, StateSpec] = {}
    for r in raw_states:
        spec = _state_spec(r, texts, problems, where)
        if spec.name in specs:
            problems.append(f"{where}: state {spec.name} is defined twice")
        if spec.area is not None and spec.area not in wheel.areas:
            problems.append(f"{where}: state {spec.name}: unknown area {spec.area!r}")
        specs[spec.name] = spec
    if raw["initial"] not in specs:
        problems.append(f"{where}: initial state {raw['initial']!r} is not defined")
    replies = raw.get("replies") or {}
    if sorted(replies) != sorted(REPLIES):
        problems.append(f"{where}: replies must name exactly {', '.join(REPLIES)}")

    transitions: list[dict[str, Any]] = []
    for t in raw_transitions:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        matched = [s for pattern in sources for s in specs if fnmatch.fnmatchcase(s, pattern)]
        if not matched:
            problems.append(f"{where}: transition {t['trigger']}: source {t['source']!r} matches no state")
        if t["dest"] not in specs:
            problems.append(f"{where}: transition {t['trigger']}: unknown target state {t['dest']!r}")
        trigger = t["trigger"]
        if trigger not in TRIGGERS and not (trigger.startswith("change_") and trigger[7:] in wheel.readback_items):
            problems.append(f"{where}: transition {trigger}: unknown trigger (the engine fires "
                            f"{', '.join(TRIGGERS)} and change_<area or {SHARING}>)")
        conditions = t.get("conditions", [])
        conditions = [conditions] if isinstance(conditions, str) else conditions
        for c in conditions:
            if c not in CONDITIONS:
                problems.append(f"{where}: transition {t['trigger']}: unknown condition {c!r}")
        transitions.append({"trigger": t["trigger"], "source": matched, "dest": t["dest"],
                            "conditions": conditions})
    if problems:
        raise FlowError(problems)
    _check_graph(specs, transitions, raw["initial"], where)

    machine = Machine(model=None, states=list(specs), transitions=transitions, initial=raw["initial"],
                      auto_transitions=False)
    triggers = {name: frozenset(machine.get_triggers(name)) for name in specs}
    return Flow(id=raw["id"], texts=texts, initial=raw["initial"], states=specs, machine=machine,
                triggers=triggers, replies={name: _resolve_key(texts, key) for name, key in replies.items()})


def _check_graph(specs: dict[str, StateSpec], transitions: list[dict[str, Any]], initial: str,
                 where: str) -> None:
    edges: dict[str, set[str]] = {name: set() for name in specs}
    answered: dict[str, set[str]] = {name: set() for name in specs}  # by the participant alone
    for t in transitions:
        for s in t["source"]:
            edges[s].add(t["dest"])
            if t["trigger"] not in OUTSIDE:
                answered[s].add(t["dest"])
    problems = []
    seen = _reachable(edges, initial)
    problems += [f"{where}: state {s} cannot be reached" for s in specs if s not in seen]
    ends = {s for s, spec in specs.items() if spec.status == Status.COMPLETED}
    if not ends:
        problems.append(f"{where}: no state completes the flow")
    for t in transitions:
        for source in t["source"]:
            spec, dest = specs[source], specs[t["dest"]]
            if spec.final and t["trigger"] not in FROM_FINAL:
                problems.append(f"{where}: final state {source} has outgoing transition {t['trigger']}")
            if spec.status in ENDED and dest.status not in ENDED:
                problems.append(f"{where}: transition {t['trigger']} reopens {source} ({spec.status}) as "
                                f"{t['dest']} ({dest.status})")
    for status, trigger in UNREACHABLE_TRIGGERS.items():
        wrong = {t["dest"] for t in transitions if t["trigger"] == trigger and specs[t["dest"]].status != status}
        problems += [f"{where}: transition {trigger} must end in status {status}, not {specs[d].status}"
                     for d in sorted(wrong)]
    for name, spec in specs.items():
        if not spec.final and not (_reachable(answered, name) & ends):
            problems.append(f"{where}: from state {name} the flow cannot be completed")
    if problems:
        raise FlowError(problems)


def _reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def load_flows(flows_dir: Path, wheel: Wheel) -> dict[str, Flow]:
    """Load every flow file in flows_dir (all but wheel.yaml; the lexicon is in flows/lexicon/), resolving `extends`."""
    raws: dict[str, dict[str, Any]] = {}
    for path in sorted(flows_dir.glob("*.yaml")):
        if path.name == "wheel.yaml":
            continue
        raw = read_yaml(path)
        if raw.get("id") != path.stem:
            raise FlowError([f"{path.name}: id must be {path.stem!r}"])
        raws[path.stem] = raw
    flows = {}
    for name, raw in raws.items():
        if "extends" in raw:
            base = raws.get(raw["extends"])
            if base is None or "extends" in base:
                raise FlowError([f"{name}.yaml: extends unknown or nested flow {raw['extends']!r}"])
            raw = {**copy.deepcopy(base), **{k: v for k, v in raw.items() if k != "extends"}}
        flows[name] = compile_flow(raw, wheel, f"{name}.yaml")
    return flows
