"""The pure conversation engine: flows as data, one Machine per flow, (state, one input) -> new state, replies
as data and events. Rule: imports nothing from flask, sqlalchemy or twilio, nor any other layer of bot/ (a
contract checks); it is the only place a conversation's state or status changes."""

from pathlib import Path

from bot.conversation.engine import ENGINE_KEYS, FRAGMENT_KEYS, Engine, engine_keys
from bot.conversation.events import (
    AnswerGiven,
    ConcernRaised,
    Event,
    FollowupDropped,
    FollowupGiven,
    LanguageChanged,
    MattersMostGiven,
    SharingChosen,
    StatusChanged,
)
from bot.conversation.flows import Flow, FlowError, StateSpec, Wheel, load_flows, load_wheel
from bot.conversation.lexicon import Lexicon, load_lexicon
from bot.conversation.statuses import ENDED, OPEN, UNREACHABLE, Status
from bot.conversation.types import (
    ROLES,
    AreaAnswer,
    Conversation,
    Inbound,
    PaperAnswers,
    Reply,
    Step,
    Text,
    Timer,
    Unreachable,
)

__all__ = [
    "ENDED", "ENGINE_KEYS", "FRAGMENT_KEYS", "OPEN", "ROLES", "UNREACHABLE", "AnswerGiven", "AreaAnswer",
    "ConcernRaised", "Conversation", "Engine", "Event", "Flow", "FlowError", "FollowupDropped", "FollowupGiven",
    "Inbound", "LanguageChanged", "Lexicon", "MattersMostGiven", "PaperAnswers", "Reply", "SharingChosen",
    "StateSpec", "Status", "StatusChanged", "Step", "Text", "Timer", "Unreachable", "Wheel", "build_engine",
    "engine_keys", "load_flows", "load_lexicon", "load_wheel",
]


def build_engine(flows_dir: Path, languages: tuple[str, ...]) -> Engine:
    """Load and validate flows/ and build the engine (once, at start-up)."""
    wheel = load_wheel(flows_dir)
    return Engine(load_flows(flows_dir, wheel), wheel, load_lexicon(flows_dir, wheel.areas), languages)
