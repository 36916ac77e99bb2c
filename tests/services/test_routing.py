"""Routing by the organisation's own sender number (Twilio's `To`), and invitations queued silently on the
shared number while the phone is busy with another organisation (released by the worker when it ends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.services.meetings import InputError, InviteError, create_meeting, create_org, invite
from bot.services.timers import fire_due
from bot.services.worker import drain
from bot.store.models import Conversation, Message, Participant
from tests.support.common import MEETING_DATE, NOW, PHONES, sign, twilio_fields

PHONE = PHONES[0]
FLEN, KATRINEHOLM = "+46701740690", "+46701740691"


@pytest.fixture
def meetings(rt):
    """A meeting of each of three organisations: two with their own number, one on the shared number."""
    made = {}
    with rt.db.begin() as s:
        for slug, name, sender in (("flen", "Flens kommun", FLEN), ("katrineholm", "Katrineholms kommun", KATRINEHOLM),
                                   ("vingaker", "Vingåkers kommun", None), ("gnesta", "Gnesta kommun", None)):
            create_org(s, slug, name, NOW, sender=sender)
            s.flush()
            made[slug] = create_meeting(s, slug, MEETING_DATE, dt.time(13, 0), NOW.date(), NOW).id
    return made


def invite_to(rt, meeting_id: str, phone: str = PHONE) -> Participant:
    with rt.db.begin() as s:
        participant = invite(s, rt, meeting_id, "youth", phone, "sv", rt.clock())
        s.flush()
        s.expunge(participant)
        return participant


def sms_to(client, to: str, body: str, sid: str, phone: str = PHONE):
    fields = {**twilio_fields(phone, body, sid), "To": to}
    return client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})


def conv_of(rt, participant_id: str) -> Conversation:
    with rt.db() as s:
        conv = s.scalar(select(Conversation).where(Conversation.participant_id == participant_id))
        assert conv is not None
        return conv


def outbox(rt, participant_id: str) -> list[str]:
    with rt.db() as s:
        return list(s.scalars(select(Message.status).join(Conversation).where(
            Conversation.participant_id == participant_id, Message.direction == "out").order_by(Message.id)))


def test_each_own_number_is_a_line_of_its_own(rt, client, meetings):
    flen, katrineholm = invite_to(rt, meetings["flen"]), invite_to(rt, meetings["katrineholm"])
    assert sms_to(client, KATRINEHOLM, "hej", "SM" + "1" * 32).status_code == 200
    assert (conv_of(rt, flen.id).state, conv_of(rt, katrineholm.id).state) == ("invited", "consent")
    sms_to(client, FLEN, "hej", "SM" + "2" * 32)
    assert conv_of(rt, flen.id).state == "consent"


def test_invitations_go_out_from_the_organisations_own_number(rt, meetings):
    invite_to(rt, meetings["flen"])
    invite_to(rt, meetings["vingaker"], PHONES[1])
    drain(rt)
    assert sorted(rt.transport.senders, key=str) == [FLEN, None]  # type: ignore[attr-defined]


def test_the_own_organisations_busy_phone_is_refused(rt, meetings):
    invite_to(rt, meetings["flen"])
    with pytest.raises(InviteError), rt.db.begin() as s:
        invite(s, rt, meetings["flen"], "guardian", PHONE, "sv", rt.clock())


def test_a_phone_busy_with_another_organisation_is_queued_silently_and_released(rt, client, meetings, clock):
    first = invite_to(rt, meetings["vingaker"])
    queued = invite_to(rt, meetings["gnesta"])  # no error: nothing tells Gnesta that Vingåker is in contact
    assert conv_of(rt, queued.id).waiting_for == conv_of(rt, first.id).id
    drain(rt)
    assert outbox(rt, queued.id) == []  # no invitation while the phone is busy
    sms_to(client, "+46766920000", "hej", "SM" + "3" * 32)  # the shared number: the open conversation
    assert (conv_of(rt, first.id).state, conv_of(rt, queued.id).state) == ("consent", "invited")
    sms_to(client, "+46766920000", "STOPP", "SM" + "4" * 32)
    assert conv_of(rt, first.id).open_phone is None
    drain(rt)
    released = conv_of(rt, queued.id)
    assert (released.waiting_for, released.open_phone) == (None, first.phone_index)
    assert outbox(rt, queued.id) == ["sent"]  # its invitation, now
    sms_to(client, "+46766920000", "hej", "SM" + "5" * 32)
    assert conv_of(rt, queued.id).state == "consent"


def test_a_queued_invitation_gets_no_reminder_and_can_be_ended(rt, meetings, clock):
    invite_to(rt, meetings["vingaker"])
    queued = invite_to(rt, meetings["gnesta"])
    clock["now"] += dt.timedelta(days=3)
    fire_due(rt)
    assert outbox(rt, queued.id) == []
    clock["now"] = dt.datetime.combine(MEETING_DATE, dt.time(13, 0), tzinfo=rt.tz).astimezone(dt.UTC)
    fire_due(rt)
    ended = conv_of(rt, queued.id)
    assert (ended.status, ended.waiting_for) == ("expired", None)


def test_a_sender_number_must_be_e164_and_one_organisations(rt, meetings):
    with pytest.raises(InputError, match=r"E\.164"), rt.db.begin() as s:
        create_org(s, "eskilstuna", "Eskilstuna kommun", NOW, sender="0701740692")
    with pytest.raises(InputError, match="another organisation"), rt.db.begin() as s:
        create_org(s, "eskilstuna", "Eskilstuna kommun", NOW, sender=FLEN)
