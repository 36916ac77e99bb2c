"""A driver that behaves like people answering by SMS through Twilio, for the fault tests.

Each person sends one SMS at a time and reads the reply before the next. Twilio posts each SMS with a new
MessageSid; when the request fails (a 5xx, a dropped connection, a timeout) Twilio posts the same MessageSid
once more, to the fallback URL (here the same server). When that fails too, or the reply says "try again",
or nothing comes back, the person waits a while (longer than the turn lease: people retype) and sends the
same words again, as a new SMS. Every request is signed with Twilio's own RequestValidator.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import requests

from tests.support.common import sign, twilio_fields

RATINGS = [5, 3, 4, 5, 3, 4, 5, 3]  # each person's a rotation of it: every area a different number than its neighbours
SHARING = "2"  # what the others at the meeting may see: only the numbers
RESEND_PAUSE = 2.5  # seconds before a person sends the same words again (more than TURN_LEASE)
FALLBACK_PAUSE = 0.2  # Twilio's fallback request comes at once
REQUEST_TIMEOUT = 10.0


@dataclass
class Person:
    """One participant: a phone and what they mean to answer."""

    phone: str
    ratings: list[int]
    matters_most: str
    words: list[str] = field(init=False)
    resends: int = 0
    fallbacks: int = 0
    done: bool = False

    def __post_init__(self) -> None:
        self.words = ["hej", "ja", *[str(r) for r in self.ratings], self.matters_most, SHARING, "ja"]


def people(phones: list[str]) -> list[Person]:
    """A person per phone, each with a different rotation of RATINGS."""
    return [Person(phone, RATINGS[n % 8:] + RATINGS[:n % 8], f"att alla lyssnar {n}") for n, phone in enumerate(phones)]


@dataclass
class Crowd:
    """People texting one server at `base_url` at the same time."""

    base_url: str
    try_again: str  # the try-again text, as the participants read it
    deadline: float  # time.monotonic() by which every conversation must be done
    errors: list[str] = field(default_factory=list)  # what no person should ever see (400, 403, ...)
    sent: int = 0
    progress: threading.Event = field(default_factory=threading.Event)
    _sids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, crowd: list[Person], on_progress_at: int | None = None) -> None:
        """Every person's whole conversation, in parallel; `progress` is set after `on_progress_at` SMS."""
        self.progress_at = on_progress_at
        threads = [threading.Thread(target=self._converse, args=(person,), daemon=True) for person in crowd]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(self.deadline - time.monotonic(), 0.1))

    def _converse(self, person: Person) -> None:
        rng = random.Random(person.phone)
        with requests.Session() as http:
            for words in person.words:
                while time.monotonic() < self.deadline:
                    reply = self._twilio(http, person, words)
                    if reply and self.try_again not in reply:
                        break
                    person.resends += 1  # "try again", or no reply at all: the same words, as a new SMS
                    time.sleep(RESEND_PAUSE + rng.random() * 0.5)
                else:
                    return
                time.sleep(rng.random() * 0.02)  # reading the reply
        person.done = True

    def _twilio(self, http: requests.Session, person: Person, words: str) -> str | None:
        """One SMS as Twilio posts it: the primary URL, then once the fallback with the same MessageSid."""
        with self._lock:
            sid = f"SM{next(self._sids):032d}"
        for attempt in range(2):
            fields = twilio_fields(person.phone, words, sid)
            try:
                response = http.post(self.base_url + "/sms", data=fields, timeout=REQUEST_TIMEOUT,
                                     headers={"X-Twilio-Signature": sign(fields)})
            except requests.RequestException:
                response = None
            self._count()
            if response is not None and response.status_code == 200:
                return " ".join(messages(response.text))
            if response is not None and response.status_code < 500:
                self.errors.append(f"{response.status_code} {response.text[:80]!r}")
                return None
            if attempt == 0:
                person.fallbacks += 1
                time.sleep(FALLBACK_PAUSE)
        return None

    def _count(self) -> None:
        with self._lock:
            self.sent += 1
            if self.progress_at is not None and self.sent >= self.progress_at:
                self.progress.set()


def messages(twiml: str) -> list[str]:
    """The texts of a TwiML response's <Message> elements."""
    return [element.text or "" for element in ET.fromstring(twiml).iter("Message")]
