"""The outbox: every reply and SMS is recorded here, and queued ones are sent after the transaction that
queued them has committed.

Rule: a row is queued in the same transaction as the change that causes it (record_replies is the one way
to write replies, queued or sent as TwiML; send_queued the one way to send after a commit). A worker claims due rows
(PostgreSQL: FOR UPDATE SKIP LOCKED, so two workers never claim one row; SQLite: BEGIN IMMEDIATE) by
marking them `sending` with a lease, sends each, and records the outcome at once. Only a crash between
Twilio accepting a message and that record leaves a row whose fate is unknown: it is sent again when its
lease ends (at-least-once; at most one duplicate per row in flight when a worker dies).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, or_, select, update
from sqlalchemy.orm import Session

from bot import conversation as eng
from bot.config import DeliverySettings
from bot.services.apply import apply_step
from bot.services.runtime import Runtime
from bot.services.transport import SendError, Transport
from bot.store import conversations as sql
from bot.store.models import Conversation, Meeting, Message, Organisation, Participant
from bot.texts.bilingual import render_all

log = logging.getLogger("hjulsamtal.outbound")

PERMANENT = {21610: eng.Status.OPTED_OUT, 21211: eng.Status.UNDELIVERABLE, 21614: eng.Status.UNDELIVERABLE,
             30006: eng.Status.UNDELIVERABLE}
RETRY_CODES = {30003, 20429, 20003}  # unreachable for now, too many requests, credentials being fixed
PENDING = ("queued", "sending")
QUIET_START, QUIET_END = dt.time(21, 0), dt.time(8, 0)  # no SMS is sent at night (local time)


def outside_quiet_hours(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """`moment`, or the next 08:00 local time when it falls in the quiet hours."""
    local = moment.astimezone(tz)
    if QUIET_END <= local.time() < QUIET_START:
        return moment
    day = local.date() + dt.timedelta(days=1) if local.time() >= QUIET_START else local.date()
    return dt.datetime.combine(day, QUIET_END, tzinfo=tz).astimezone(dt.UTC)


def record_replies(conn: Connection, rt: Runtime, conversation_id: int, replies: Sequence[eng.Reply], lang: str,
                   bilingual: bool, now: dt.datetime, *, in_reply_to: int | None = None,
                   status: str = "queued") -> list[str]:
    """Render replies for the participant and record them: `queued` for the worker to send, or `replied`
    (sent as the webhook's TwiML). Returns the bodies: one per reply, two in bilingual mode (each its own
    SMS and its own row, the mother tongue first)."""
    bodies = render_all(rt.texts, list(replies), lang, bilingual)
    sql.insert_replies(conn, conversation_id, in_reply_to, bodies, status, now)
    return bodies


@dataclass(frozen=True)
class Claimed:
    """One outbox row claimed for sending."""

    id: int
    conversation_id: int
    phone: str
    body: str
    attempts: int
    sender: str | None = None  # the organisation's own number (bot/services/routing.py)


def classify(error: SendError) -> str:
    """`opted_out` | `undeliverable` (permanent, the participant is marked), `retry`, or `failed`."""
    if error.code in PERMANENT:
        return PERMANENT[error.code]
    if error.code in RETRY_CODES or error.status is None or error.status >= 500 or error.status == 429:
        return "retry"
    return "failed"


def backoff(attempts: int, settings: DeliverySettings) -> dt.timedelta:
    """The wait before the next try after `attempts` sends: exponential, capped."""
    return settings.retry_delay(attempts)


def claim(rt: Runtime, limit: int) -> list[Claimed]:
    """Claim up to `limit` due rows (one short transaction); rows of unreachable participants are canceled."""
    now = rt.clock()
    lease = now + dt.timedelta(seconds=rt.delivery.lease_seconds)
    with rt.db.begin() as s:
        ids = s.scalars(
            select(Message.id)
            .where(Message.direction == "out", Message.status.in_(PENDING),
                   or_(Message.due_at.is_(None), Message.due_at <= now))
            .order_by(Message.id).limit(limit).with_for_update(skip_locked=True)
        ).all()
        if not ids:
            return []
        rows = s.execute(
            select(Message.id, Message.conversation_id, Participant.phone, Message.body, Message.attempts,
                   Conversation.status, Organisation.sender)
            .join(Conversation, Message.conversation_id == Conversation.id)
            .join(Participant, Conversation.participant_id == Participant.id)
            .join(Meeting, Participant.meeting_id == Meeting.id).join(Organisation, Meeting.org_id == Organisation.id)
            .where(Message.id.in_(ids)).order_by(Message.id)
        ).all()
        blocked = [r.id for r in rows if r.status in eng.UNREACHABLE]
        claimed = [Claimed(r.id, r.conversation_id, r.phone, r.body, r.attempts + 1, r.sender)
                   for r in rows if r.status not in eng.UNREACHABLE]
        if blocked:
            s.execute(update(Message).where(Message.id.in_(blocked)).values(status="canceled", due_at=None))
        if claimed:
            s.execute(update(Message).where(Message.id.in_([c.id for c in claimed]))
                      .values(status="sending", attempts=Message.attempts + 1, due_at=lease))
    return claimed


def send_claimed(rt: Runtime, row: Claimed) -> str:
    """Send one claimed row and record the outcome; return it (sent, retry, failed, opted_out, ...)."""
    try:
        sid, outcome, error = rt.transport.send(row.phone, row.body, ref=str(row.id), sender=row.sender), "sent", None
    except SendError as exc:
        sid, outcome, error = None, classify(exc), exc.kind
    except Exception as exc:  # an unexpected transport failure is recorded and retried, never raised
        sid, outcome, error = None, "retry", type(exc).__name__
    if error:
        log.warning("outbound message %s: %s (%s, attempt %s)", row.id, error, outcome, row.attempts)
    with rt.db.begin() as s:
        record(s, rt, row.id, outcome, sid, error)
    return outcome


def record(s: Session, rt: Runtime, message_id: int, outcome: str, sid: str | None, error: str | None) -> None:
    """Write a send's outcome on its row (and mark the participant on a permanent Twilio error)."""
    message = s.get(Message, message_id)
    if message is None:  # purged meanwhile
        return
    now = rt.clock()
    if outcome == "sent":
        if message.message_sid != sid:  # a resend starts its delivery report afresh
            message.delivery_status = None
        message.status, message.message_sid, message.error, message.due_at = "sent", sid, None, None
        return
    if outcome == "canceled":
        message.status, message.due_at = "canceled", None
        return
    message.error = error
    if outcome == "retry" and message.attempts < rt.delivery.max_attempts:
        retry_at = outside_quiet_hours(now + backoff(message.attempts, rt.delivery), rt.tz)  # no SMS at night
        message.status, message.due_at = "queued", retry_at
        return
    message.status, message.due_at = "failed", None
    if outcome in eng.UNREACHABLE:
        mark_unreachable(s, rt, message.conversation_id, eng.Status(outcome), now)


