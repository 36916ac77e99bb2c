"""What a turn sends after a worrying message, and how the questions wait after one.

Rule: a concern (Trygg rated 1, words of danger) always reaches staff as an event, whatever the state. In an
open conversation the message gets the flow's disclosure reply alone (thanks, what happens next, the role's
help numbers, go on with JA; led by what was understood when a rating was read from a word or a face, so
"😞" read as 1 says why this reply comes) and the questions pause: the next question is held back, not
lost. While paused, JA asks it, STOPP and SPRÅK work as anywhere, a question about the service is answered,
another worrying message gets the disclosure again, and anything else says that the questions wait. After
the end the flow's help numbers go back only where the flow allows a reply after the end: never after STOPP.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.conversation import events as ev
from bot.conversation.language_menu import close_menu, show_menu
from bot.conversation.types import Reply
from bot.conversation.understanding import Reading

if TYPE_CHECKING:
    from bot.conversation.turn import Turn


def while_paused(turn: Turn, reading: Reading) -> None:
    """Read a message while the questions wait (read as a yes/no step)."""
    kind = reading.kind
    if kind == "stop":
        turn.fire("stop")
    elif kind == "language":
        show_menu(turn)
    else:
        if kind == "yes":
            turn.conv.paused = False
        elif kind == "question":
            turn.replies.append(Reply(f"questions.{reading.intent}"))
        turn.ask()


def settle(turn: Turn) -> None:
    """After a message that raised a concern: in an open conversation the disclosure reply alone, and the
    questions pause; if the same message ended the conversation (STOPP, the last JA), the help numbers first."""
    if not turn.raised:
        return
    if turn.spec.final:
        turn.replies.insert(0, Reply(turn.flow.replies["safety"]))
        return
    lead = next((r.lead for r in turn.replies if r.lead), None)  # "Du svarade 1.": why this reply comes
    turn.conv.paused = True
    close_menu(turn)
    turn.replies = [Reply(turn.flow.replies["disclosure"], lead=lead)]


def after_end(turn: Turn, today: dt.date, danger: bool) -> None:
    """A message after the end: danger still reaches staff and gets no SMS back (the conversation is over and
    the phone may be watched: staff are alerted and act); otherwise a reply only where the flow allows one
    (never after STOPP), the polite after-end text at most once a day."""
    after = turn.spec.after
    if danger:
        turn.events.append(ev.ConcernRaised(None, "danger_words"))
        return
    if after and turn.conv.after_end_replied != today.isoformat():
        turn.conv.after_end_replied = today.isoformat()
        turn.replies.append(Reply(after))
