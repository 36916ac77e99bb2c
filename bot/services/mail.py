"""The mail outbox: e-mails to staff about concerns, queued in the transaction that raised them and sent by
the worker with retries and backoff.

Rule: like the SMS outbox (bot/services/outbox.py), at-least-once and never lost: a row is claimed with a
lease (PostgreSQL: FOR UPDATE SKIP LOCKED), sent, and its outcome recorded; a failure waits (doubling, capped)
and is tried again, with no last attempt. A row stores no address and no text: both are made when it is
sent, from the meeting (date, label) and the staff texts, so the outbox holds nothing personal. The e-mail
names no person, no phone number and no answer. The log has row ids and exception types only.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from babel.dates import format_date
from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.services.runtime import Runtime
from bot.store.models import ConcernReview, Mail, Meeting, MeetingInfo
from bot.texts.staff import staff_texts

log = logging.getLogger("hjulsamtal.mail")
PENDING = ("queued", "sending")
INBOX_PATH = "/concerns"  # where the e-mail's link goes (the login page first, when logged out)


def queue_mail(conn: Connection, kind: str, audience: str, meeting_id: str, event_id: int | None,
               now: dt.datetime) -> None:
    """Queue one e-mail (`kind` concern | escalation, to the meeting's `owner` or the `oncall` address)."""
    conn.execute(insert(Mail).values(kind=kind, audience=audience, meeting_id=meeting_id, event_id=event_id,
                                     status="queued", attempts=0, due_at=now, created_at=now))


@dataclass(frozen=True)
class ClaimedMail:
    """One e-mail claimed for sending, addressed and written."""

    id: int
    to: str
    subject: str
    body: str
    attempts: int


def recipient(s: Session, mail: Mail, meeting: Meeting) -> str | None:
    """The owner (or, without an active owner, the on-call address) for `owner`; the on-call address (or,
    without one, the owner) for `oncall`; None when the organisation has neither."""
    owner = meeting.owner.email if meeting.owner and meeting.owner.deactivated_at is None else None
    oncall = meeting.org.alert_email
    return (owner or oncall) if mail.audience == "owner" else (oncall or owner)


def written(s: Session, rt: Runtime, mail: Mail, meeting: Meeting) -> tuple[str, str]:
    """Subject and body: the meeting's date and label and the link to log in; nothing else."""
    info = s.get(MeetingInfo, meeting.id)
    texts = staff_texts()
    params = {"date": format_date(meeting.date, format="long", locale="sv"),
              "label": (info.label if info and info.label else texts("mail.no_label")),
              "link": rt.mail.base_url + INBOX_PATH, "minutes": rt.mail.escalate_minutes}
    return texts(f"mail.{mail.kind}.subject", **params), texts(f"mail.{mail.kind}.body", **params)


def claim_mail(rt: Runtime, limit: int, done: set[int] | None = None) -> list[ClaimedMail]:
    """Claim up to `limit` due e-mails not in `done` (one short transaction; each row looked at is added to
    `done`): escalations already seen are canceled, and e-mails with nobody to go to wait (retried later,
    when an address may have been set)."""
    now = rt.clock()
    claimed = []
    done = set() if done is None else done
    with rt.db.begin() as s:
        rows = s.scalars(select(Mail).where(Mail.status.in_(PENDING), or_(Mail.due_at.is_(None), Mail.due_at <= now),
                                            Mail.id.not_in(done))
                         .order_by(Mail.id).limit(limit).with_for_update(skip_locked=True)).all()
        done.update(mail.id for mail in rows)
        for mail in rows:
            meeting = s.get(Meeting, mail.meeting_id)
            if meeting is None or (mail.kind == "escalation" and _seen(s, mail.event_id)):
                mail.status, mail.due_at = "canceled", None
                continue
            to = recipient(s, mail, meeting)
            if to is None:  # nobody to tell yet: said in the log (ids only), tried again later
                log.warning("mail %s: no recipient (meeting %s has no responsible staff member and its "
                            "organisation no on-call address)", mail.id, mail.meeting_id)
                _wait(rt, mail, "no_recipient", count=False)
                continue
            subject, body = written(s, rt, mail, meeting)
            mail.status, mail.attempts = "sending", mail.attempts + 1
            mail.due_at = now + dt.timedelta(seconds=rt.delivery.lease_seconds)
            claimed.append(ClaimedMail(mail.id, to, subject, body, mail.attempts))
    return claimed


def _seen(s: Session, event_id: int | None) -> bool:
    review = s.get(ConcernReview, event_id) if event_id is not None else None
    return review is not None and review.seen_at is not None


def _wait(rt: Runtime, mail: Mail, error: str, count: bool = True) -> None:
    """Put the row back in the queue until its next try (exponential backoff, capped; never given up)."""
    mail.status, mail.error = "queued", error
    mail.due_at = rt.clock() + rt.delivery.retry_delay(mail.attempts if count else 1)


def send_mail(rt: Runtime, row: ClaimedMail) -> str:
    """Send one claimed e-mail and record the outcome: `sent` or `retry`."""
    try:
        rt.mailer.send(row.to, row.subject, row.body, ref=str(row.id))
        outcome, error = "sent", None
    except Exception as exc:  # any failure (refused, down, timeout) waits and is retried, never raised
        outcome, error = "retry", type(exc).__name__[:64]
        log.warning("mail %s: %s (retry, attempt %s)", row.id, error, row.attempts)
    with rt.db.begin() as s:
        mail = s.get(Mail, row.id, with_for_update=True)
        if mail is None:
            return outcome
        if outcome == "sent":
            mail.status, mail.error, mail.due_at, mail.sent_at = "sent", None, None, rt.clock()
        else:
            _wait(rt, mail, error or "error")
    return outcome


def send_due_mail(rt: Runtime, stop: threading.Event | None = None) -> dict[str, int]:
    """Claim and send due e-mails batch by batch until none is due or `stop` is set; count the outcomes."""
    counts: dict[str, int] = {}
    done: set[int] = set()  # a row retried at once (backoff 0) waits for the next pass
    while not (stop and stop.is_set()):
        size = len(done)
        batch = claim_mail(rt, rt.delivery.batch, done)
        if len(done) == size:
            break
        for row in batch:
            outcome = send_mail(rt, row)
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def pending_count(s: Session) -> int:
    """E-mails not yet sent (for status pages and tests)."""
    return len(s.scalars(select(Mail.id).where(Mail.status.in_(PENDING))).all())


def cancel_for_meeting(s: Session, meeting_id: str) -> None:
    """Nothing more goes out about a purged meeting's concerns (its label is gone too)."""
    s.execute(update(Mail).where(Mail.meeting_id == meeting_id, Mail.status.in_(PENDING))
              .values(status="canceled", due_at=None))