def mark_unreachable(s: Session, rt: Runtime, conversation_id: int, status: eng.Status, now: dt.datetime) -> None:
    """The participant cannot get SMS (`opted_out` / `undeliverable`): the engine ends the conversation (an
    ended one stays as it is), and nothing still queued for it is sent."""
    conn = s.connection()
    conv = sql.conversation_by_id(conn, conversation_id)  # locked
    before = eng.Conversation.from_data(conv.flow, conv.state, conv.data)
    step = rt.engine.step(before, eng.Unreachable(status))
    if step.events:
        apply_step(conn, conv, step.conversation, step.events, now)
    s.execute(update(Message).where(Message.conversation_id == conversation_id, Message.direction == "out",
                                    Message.status.in_(PENDING))
              .values(status="canceled", due_at=None))


def send_due(rt: Runtime, limit: int | None = None, stop: threading.Event | None = None) -> dict[str, int]:
    """Claim and send due rows batch by batch until none is due, `limit` are done or `stop` is set."""
    counts: dict[str, int] = {}
    done = 0
    while (limit is None or done < limit) and not (stop and stop.is_set()):
        batch = claim(rt, min(rt.delivery.batch, limit - done) if limit is not None else rt.delivery.batch)
        if not batch:
            break
        unreachable: set[int] = set()
        for row in batch:
            if row.conversation_id in unreachable:  # marked by an earlier row of this batch
                with rt.db.begin() as s:
                    record(s, rt, row.id, "canceled", None, None)
                continue
            outcome = send_claimed(rt, row)
            if outcome in eng.UNREACHABLE:
                unreachable.add(row.conversation_id)
            counts[outcome] = counts.get(outcome, 0) + 1
        done += len(batch)
    return counts


def send_queued(rt: Runtime, transport: Transport | None = None, limit: int = 100) -> int:
    """Send what is due now (up to `limit`, through `transport` if given); return how many were sent."""
    return send_due(replace(rt, transport=transport) if transport else rt, limit).get("sent", 0)
