"""Answers typed in from the paper sheet: a change from outside the conversation, applied as a turn.

Rule: like goflow's modifiers, it changes the conversation only through the turn: every area's answer (the
sheet replaces what was there, follow-ups included), concerns as by SMS, what matters most and the sharing
choice as events, then the flow's `paper` trigger, quietly (nothing is sent). Where the flow takes no paper
answers nothing changes (the service refuses before asking).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.conversation import events as ev
from bot.conversation.types import AreaAnswer, PaperAnswers

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


def fill_in(turn: Turn, sheet: PaperAnswers) -> None:
    """Staff typed in the paper sheet: every area's answer, concerns as by SMS, and the conversation is done."""
    if "paper" not in turn.flow.triggers[turn.conv.state]:
        return
    wheel, lexicon, conv, events = turn.engine.wheel, turn.engine.lexicon, turn.conv, turn.events
    for area in wheel.areas:
        rating, comment = sheet.answers.get(area, (None, None))
        conv.answers[area] = AreaAnswer(rating=rating, comment=comment)
        events.append(ev.AnswerGiven(area, rating, comment, source="paper"))
        if area == wheel.concern_area and rating is not None and rating <= wheel.concern_max:
            events.append(ev.ConcernRaised(area, "low_rating"))
        if comment and lexicon.has_danger(comment):
            events.append(ev.ConcernRaised(area, "danger_words"))
    conv.matters_most = sheet.matters_most
    events.append(ev.MattersMostGiven(sheet.matters_most))
    conv.sharing = sheet.sharing or wheel.sharing_default
    events.append(ev.SharingChosen(conv.sharing))
    if sheet.matters_most and lexicon.has_danger(sheet.matters_most):
        events.append(ev.ConcernRaised(None, "danger_words"))
    turn.fire("paper", quiet=True)
