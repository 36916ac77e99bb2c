"""The pure conversation engine. Rule: imports nothing from flask, sqlalchemy or twilio (a test checks)."""

from pathlib import Path

from .engine import ENGINE_KEYS, FRAGMENT_KEYS, Engine, engine_keys
from .flows import Flow, FlowError, StateSpec, Wheel, load_flows, load_wheel
from .lexicon import Lexicon, load_lexicon
from .types import AreaAnswer, Conversation, Event, Inbound, Reply, Step, Text, Timer

__all__ = [
    "ENGINE_KEYS", "FRAGMENT_KEYS", "AreaAnswer", "Conversation", "Engine", "Event", "Flow", "FlowError",
    "Inbound", "Lexicon", "Reply", "StateSpec", "Step", "Text", "Timer", "Wheel", "build_engine",
    "engine_keys", "load_flows", "load_lexicon", "load_wheel",
]


def build_engine(flows_dir: Path, languages: tuple[str, ...]) -> Engine:
    """Load and validate flows/ and build the engine (once, at start-up)."""
    wheel = load_wheel(flows_dir)
    return Engine(load_flows(flows_dir, wheel), wheel, load_lexicon(flows_dir), languages)
