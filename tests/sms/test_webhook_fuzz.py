"""Hypothesis over the lexicon parser, the engine and the signed webhook: any Unicode (RTL overrides,
zero-width characters, emoji, NUL), up to Twilio's 1600 characters, MMS without text, any order of
inputs: never an exception, always a valid conversation and valid TwiML. Bounded in `make test` (profile
ci, tests/conftest.py); HYPOTHESIS_PROFILE=nightly runs many more."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from bot.conversation import Conversation, Engine, Reply, Step, Text, Timer
from bot.sms.webhook import MAX_BODY
from bot.store.models import Answer, Message
from bot.store.models import Conversation as ConversationRow
from bot.texts.catalogue import Texts
from tests.support.common import PHONES, sign, twilio_fields

TODAY = dt.date(2026, 11, 23)
SIDS = itertools.count()
# Any character HTTP can carry (no lone surrogates), with the awkward ones made likely.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
AWKWARD = st.sampled_from(["\u202e", "\u202d", "\u200f", "\u200b", "\u2060", "\ufeff", "\x00", "\x1b", "\r\n",
                           "😀", "👍🏽", "3️⃣", "٣", "۴", "\ufffe", "\U0010ffff", "ÅÄÖ", "ß", "İ", "ﷺ"])
WORDS = st.sampled_from(["hej", "ja", "JA", "nej", "j", "STOPP", "stop", "HJÄLP", "help", "TILLBAKA", "HOPPA",
                         "ÄNDRA 3", "ändra 9", "SPRÅK", "language", "2", "5", "1", "3 bra", "4 kompisar", "10",
                         ":)", ":(", "tre", "", " ", "jag vill dö", "START", "7", "8"])
TEXT = st.one_of(WORDS, st.text(ANY_CHAR, max_size=40),
                 st.lists(st.one_of(AWKWARD, WORDS, st.text(ANY_CHAR, max_size=5)), max_size=6).map("".join))
INPUTS = st.lists(st.one_of(TEXT.map(lambda body: Text(body, TODAY)),
                            st.sampled_from([Timer("remind"), Timer("expire")])), max_size=30)


def assert_valid(engine: Engine, texts: Texts, conv: Conversation, step: Step) -> None:
    """The state exists, the answers are on the wheel's scale, the data survive JSON, every reply renders
    in every language without an unfilled placeholder."""
    after = step.conversation
    flow = engine.flows[after.flow]
    assert after.state in flow.states and after.lang in engine.languages
    assert set(after.answers) <= set(engine.wheel.areas)
    assert all(a.rating is None or 1 <= a.rating <= 5 for a in after.answers.values())
    data = json.loads(json.dumps(after.data(), ensure_ascii=False))
    assert Conversation.from_data(after.flow, after.state, data) == after
    for reply in step.replies:
        for lang in texts.languages:
            rendered = texts.render(reply, lang)
            assert rendered.strip() and "%{" not in rendered, (reply.key, lang)


@given(st.sampled_from(["youth", "guardian"]), st.data(), INPUTS)
def test_any_sequence_keeps_the_conversation_valid(texts_and_engine: Any, flow: str, data: st.DataObject,
                                                   inputs: list[Any]) -> None:
    texts, engine = texts_and_engine
    lang = data.draw(st.sampled_from(engine.languages), label="lang")
    step = engine.begin(flow, lang, org="Flens kommun", date=TODAY)
    assert_valid(engine, texts, step.conversation, step)
    conv = step.conversation
    for inbound in inputs:
        before = conv.data()
        step = engine.step(conv, inbound)
        assert conv.data() == before  # the input conversation is never changed
        assert_valid(engine, texts, conv, step)
        conv = step.conversation


@given(TEXT, st.sampled_from(["sv", "en", "ar", "so", "ti", "prs", "fi", "uk", "xx"]))
def test_parser_reads_anything(texts_and_engine: Any, text: str, lang: str) -> None:
    lexicon = texts_and_engine[1].lexicon
    command = lexicon.command(text, lang)
    assert command is None or command.name in ("help", "back", "skip", "change", "language", "stop")
    assert lexicon.yes_no(text, lang) in (True, False, None)
    rating = lexicon.rating(text, lang, 1, 5)
    assert rating is None or (1 <= rating.value <= 5 and (rating.comment is None or rating.comment in text))
    assert isinstance(lexicon.has_danger(text), bool)


@given(st.integers(1, 5), st.text(ANY_CHAR, max_size=30).filter(lambda c: c[:1].isalpha()))
def test_a_digit_then_words_is_that_rating_with_those_words(texts_and_engine: Any, value: int, words: str) -> None:
    rating = texts_and_engine[1].lexicon.rating(f"{value} {words}", "sv", 1, 5)
    assert rating is not None and rating.value == value and rating.comment == words.strip()


def twiml_texts(response: Any) -> list[str]:
    """The messages of a valid TwiML reply (status 200, XML, <Response> of <Message>s)."""
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/xml"
    root = ET.fromstring(response.data)
    assert root.tag == "Response" and all(child.tag == "Message" for child in root)
    return [m.text or "" for m in root]


@pytest.fixture
def fuzz_app(app_with: Any, invited: Any) -> Any:
    """An app without a practical rate limit; two of the fuzzed phones are invited, one is unknown."""
    invited(PHONES[40])
    invited(PHONES[41], "guardian", "en")
    return app_with(SMS_RATE_LIMIT="100000 per day")


def signed_post(app: Any, fields: dict[str, str]) -> Any:
    return app.test_client().post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})


RATINGS = st.sampled_from(["3", "4 ok", "5", "ja", "hej"])  # move conversations on, towards the read-back


@given(bodies=st.lists(st.one_of(RATINGS, TEXT, st.text(ANY_CHAR, min_size=1500, max_size=1700)),
                       min_size=1, max_size=8),
       media=st.sampled_from(["0", "0", "1", "3"]), phone=st.sampled_from(PHONES[40:43]))
def test_signed_webhook_always_answers_twiml(fuzz_app: Any, bodies: list[str], media: str, phone: str) -> None:
    for body in bodies:
        fields = {**twilio_fields(phone, body, f"SMF{next(SIDS):031d}"), "NumMedia": media}
        if media != "0":
            fields.update({"MediaUrl0": "https://api.twilio.com/media/ME0", "MediaContentType0": "image/jpeg"})
        twiml_texts(signed_post(fuzz_app, fields))


AWKWARD_BODIES = [  # (a rating with words, the words as stored)
    ("\u202e4 hemma är bra\u202c", "hemma är bra\u202c"),        # RTL override (and pop) around it
    ("\u200f3 jag\u200b mår\u2060 bra\ufeff", "jag\u200b mår\u2060 bra\ufeff"),  # RLM, zero-width
    ("5 😀👍🏽 bästa 🏳️‍🌈", "😀👍🏽 bästa 🏳️‍🌈"),                       # emoji, skin tone, ZWJ sequence
    ("4 nul\x00 och esc\x1b här", "nul\x00 och esc\x1b här"),    # control characters
    ("4 " + "å" * (MAX_BODY - 2), "å" * (MAX_BODY - 2)),          # exactly Twilio's limit
]


@pytest.mark.parametrize(("body", "words"), AWKWARD_BODIES)
def test_awkward_words_are_kept_exactly_and_read_back_in_valid_twiml(rt: Any, invited: Any, send_sms: Any,
                                                                     body: str, words: str) -> None:
    invited(PHONES[45])
    for start in ("hej", "ja"):
        twiml_texts(send_sms(PHONES[45], start))
    twiml_texts(send_sms(PHONES[45], body))
    for rest in ["3"] * 7:
        twiml_texts(send_sms(PHONES[45], rest))
    readback = twiml_texts(send_sms(PHONES[45], words))  # "matters most", echoed in the read-back
    assert len(readback) == 1
    with rt.db() as s:
        assert s.scalar(select(Answer.comment).where(Answer.area == "safe")) == words
        assert s.scalar(select(ConversationRow.matters_most)) == words
        assert body in s.scalars(select(Message.body)).all()


def test_mms_without_text_gets_valid_twiml_and_is_stored(rt: Any, invited: Any, client: Any) -> None:
    invited(PHONES[46])
    fields = {**twilio_fields(PHONES[46], "", "SM" + "m" * 32), "NumMedia": "1",
              "MediaUrl0": "https://api.twilio.com/media/ME1", "MediaContentType0": "image/jpeg"}
    assert twiml_texts(client.post("/sms", data=fields, headers={"X-Twilio-Signature": sign(fields)})) != []
    with rt.db() as s:
        assert s.scalar(select(Message.body).where(Message.message_sid == fields["MessageSid"])) == ""


def test_over_long_body_is_cut_at_twilios_limit(rt: Any, invited: Any, send_sms: Any) -> None:
    invited(PHONES[47])
    twiml_texts(send_sms(PHONES[47], "x" * (MAX_BODY + 500)))
    with rt.db() as s:
        assert [len(b) for b in s.scalars(select(Message.body).where(Message.direction == "in"))] == [MAX_BODY]


def test_reply_helper_is_not_blind() -> None:
    """twiml_texts rejects what Twilio could not parse."""
    class Fake:
        status_code, mimetype, data = 200, "text/xml", b"<Response><Message>a\x00</Message></Response>"

    with pytest.raises(ET.ParseError):
        twiml_texts(Fake())
    assert Reply("x").key == "x"
