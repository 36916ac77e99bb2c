"""POST /sms end to end: Twilio signatures, TwiML replies, redeliveries, unknown numbers, whole conversations
and concurrent deliveries for one phone, on SQLite and PostgreSQL (the db_url fixture)."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from bot import create_app
from bot.conversation import Reply
from bot.sms.transport import ConsoleTransport
from bot.store.db import upgrade
from bot.store.models import Answer, Conversation, ConversationEvent, Message, UnknownSender
from tests.support.common import AUTH_TOKEN, PHONES, sign, twilio_fields

AREAS = ["safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included"]
PHONE = PHONES[0]


def post(client: Any, fields: dict[str, str], signature: str | None = None) -> Any:
    """POST these fields to /sms with `signature` (default: the correct one)."""
    return client.post("/sms", data=fields, headers={"X-Twilio-Signature": signature or sign(fields)})


def replies(response: Any) -> list[str]:
    """The texts of a 200 TwiML response, in order."""
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    assert [child.tag for child in root] == ["Message"] * len(root)
    return [message.text or "" for message in root]


def say(rt: Any, key: str, **params: Any) -> str:
    return str(rt.texts.render(Reply(key, params), "sv"))


def question(rt: Any, area: str) -> str:
    return say(rt, f"youth.q.{area}", n=AREAS.index(area) + 1, total=len(AREAS), area=Reply(f"area.{area}"))


def followup(rt: Any, area: str) -> str:
    return say(rt, "youth.followup", area=Reply(f"area.{area}"))


def counts(rt: Any) -> dict[str, int]:
    with rt.db() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in (Message, Answer, UnknownSender, ConversationEvent, Conversation)}


def conversation(rt: Any) -> Conversation:
    with rt.db() as s:
        return s.scalars(select(Conversation)).one()


def snapshot(rt: Any) -> tuple[Any, ...]:
    conv = conversation(rt)
    return conv.state, conv.status, conv.data, conv.open_phone, counts(rt)


def answers(rt: Any) -> dict[str, tuple[int | None, str | None, str | None]]:
    with rt.db() as s:
        return {a.area: (a.rating, a.comment, a.followup) for a in s.scalars(select(Answer))}


def to_first_question(rt: Any, send_sms: Any) -> None:
    assert replies(send_sms(PHONE, "hej")) == [say(rt, "youth.consent")]
    assert replies(send_sms(PHONE, "ja")) == [question(rt, "safe")]


@pytest.mark.parametrize("case", ["no header", "wrong token", "tampered body", "other path", "request host"])
def test_bad_signature_is_refused_and_nothing_is_stored(client, rt, invited, case):
    invited()
    fields = twilio_fields(PHONE, "hej", "SM" + "1" * 32)
    signature = {
        "no header": "",
        "wrong token": sign(fields, token=AUTH_TOKEN[::-1]),
        "tampered body": sign(fields),
        "other path": sign(fields, path="/sms/other"),
        "request host": RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/sms", fields),
    }[case]
    if case == "tampered body":
        fields = {**fields, "Body": "STOPP"}
    before = snapshot(rt)
    headers = {"X-Twilio-Signature": signature} if signature else {}
    response = client.post("/sms", data=fields, headers=headers)
    assert response.status_code == 403
    assert snapshot(rt) == before
    assert before[0] == "invited" and before[4]["Message"] == 1  # only the queued invitation


def test_signed_request_with_every_twilio_field_gets_twiml(client, rt, invited):
    invited()
    response = post(client, twilio_fields(PHONE, "hej", "SM" + "2" * 32))
    assert response.headers["Content-Type"].startswith("text/xml")
    assert replies(response) == [say(rt, "youth.consent")]
    assert conversation(rt).state == "consent"


def test_unknown_extra_fields_are_signed_too(client, rt, invited):
    invited()
    fields = {**twilio_fields(PHONE, "hej", "SM" + "3" * 32), "OptOutType": "", "NewField": "nytt värde"}
    signed_without_extras = sign({k: v for k, v in fields.items() if k not in ("OptOutType", "NewField")})
    before = snapshot(rt)
    assert post(client, fields, signed_without_extras).status_code == 403
    assert snapshot(rt) == before
    assert replies(post(client, fields)) == [say(rt, "youth.consent")]


def test_redelivered_first_reply_changes_nothing(client, rt, invited):
    invited()
    fields = twilio_fields(PHONE, "hej", "SM" + "4" * 32)
    first = post(client, fields)
    after_first = snapshot(rt)
    second = post(client, fields)
    assert second.data == first.data and replies(first) == [say(rt, "youth.consent")]
    assert snapshot(rt) == after_first
    assert after_first[4]["Message"] == 1 + 2  # invitation, the inbound and its one reply


def test_redelivered_rating_returns_same_twiml_and_changes_nothing(client, rt, invited, send_sms):
    invited()
    to_first_question(rt, send_sms)
    fields = twilio_fields(PHONE, "1 inte hemma", "SM" + "5" * 32)
    first = post(client, fields)
    assert replies(first) == [say(rt, "youth.disclosure")]  # a concern: the follow-up waits until JA
    after_first = snapshot(rt)
    assert post(client, fields).data == first.data
    assert snapshot(rt) == after_first
    assert replies(send_sms(PHONE, "ja")) == [followup(rt, "safe")]
    assert replies(send_sms(PHONE, "HOPPA")) == [question(rt, "healthy")]
    after_next = snapshot(rt)
    assert post(client, fields).data == first.data  # a late redelivery does not go back in time
    assert snapshot(rt) == after_next and after_next[0] == "q_healthy"
    assert answers(rt) == {"safe": (1, "inte hemma", None)}


def test_unknown_number_gets_one_reply_per_day_and_only_a_hash_is_kept(rt, send_sms, clock):
    stranger = PHONES[50]
    assert replies(send_sms(stranger, "hej")) == [say(rt, "common.unknown_number")]
    assert replies(send_sms(stranger, "hallå?")) == []
    clock["now"] += timedelta(days=1)
    assert replies(send_sms(stranger, "hallå igen")) == [say(rt, "common.unknown_number")]
    assert replies(send_sms(stranger, "och igen")) == []
    assert counts(rt) == {"Message": 0, "Answer": 0, "UnknownSender": 1, "ConversationEvent": 0,
                          "Conversation": 0}
    with rt.db() as s:
        row = s.scalars(select(UnknownSender)).one()
    assert row.replied_on == rt.today()
    assert stranger not in row.phone_hash and stranger.lstrip("+") not in row.phone_hash
    assert stranger[-8:] not in repr((row.phone_hash, row.replied_on))


def test_full_youth_conversation(rt, send_sms, invited, clock):
    invited()
    to_first_question(rt, send_sms)
    ratings = dict(zip(AREAS, ["4 bra hemma", "2", "3", "5", "4", "3", "4", "5"], strict=True))
    for i, area in enumerate(AREAS):
        nxt = [question(rt, AREAS[i + 1])] if i + 1 < len(AREAS) else [say(rt, "youth.matters_most")]
        if area == "healthy":
            assert replies(send_sms(PHONE, ratings[area])) == [followup(rt, "healthy")]
            assert replies(send_sms(PHONE, "mer tid med kompisar")) == nxt
        else:
            assert replies(send_sms(PHONE, ratings[area])) == nxt
    assert replies(send_sms(PHONE, "att jag får bo kvar")) == [say(rt, "youth.sharing")]
    [readback] = replies(send_sms(PHONE, "2"))
    assert "Viktigast: att jag får bo kvar" in readback and "2 Må bra: 2" in readback
    assert "9 Andra ser: bara siffror" in readback
    assert replies(send_sms(PHONE, "JA")) == [say(rt, "youth.thanks")]
    conv = conversation(rt)
    assert (conv.status, conv.state, conv.open_phone, conv.sharing) == ("completed", "completed", None, "ratings")
    assert conv.completed_at == clock["now"] and conv.matters_most == "att jag får bo kvar"
    expected = {area: (int(r[0]), r[2:] or None, None) for area, r in ratings.items()}
    expected["healthy"] = (2, None, "mer tid med kompisar")
    assert answers(rt) == expected
    assert replies(send_sms(PHONE, "en sak till")) == [say(rt, "common.after_end")]
    assert replies(send_sms(PHONE, "hallå?")) == []
    clock["now"] += timedelta(days=1)
    assert replies(send_sms(PHONE, "hej igen")) == [say(rt, "common.after_end")]
    assert conversation(rt).status == "completed" and len(answers(rt)) == 8


def test_stop_mid_flow_ends_all_sms(rt, send_sms, invited, clock):
    invited()
    to_first_question(rt, send_sms)
    assert replies(send_sms(PHONE, "4")) == [question(rt, "healthy")]
    assert replies(send_sms(PHONE, "STOPP")) == [say(rt, "common.stopped")]
    conv = conversation(rt)
    assert (conv.status, conv.state, conv.open_phone) == ("opted_out", "opted_out", None)
    assert replies(send_sms(PHONE, "vänta, jag ångrar mig")) == []
    clock["now"] += timedelta(days=1)
    assert replies(send_sms(PHONE, "hej")) == []
    assert conversation(rt).status == "opted_out" and answers(rt) == {"safe": (4, None, None)}


def run_together(app: Any, field_sets: list[dict[str, str]]) -> list[Any]:
    """POST each field set from its own thread and test client, all released at once."""
    barrier = threading.Barrier(len(field_sets))
    results: list[Any] = [None] * len(field_sets)

    def worker(i: int) -> None:
        client = app.test_client()
        barrier.wait(timeout=10)
        results[i] = post(client, field_sets[i])

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(field_sets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_concurrent_answers_for_one_phone_are_all_applied(app, rt, send_sms, invited):
    invited()
    to_first_question(rt, send_sms)
    sent = [twilio_fields(PHONE, "3", f"SMC{i:031d}") for i in range(len(AREAS))]
    responses = run_together(app, sent)
    got = sorted(text for r in responses for text in replies(r))
    expected = [question(rt, area) for area in AREAS[1:]] + [say(rt, "youth.matters_most")]
    assert got == sorted(expected)  # each thread saw its own step: no two turns read the same state
    conv = conversation(rt)
    assert (conv.state, conv.status) == ("matters_most", "active")
    assert answers(rt) == {area: (3, None, None) for area in AREAS}
    with rt.db() as s:
        inbound = s.scalars(select(Message.message_sid).where(Message.direction == "in")).all()
    assert set(inbound) >= {f["MessageSid"] for f in sent} and len(inbound) == 2 + len(sent)


def test_same_sid_delivered_concurrently_is_applied_once(app, rt, send_sms, invited):
    invited()
    to_first_question(rt, send_sms)
    fields = twilio_fields(PHONE, "4", "SM" + "6" * 32)
    responses = run_together(app, [fields] * 6)
    assert {r.data for r in responses} == {responses[0].data}
    assert replies(responses[0]) == [question(rt, "healthy")]
    with rt.db() as s:
        assert s.scalar(select(func.count()).where(Message.message_sid == fields["MessageSid"])) == 1
    assert conversation(rt).state == "q_healthy" and answers(rt) == {"safe": (4, None, None)}


def test_unknown_number_writing_concurrently_gets_one_reply(app, rt):
    stranger = PHONES[51]
    responses = run_together(app, [twilio_fields(stranger, "hej", f"SMU{i:031d}") for i in range(6)])
    assert sorted(len(replies(r)) for r in responses) == [0] * 5 + [1]
    assert counts(rt)["UnknownSender"] == 1 and counts(rt)["Message"] == 0


@pytest.mark.parametrize("missing", [("MessageSid", "SmsSid", "SmsMessageSid"), ("From",)])
def test_missing_sid_or_sender_is_a_bad_request(client, rt, invited, missing):
    invited()
    fields = {k: v for k, v in twilio_fields(PHONE, "hej", "SM" + "7" * 32).items() if k not in missing}
    before = snapshot(rt)
    response = post(client, fields)
    assert response.status_code == 400
    assert snapshot(rt) == before


def test_signature_for_public_base_url_passes_behind_a_proxy(client, rt, invited):
    invited()
    fields = twilio_fields(PHONE, "hej", "SM" + "8" * 32)
    response = client.post("/sms", data=fields, base_url="http://localhost",
                           headers={"X-Twilio-Signature": sign(fields)})
    assert replies(response) == [say(rt, "youth.consent")]


def test_without_public_base_url_the_request_url_is_signed(db_url, tmp_path, clock, monkeypatch):
    monkeypatch.setenv("HJULSAMTAL_INSTANCE", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret",
                      "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_BASE_URL": None,
                      "TRANSPORT": ConsoleTransport(), "CLOCK": lambda: clock["now"]})
    rt = app.extensions["hjulsamtal"]
    try:
        upgrade(rt.db_engine)
        fields = twilio_fields(PHONES[60], "hej", "SM" + "9" * 32)
        local = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/sms", fields)
        assert post(app.test_client(), fields, sign(fields)).status_code == 403
        assert replies(post(app.test_client(), fields, local)) == [say(rt, "common.unknown_number")]
    finally:
        rt.db_engine.dispose()
