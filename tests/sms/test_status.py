"""POST /sms/status: signed like /sms, statuses only move forward, failures reach the participant."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.services.outbox import claim, send_due
from bot.services.overview import meeting_rows
from bot.services.runtime import Runtime
from bot.store.models import Conversation, Meeting, Message, Participant
from tests.support.common import PHONES, sign


def status_fields(sid: str, status: str, code: str | None = None) -> dict[str, str]:
    fields = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
              "AccountSid": "AC" + "1" * 32, "From": "+46766920000", "To": PHONES[0], "ApiVersion": "2010-04-01"}
    if code:
        fields["ErrorCode"] = code
    return fields


def post_status(client, fields: dict[str, str], signature: str | None = None, path: str = "/sms/status"):
    return client.post(path, data=fields, headers={"X-Twilio-Signature": signature or sign(fields, path=path)})


def invitation(rt: Runtime) -> Message:
    with rt.db() as s:
        message = s.scalar(select(Message).where(Message.direction == "out").order_by(Message.id))
        assert message is not None
        return message


@pytest.fixture
def sent(twilio_rt, invited) -> str:
    """An invitation sent through the fake; its Twilio SID."""
    invited()
    send_due(twilio_rt)
    sid = invitation(twilio_rt).message_sid
    assert sid
    return sid


def test_statuses_are_recorded_and_only_move_forward(client, twilio_rt, sent):
    for status in ("sent", "delivered", "sent"):
        assert post_status(client, status_fields(sent, status)).status_code == 204
    message = invitation(twilio_rt)
    assert (message.status, message.delivery_status) == ("sent", "delivered")


def test_unsigned_or_wrongly_signed_callbacks_change_nothing(client, twilio_rt, sent):
    fields = status_fields(sent, "undelivered", "30006")
    assert client.post("/sms/status", data=fields).status_code == 403
    assert post_status(client, fields, sign(fields, path="/sms")).status_code == 403  # signed for another URL
    assert invitation(twilio_rt).delivery_status is None


def test_undelivered_to_a_landline_marks_the_participant(client, twilio_rt, sent):
    assert post_status(client, status_fields(sent, "undelivered", "30006")).status_code == 204
    message = invitation(twilio_rt)
    assert (message.status, message.delivery_status, message.error) == ("failed", "undelivered", "twilio_30006")
    with twilio_rt.db() as s:
        conv = s.scalar(select(Conversation))
        assert conv is not None and (conv.status, conv.open_phone) == ("undeliverable", None)


def test_unreachable_for_now_is_sent_again_after_backoff(client, twilio_rt, fake_twilio, sent, clock):
    assert post_status(client, status_fields(sent, "undelivered", "30003")).status_code == 204
    message = invitation(twilio_rt)
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.due_at == clock["now"] + dt.timedelta(seconds=30)
    clock["now"] += dt.timedelta(seconds=30)
    assert send_due(twilio_rt) == {"sent": 1}
    message = invitation(twilio_rt)
    assert (message.status, message.attempts, message.delivery_status) == ("sent", 2, None)
    assert message.message_sid == fake_twilio.accepted[-1].sid != sent
    with twilio_rt.db() as s:
        assert s.scalar(select(Conversation.status)) == "invited"


def test_unknown_sid_and_bad_requests(client, twilio_rt, sent):
    assert post_status(client, status_fields("SM" + "0" * 32, "delivered")).status_code == 204
    assert post_status(client, status_fields(sent, "exploded")).status_code == 400
    assert invitation(twilio_rt).delivery_status is None


def test_staff_chips_show_delivery_failures_and_opt_outs(client, twilio_rt, fake_twilio, invited, send_sms):
    invited(PHONES[0])
    invited(PHONES[1])
    invited(PHONES[2])
    invited(PHONES[3])
    fake_twilio.fail_next(PHONES[1], 21610)
    fake_twilio.fail_next(PHONES[2], 21211)
    send_due(twilio_rt)
    send_sms(PHONES[3], "hej")
    sid = next(c.sid for c in fake_twilio.accepted if c.to == PHONES[3])
    assert post_status(client, status_fields(sid, "undelivered", "30005")).status_code == 204  # unknown handset
    with twilio_rt.db() as s:
        meeting = s.get(Meeting, invited.state["meeting"])
        rows = meeting_rows(s, meeting.org_id, twilio_rt.today(), meeting.id)[0].participants
        chips = {row.participant.id: row.chip for row in rows}  # what the staff pages show
        ids = {phone: pid for phone, pid in s.execute(select(Participant.phone, Participant.id))}
    assert {phone: chips[ids[phone]] for phone in PHONES[:4]} == {
        PHONES[0]: "invited", PHONES[1]: "opted_out", PHONES[2]: "not_delivered", PHONES[3]: "not_delivered"}


def test_a_message_twilio_accepted_but_no_worker_recorded_is_not_sent_twice(client, twilio_rt, fake_twilio, invited,
                                                                            clock):
    invited()
    [row] = claim(twilio_rt, 10)
    sid = twilio_rt.transport.send(row.phone, row.body, ref=str(row.id))  # Twilio takes it ... the worker dies
    assert invitation(twilio_rt).status == "sending"
    callback = fake_twilio.accepted[0].fields["StatusCallback"]
    path = callback.removeprefix("https://hjulsamtal.example.org")
    assert path == f"/sms/status?m={row.id}"
    assert post_status(client, status_fields(sid, "sent"), path=path).status_code == 204
    message = invitation(twilio_rt)
    assert (message.status, message.message_sid, message.delivery_status) == ("sent", sid, "sent")
    clock["now"] += dt.timedelta(seconds=twilio_rt.delivery.lease_seconds)
    assert send_due(twilio_rt) == {}
    assert len(fake_twilio.calls) == 1  # the lease ran out, but the row is known to be sent
    forged = post_status(client, status_fields("SM" + "5" * 32, "sent"), path=path)  # another SID, same row
    assert forged.status_code == 204 and invitation(twilio_rt).message_sid == sid


def test_a_late_failure_after_delivered_changes_nothing(client, twilio_rt, sent):
    assert post_status(client, status_fields(sent, "delivered")).status_code == 204
    assert post_status(client, status_fields(sent, "failed", "21610")).status_code == 204  # older news, late
    message = invitation(twilio_rt)
    assert (message.status, message.delivery_status) == ("sent", "delivered")
    with twilio_rt.db() as s:
        conv = s.scalar(select(Conversation))
        assert conv is not None and (conv.status, conv.open_phone is not None) == ("invited", True)
