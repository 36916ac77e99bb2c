"""The pure conversation engine: flows as data, one Machine per flow, (state, one input) -> new state, replies
as data and events. Rule: imports nothing from flask, sqlalchemy or twilio, nor any other layer of bot/ (a
contract checks); it is the only place a conversation's state or status changes."""

from pathlib import Path

from bot.conversation.engine import ENGINE_KEYS, FRAGMENT_KEYS, Engine, engine_keys
from bot.conversation.flows import Flow, FlowError, StateSpec, Wheel, load_flows, load_wheel
from bot.conversation.lexicon import Lexicon, load_lexicon
from bot.conversation.types import ROLES, AreaAnswer, Conversation, Event, Inbound, Reply, Step, Text, Timer

__all__ = [
    "ENGINE_KEYS", "FRAGMENT_KEYS", "ROLES", "AreaAnswer", "Conversation", "Engine", "Event", "Flow", "FlowError",
    "Inbound", "Lexicon", "Reply", "StateSpec", "Step", "Text", "Timer", "Wheel", "build_engine",
    "engine_keys", "load_flows", "load_lexicon", "load_wheel",
]


def build_engine(flows_dir: Path, languages: tuple[str, ...]) -> Engine:
    """Load and validate flows/ and build the engine (once, at start-up)."""
    wheel = load_wheel(flows_dir)
    return Engine(load_flows(flows_dir, wheel), wheel, load_lexicon(flows_dir), languages)
