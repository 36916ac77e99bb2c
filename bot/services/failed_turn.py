"""A turn that failed (the engine or the database): was it applied after all, mark it, ask to try again.

Rule: the participant never gets a bare 500 and never an answer applied twice. After a failed turn the
database is asked, for up to SETTLE_WAIT while it restarts, whether the turn committed after all (its
commit's answer lost with the connection): then the replies stored with it go back. Otherwise the message is
marked `error` with the kind of error only (no personal data), if the database takes it, and the participant
gets the short try-again text in their language (Swedish when it cannot be read). A message left unmarked
stays unapplied: `hjulsamtal replay` (bot/services/replay.py) finds it after its grace period.
"""

from __future__ import annotations

import logging
import time

from bot import conversation as eng
from bot.services.runtime import Runtime
from bot.store import conversations as sql
from bot.texts.bilingual import render_bodies
from bot.texts.catalogue import TRY_AGAIN_KEY, UNKNOWN_NUMBER_LANGUAGE

log = logging.getLogger("hjulsamtal.inbound")

SETTLE_WAIT = 3.0  # seconds a failed turn waits for the database to say whether it was applied after all


def settle(rt: Runtime, conversation_id: int, message_id: int, exc: BaseException) -> list[str]:
    """After a failed turn: the replies if it was applied after all (its commit's answer was lost with the
    connection), else an error mark (if the database takes it) and the try-again text. A database that is
    restarting is asked again for up to SETTLE_WAIT, so that a turn it did commit is never asked for again."""
    deadline = time.monotonic() + SETTLE_WAIT
    while True:
        try:
            with rt.db_engine.connect() as conn:
                if (sql.last_applied(conn, conversation_id) or 0) >= message_id:
                    return sql.replied_to(conn, message_id)
            break
        except Exception:  # the database is still failing
            if time.monotonic() >= deadline:
                break
            time.sleep(0.2)
    mark_error(rt, message_id, exc)
    return try_again(rt, conversation_id)


def try_again(rt: Runtime, conversation_id: int | None) -> list[str]:
    """The short reply when a message could not be handled now, in the participant's language if known."""
    lang, bilingual = UNKNOWN_NUMBER_LANGUAGE, False
    if conversation_id is not None:
        try:
            with rt.db_engine.connect() as conn:
                lang, bilingual = sql.language_of(conn, conversation_id)
        except Exception:  # the database is failing: Swedish will do
            pass
    return render_bodies(rt.texts, eng.Reply(TRY_AGAIN_KEY), lang, bilingual)


def mark_error(rt: Runtime, message_id: int, exc: BaseException) -> None:
    """Mark a stored message whose turn failed, with the kind of error only (no personal data)."""
    log.error("inbound message %s failed: %s", message_id, type(exc).__name__)
    try:
        with rt.db.begin() as s:
            sql.set_status(s.connection(), [message_id], "error", type(exc).__name__[:64])
    except Exception as again:  # left unapplied: `hjulsamtal replay` finds it after its grace period
        log.error("inbound message %s not marked: %s", message_id, type(again).__name__)
