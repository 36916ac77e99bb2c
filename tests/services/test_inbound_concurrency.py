"""20 threads, each a participant going through a whole conversation, all at once, every message delivered
twice (the redelivery out of order): every answer sent is stored, once, and no reply changes."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import select

from bot.store.models import Answer, Conversation, Message, Participant
from tests.support.common import PHONES, sign, twilio_fields

THREADS = 20
AREAS = ("safe", "healthy", "achieving", "nurtured", "active", "respected", "responsible", "included")


def script(i: int) -> list[tuple[str, str]]:
    """Participant i's messages (sid, body): start, consent, 8 ratings with words, what matters, sharing,
    confirm."""
    bodies = ["hej", "JA", *[f"{3 + (i + n) % 3} svar {i} {area}" for n, area in enumerate(AREAS)],
              f"viktigast för {i}", str(1 + i % 3), "JA"]
    return [(f"SM{i:02d}{n:030d}", body) for n, body in enumerate(bodies)]


def test_interleaved_conversations_with_redeliveries_store_every_answer_once(app, rt, invited):
    for i in range(THREADS):
        invited(PHONES[i])
    barrier = threading.Barrier(THREADS)
    replies: dict[str, list[bytes]] = {}
    errors: list[str] = []

    def participant(i: int) -> None:
        client = app.test_client()
        messages = script(i)
        order = [messages[0]] + [m for n in range(1, len(messages)) for m in (messages[n], messages[n - 1])]
        barrier.wait(timeout=10)
        for sid, body in [*order, messages[-1]]:
            fields = twilio_fields(PHONES[i], body, sid)
            response = client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})
            if response.status_code != 200:
                errors.append(f"{i} {sid}: {response.status_code}")
            replies.setdefault(sid, []).append(response.data)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads) and errors == []
    assert all(len(set(bodies)) == 1 for bodies in replies.values())  # a redelivery repeats the same reply

    with rt.db() as s:
        stored = {(phone, area): (rating, comment) for phone, area, rating, comment in s.execute(
            select(Participant.phone, Answer.area, Answer.rating, Answer.comment)
            .join(Conversation, Answer.conversation_id == Conversation.id).join(Participant))}
        inbound = Counter(s.scalars(select(Message.message_sid).where(Message.direction == "in")))
        statuses = Counter(s.scalars(select(Conversation.status)))
    sent = {(PHONES[i], area): (3 + (i + n) % 3, f"svar {i} {area}")
            for i in range(THREADS) for n, area in enumerate(AREAS)}
    assert stored == sent  # answers stored == answers sent
    assert inbound == Counter({sid: 1 for i in range(THREADS) for sid, _ in script(i)})  # 0 duplicates
    assert statuses == {"completed": THREADS}
