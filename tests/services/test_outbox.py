"""The outbox through the real twilio client against the fake Twilio REST server: sending, retries with
capped exponential backoff, permanent errors marking the participant, nothing sent after STOPP."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.config import ConfigError, DeliverySettings, settings_from_env
from bot.services.outbox import backoff, send_due
from bot.services.runtime import Runtime
from bot.sms.transport import TwilioTransport
from bot.store.models import Conversation, ConversationEvent, Message
from tests.support.common import PHONES
from tests.support.delivery import FROM_NUMBER, set_delivery, twilio_config
from tests.support.fake_twilio import FakeTwilio


def outbox(rt: Runtime) -> list[Message]:
    with rt.db() as s:
        return list(s.scalars(select(Message).where(Message.direction == "out", Message.in_reply_to_id.is_(None))
                              .order_by(Message.id)))


def conversation(rt: Runtime, phone: str = PHONES[0]) -> Conversation:
    with rt.db() as s:
        from bot.store.models import Participant
        conv = s.scalar(select(Conversation).join(Participant).where(Participant.phone_index == rt.phone_hash(phone)))
        assert conv is not None
        return conv


def test_invitation_is_sent_through_twilio_rest_with_a_status_callback(twilio_rt, fake_twilio, invited):
    invited()
    [queued] = outbox(twilio_rt)
    assert (queued.status, queued.attempts, queued.message_sid) == ("queued", 0, None)
    assert send_due(twilio_rt) == {"sent": 1}
    [call] = fake_twilio.accepted
    assert (call.to, call.body, call.fields["From"]) == (PHONES[0], queued.body, FROM_NUMBER)
    assert call.fields["StatusCallback"] == f"https://hjulsamtal.example.org/sms/status?m={queued.id}"
    [sent] = outbox(twilio_rt)
    assert (sent.status, sent.message_sid, sent.attempts, sent.error) == ("sent", call.sid, 1, None)
    assert send_due(twilio_rt) == {} and len(fake_twilio.calls) == 1  # nothing twice


def test_no_status_callback_without_a_public_base_url(rt, fake_twilio, invited):
    rt.transport = TwilioTransport(twilio_config(fake_twilio.base_url, public_base_url=None))
    invited()
    send_due(rt)
    assert "StatusCallback" not in fake_twilio.accepted[0].fields


def test_transient_failures_back_off_exponentially_then_send(twilio_rt, fake_twilio, invited, clock):
    invited()
    fake_twilio.fail_next(PHONES[0], 30003, times=1)
    fake_twilio.fail_next(PHONES[0], 20500, status=503, times=1)
    start = clock["now"]
    assert send_due(twilio_rt) == {"retry": 1}
    [row] = outbox(twilio_rt)
    assert (row.status, row.attempts, row.error, row.due_at) == ("queued", 1, "twilio_30003",
                                                                 start + dt.timedelta(seconds=30))
    clock["now"] = start + dt.timedelta(seconds=29)
    assert send_due(twilio_rt) == {}  # not due yet
    clock["now"] = start + dt.timedelta(seconds=30)
    assert send_due(twilio_rt) == {"retry": 1}
    [row] = outbox(twilio_rt)
    assert (row.attempts, row.due_at) == (2, clock["now"] + dt.timedelta(seconds=60))
    clock["now"] += dt.timedelta(seconds=60)
    assert send_due(twilio_rt) == {"sent": 1}
    [row] = outbox(twilio_rt)
    assert (row.status, row.attempts, row.error) == ("sent", 3, None)
    assert [c.status for c in fake_twilio.calls] == [400, 503, 201]


def test_backoff_is_capped():
    settings = DeliverySettings(backoff_seconds=30, backoff_cap_seconds=600)
    assert [backoff(n, settings).total_seconds() for n in range(1, 8)] == [30, 60, 120, 240, 480, 600, 600]


def test_retries_stop_at_max_attempts(twilio_rt, fake_twilio, invited, clock):
    set_delivery(twilio_rt, max_attempts=3, backoff_seconds=1)
    invited()
    fake_twilio.fail_next(PHONES[0], 20500, status=500, times=10)
    for _ in range(5):
        send_due(twilio_rt)
        clock["now"] += dt.timedelta(hours=1)
    [row] = outbox(twilio_rt)
    assert (row.status, row.attempts, row.error) == ("failed", 3, "twilio_20500")
    assert len(fake_twilio.calls) == 3
    assert conversation(twilio_rt).status == "invited"  # a transient failure never marks the participant


def test_unreachable_api_is_retried(rt, invited):
    closed = FakeTwilio()
    url = closed.base_url
    closed.server.server_close()  # nothing listens there any more
    rt.transport = TwilioTransport(twilio_config(url))
    invited()
    assert send_due(rt) == {"retry": 1}
    [row] = outbox(rt)
    assert (row.status, row.error) == ("queued", "ConnectionError")


@pytest.mark.parametrize(("code", "status"), [(21610, "opted_out"), (21211, "undeliverable"),
                                              (21614, "undeliverable"), (30006, "undeliverable")])
def test_permanent_errors_mark_the_participant(twilio_rt, fake_twilio, invited, code, status):
    invited()
    fake_twilio.fail_next(PHONES[0], code)
    assert send_due(twilio_rt) == {status: 1}
    [row] = outbox(twilio_rt)
    assert (row.status, row.error, row.attempts) == ("failed", f"twilio_{code}", 1)
    conv = conversation(twilio_rt)
    assert (conv.status, conv.open_phone) == (status, None)
    assert conv.state == status  # the flow's final state of that name: nothing reopens it
    with twilio_rt.db() as s:
        assert s.scalars(select(ConversationEvent.detail).where(ConversationEvent.kind == "status")).all()[-1] == status
    invited(phone=PHONES[0])  # the phone is free again: staff can invite it anew (e.g. after a fix)


def test_other_client_errors_fail_the_message_only(twilio_rt, fake_twilio, invited):
    invited()
    fake_twilio.fail_next(PHONES[0], 21617)  # body too long
    assert send_due(twilio_rt) == {"failed": 1}
    assert outbox(twilio_rt)[0].status == "failed" and conversation(twilio_rt).status == "invited"


def test_nothing_queued_is_sent_after_stop(twilio_rt, fake_twilio, invited, send_sms):
    invited()
    assert send_sms(PHONES[0], "STOPP").status_code == 200
    assert send_due(twilio_rt) == {}
    assert fake_twilio.calls == []
    assert [m.status for m in outbox(twilio_rt)] == ["canceled"]


def test_opt_out_cancels_the_rest_of_the_queue(twilio_rt, fake_twilio, invited):
    invited()
    with twilio_rt.db.begin() as s:
        conv_id = s.scalar(select(Conversation.id))
        s.add(Message(conversation_id=conv_id, direction="out", body="andra", status="queued",
                      created_at=twilio_rt.clock()))
    fake_twilio.fail_next(PHONES[0], 21610)
    assert send_due(twilio_rt) == {"opted_out": 1}
    assert [m.status for m in outbox(twilio_rt)] == ["failed", "canceled"]
    assert len(fake_twilio.calls) == 1


def test_delivery_settings_come_from_the_environment(tmp_path):
    config = settings_from_env({"OUTBOX_MAX_ATTEMPTS": "5", "REMINDER_SILENCE_HOURS": "24",
                                "TWILIO_API_BASE_URL": "http://127.0.0.1:9"}, tmp_path)
    assert (config["DELIVERY"].max_attempts, config["DELIVERY"].silence_hours) == (5, 24.0)
    assert config["DELIVERY"].backoff_seconds == DeliverySettings().backoff_seconds
    assert TwilioTransport({**config, **twilio_config(config["TWILIO_API_BASE_URL"])}).client.api.base_url == \
        "http://127.0.0.1:9"
    default = settings_from_env({}, tmp_path)
    assert default["TWILIO_API_BASE_URL"] is None
    assert TwilioTransport({**twilio_config(""), "PUBLIC_BASE_URL": None}).client.api.base_url == \
        "https://api.twilio.com"
    for bad, message in [({"OUTBOX_MAX_ATTEMPTS": "many"}, "OUTBOX_MAX_ATTEMPTS must be a number, not 'many'"),
                         ({"REMINDER_BEFORE_MEETING_DAYS": "-1"}, "REMINDER_BEFORE_MEETING_DAYS must not be negative")]:
        with pytest.raises(ConfigError) as error:
            settings_from_env(bad, tmp_path)
        assert str(error.value) == message


def test_a_retry_never_lands_in_quiet_hours(twilio_rt, fake_twilio, invited, clock):
    clock["now"] = dt.datetime(2026, 11, 23, 19, 59, 50, tzinfo=dt.UTC)  # 20:59:50 in Stockholm
    invited()
    fake_twilio.fail_next(PHONES[0], 30003)
    assert send_due(twilio_rt) == {"retry": 1}
    assert outbox(twilio_rt)[0].due_at == dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.UTC)  # 08:00 next morning


def test_an_sms_from_an_undeliverable_number_never_reopens_its_conversation(twilio_rt, fake_twilio, invited,
                                                                              send_sms):
    """Regression: a reply from a number Twilio had called undeliverable made its conversation `active` again
    without taking back the phone's open slot, so a second invitation gave one phone two open conversations."""
    invited()
    fake_twilio.fail_next(PHONES[0], 21614)  # not SMS-capable
    assert send_due(twilio_rt) == {"undeliverable": 1}
    assert send_sms(PHONES[0], "hej").status_code == 200
    first = conversation(twilio_rt)
    assert (first.state, first.status, first.open_phone) == ("undeliverable", "undeliverable", None)
    invited(phone=PHONES[0])  # staff invite the number anew: accepted, since nothing is open on it
    send_sms(PHONES[0], "hej")
    with twilio_rt.db() as s:
        rows = s.execute(select(Conversation.id, Conversation.status, Conversation.open_phone)
                         .order_by(Conversation.id)).all()
        inbound = s.scalars(select(Message.conversation_id).where(Message.direction == "in")
                            .order_by(Message.id)).all()
    index = twilio_rt.phone_hash(PHONES[0])
    assert [(status, phone) for _, status, phone in rows] == [("undeliverable", None), ("active", index)]
    assert inbound == [rows[0].id, rows[1].id]  # the first reply is kept for staff; the next one is answered


def test_twilio_opt_out_ends_an_active_conversation_but_never_an_ended_one(twilio_rt, fake_twilio, invited,
                                                                            send_sms, clock):
    invited()
    invited(phone=PHONES[1])
    assert send_due(twilio_rt) == {"sent": 2}
    send_sms(PHONES[0], "hej")  # active now
    for word in ("hej", "nej"):
        send_sms(PHONES[1], word)  # declined: ended
    for phone in PHONES[:2]:
        with twilio_rt.db.begin() as s:  # an SMS each, refused by Twilio: the number has opted out
            s.add(Message(conversation_id=conversation(twilio_rt, phone).id, direction="out", body="påminnelse",
                          status="queued", created_at=clock["now"]))
        fake_twilio.fail_next(phone, 21610)
    assert send_due(twilio_rt) == {"opted_out": 2}
    active, declined = conversation(twilio_rt, PHONES[0]), conversation(twilio_rt, PHONES[1])
    assert (active.state, active.status, active.open_phone) == ("opted_out", "opted_out", None)
    assert (declined.state, declined.status) == ("declined", "declined")  # a final state stays as it is
