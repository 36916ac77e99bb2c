"""A message is applied at most once, never in addition to its resend, and never again after a purge:
the turn lease (TURN_LEASE), the MessageSid of another phone, and the keyed hashes kept of every MessageSid."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.services.inbound import SID_MEMORY, TURN_LEASE
from bot.services.meetings import create_meeting, invite
from bot.services.retention import purge_due, purge_meeting
from bot.store.models import Answer, Conversation, Message, Participant, SeenSid
from tests.services.test_inbound import FailingStatement, conversation, inbound, replies, say
from tests.support.common import MEETING_DATE, PHONES, sign, twilio_fields

PHONE = PHONES[0]


def answers(rt) -> dict[str, int | None]:
    with rt.db() as s:
        return {a.area: a.rating for a in s.scalars(select(Answer).order_by(Answer.area))}


def test_a_resend_after_an_unmarked_failure_is_applied_alone(rt, invited, send_sms, clock):
    """The database fails mid-turn and cannot take the error mark either: the stored copy stays `received`.
    The participant, asked to try again, sends the same words: they are one answer, not two."""
    invited()
    for body in ("hej", "JA"):
        send_sms(PHONE, body)
    failing = [FailingStatement(rt, "UPDATE conversation"), FailingStatement(rt, "UPDATE message")]
    assert say(rt, "common.try_again") in replies(send_sms(PHONE, "4"))
    for fault in failing:
        fault.off()
    assert inbound(rt)[-1] == ("4", "received", None)  # no mark could be written
    clock["now"] += TURN_LEASE + dt.timedelta(seconds=1)  # a person retypes
    send_sms(PHONE, "4")
    assert answers(rt) == {"safe": 4}
    assert [status for _, status, _ in inbound(rt)][-2:] == ["superseded", "received"]


def test_two_messages_in_flight_together_are_applied_in_order(rt, invited, send_sms, clock):
    invited()
    for body in ("hej", "JA"):
        send_sms(PHONE, body)
    with rt.db.begin() as s:  # stored by a request whose turn has not run yet
        conv = s.scalar(select(Conversation))
        assert conv is not None
        s.add(Message(conversation_id=conv.id, direction="in", message_sid="SM" + "e" * 32, body="5",
                      status="received", created_at=clock["now"]))
    clock["now"] += TURN_LEASE / 2
    send_sms(PHONE, "3")
    assert answers(rt) == {"safe": 5, "healthy": 3}


def test_a_request_replayed_after_the_purge_is_refused(rt, invited, send_sms, client, clock):
    invited()
    sid = "SM" + "f" * 32
    fields = twilio_fields(PHONE, "hej", sid)
    first = client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})
    assert say(rt, "youth.consent") in replies(first)
    meeting_id = invited.state["meeting"]
    with rt.db.begin() as s:
        assert purge_meeting(s, meeting_id, clock["now"], "staff") is not None
    with rt.db.begin() as s:  # the phone's next meeting, and its new conversation
        meeting = create_meeting(s, "flen", MEETING_DATE, None, clock["now"].date(), clock["now"])
        s.flush()
        invite(s, rt, meeting.id, "youth", PHONE, "sv", clock["now"])
    again = client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})
    assert say(rt, "youth.consent") not in replies(again)
    assert inbound(rt) == [] and conversation(rt).state == "invited"


def test_another_phones_message_sid_gets_400_and_nothing(rt, invited, send_sms, client):
    invited()
    invited(PHONES[1])
    sid = "SM" + "9" * 32
    assert say(rt, "youth.consent") in replies(send_sms(PHONE, "hej", sid=sid))
    fields = twilio_fields(PHONES[1], "hej", sid)
    response = client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})
    assert response.status_code == 400
    assert say(rt, "youth.consent") not in response.get_data(as_text=True)
    with rt.db() as s:
        states = {p.phone: p.conversation.state for p in s.scalars(select(Participant))}
        assert states == {PHONE: "consent", PHONES[1]: "invited"}
        assert s.scalar(select(func.count()).select_from(Message).where(Message.direction == "in")) == 1


def test_the_same_sid_again_from_the_same_phone_is_a_redelivery(rt, invited, send_sms):
    invited()
    sid = "SM" + "8" * 32
    first = replies(send_sms(PHONE, "hej", sid=sid))
    assert replies(send_sms(PHONE, "hej", sid=sid)) == first
    assert conversation(rt).state == "consent"


def test_sid_hashes_are_kept_for_their_memory_then_forgotten(rt, invited, send_sms, clock):
    invited()
    send_sms(PHONE, "hej", sid="SM" + "7" * 32)
    with rt.db() as s:
        kept = s.scalars(select(SeenSid.sid_hash)).all()
    assert len(kept) == 1 and "SM" not in kept[0] and len(kept[0]) == 64  # a keyed hash, not the sid
    clock["now"] += SID_MEMORY
    purge_due(rt)
    with rt.db() as s:
        assert s.scalar(select(func.count()).select_from(SeenSid)) == 1  # still within its memory
    clock["now"] += dt.timedelta(days=2)
    purge_due(rt)
    with rt.db() as s:
        assert s.scalar(select(func.count()).select_from(SeenSid)) == 0
