"""The outbox: send queued outbound SMS after the transaction that queued them has committed.

Rule: a row is queued in the same transaction as the change that causes it. A worker claims due rows
(PostgreSQL: FOR UPDATE SKIP LOCKED, so two workers never claim one row; SQLite: BEGIN IMMEDIATE) by
marking them `sending` with a lease, sends each, and records the outcome at once. Only a crash between
Twilio accepting a message and that record leaves a row whose fate is unknown: it is sent again when its
lease ends (at-least-once; at most one duplicate per row in flight when a worker dies).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, replace

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.config import DeliverySettings
from bot.services.runtime import Runtime
from bot.services.timers import outside_quiet_hours
from bot.services.transport import SendError, Transport
from bot.store.models import Conversation, ConversationEvent, Message, Participant

log = logging.getLogger("hjulsamtal.outbound")

PERMANENT = {21610: "opted_out", 21211: "undeliverable", 21614: "undeliverable", 30006: "undeliverable"}
RETRY_CODES = {30003, 20429, 20003}  # unreachable for now, too many requests, credentials being fixed
NOT_REACHABLE = ("opted_out", "undeliverable")  # conversation statuses that get no more SMS
PENDING = ("queued", "sending")


@dataclass(frozen=True)
class Claimed:
    """One outbox row claimed for sending."""

    id: int
    conversation_id: int
    phone: str
    body: str
    attempts: int


def classify(error: SendError) -> str:
    """`opted_out` | `undeliverable` (permanent, the participant is marked), `retry`, or `failed`."""
    if error.code in PERMANENT:
        return PERMANENT[error.code]
    if error.code in RETRY_CODES or error.status is None or error.status >= 500 or error.status == 429:
        return "retry"
    return "failed"


def backoff(attempts: int, settings: DeliverySettings) -> dt.timedelta:
    """The wait before the next try after `attempts` sends: exponential, capped."""
    seconds = settings.backoff_seconds * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.backoff_cap_seconds))


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
                   Conversation.status)
            .join(Conversation, Message.conversation_id == Conversation.id)
            .join(Participant, Conversation.participant_id == Participant.id)
            .where(Message.id.in_(ids)).order_by(Message.id)
        ).all()
        blocked = [r.id for r in rows if r.status in NOT_REACHABLE]
        claimed = [Claimed(r.id, r.conversation_id, r.phone, r.body, r.attempts + 1)
                   for r in rows if r.status not in NOT_REACHABLE]
        if blocked:
            s.execute(update(Message).where(Message.id.in_(blocked)).values(status="canceled", due_at=None))
        if claimed:
            s.execute(update(Message).where(Message.id.in_([c.id for c in claimed]))
                      .values(status="sending", attempts=Message.attempts + 1, due_at=lease))
    return claimed


def send_claimed(rt: Runtime, row: Claimed) -> str:
    """Send one claimed row and record the outcome; return it (sent, retry, failed, opted_out, ...)."""
    try:
        sid, outcome, error = rt.transport.send(row.phone, row.body, ref=str(row.id)), "sent", None
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
    if outcome in NOT_REACHABLE:
        mark_unreachable(s, rt, message.conversation_id, outcome, now)


def mark_unreachable(s: Session, rt: Runtime, conversation_id: int, status: str, now: dt.datetime) -> None:
    """The participant cannot get SMS (`opted_out` / `undeliverable`): end the conversation, cancel its queue."""
    conv = s.get(Conversation, conversation_id, with_for_update=True)
    if conv is None or conv.status in NOT_REACHABLE:
        return
    conv.status = status
    if status in rt.engine.flows[conv.flow].states:  # opted out at Twilio: as if STOPP had been sent
        conv.state = status
    conv.open_phone = None
    conv.updated_at = now
    s.add(ConversationEvent(conversation_id=conv.id, kind="status", detail=status, created_at=now))
    s.execute(update(Message).where(Message.conversation_id == conv.id, Message.direction == "out",
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
            if outcome in NOT_REACHABLE:
                unreachable.add(row.conversation_id)
            counts[outcome] = counts.get(outcome, 0) + 1
        done += len(batch)
    return counts


def send_queued(rt: Runtime, transport: Transport | None = None, limit: int = 100) -> int:
    """Send what is due now (up to `limit`, through `transport` if given); return how many were sent."""
    return send_due(replace(rt, transport=transport) if transport else rt, limit).get("sent", 0)
