"""A small fake of Twilio's Messages REST API on loopback that records what it accepted and fails on demand.

It speaks just enough of POST /2010-04-01/Accounts/{AccountSid}/Messages.json for the real twilio client:
form fields in, a JSON message (201) or a Twilio error document out. A message is recorded the moment it
is accepted, before the (optional) delay and the response, like a real provider that has taken it.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

PATH = re.compile(r"^/2010-04-01/Accounts/(AC\w+)/Messages\.json$")


@dataclass
class Call:
    """One request the fake received: who to, and the HTTP status it answered."""

    to: str
    body: str
    status: int
    code: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    sid: str | None = None


class FakeTwilio:
    """Start with start(); `base_url` is what TWILIO_API_BASE_URL should be."""

    def __init__(self, fail_rate: float = 0.0, seed: int = 6, max_failures_per_number: int = 3,
                 delay: float = 0.0):
        self.fail_rate, self.seed, self.max_failures, self.delay = fail_rate, seed, max_failures_per_number, delay
        self.calls: list[Call] = []
        self.scripted: dict[str, list[tuple[int, int]]] = {}  # to -> [(http status, twilio code)] to answer next
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> FakeTwilio:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, to: str, code: int, status: int = 400, times: int = 1) -> None:
        """Answer the next `times` requests to `to` with this error."""
        with self.lock:
            self.scripted.setdefault(to, []).extend([(status, code)] * times)

    @property
    def accepted(self) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.status == 201]

    def accepted_per_number(self) -> Counter[str]:
        return Counter(c.to for c in self.accepted)

    def failed(self) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.status != 201]

    def _decide(self, to: str) -> tuple[int, int | None]:
        """(HTTP status, Twilio code) for the next request to `to`: scripted, then random, else accepted."""
        with self.lock:
            if self.scripted.get(to):
                return self.scripted[to].pop(0)
            failures = sum(1 for c in self.calls if c.to == to and c.status != 201)
            if self.fail_rate and failures < self.max_failures:
                attempt = sum(1 for c in self.calls if c.to == to)
                if random.Random(f"{self.seed}:{to}:{attempt}").random() < self.fail_rate:
                    return (503, None) if attempt % 2 else (400, 30003)
        return 201, None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                match = PATH.match(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                fields = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if not match or not self.headers.get("Authorization", "").startswith("Basic "):
                    return self._send(404 if not match else 401, {"code": 20404, "message": "Not found",
                                                                   "status": 404})
                to, body = fields.get("To", ""), fields.get("Body", "")
                status, code = fake._decide(to)
                if status != 201:
                    with fake.lock:
                        fake.calls.append(Call(to, body, status, code, fields))
                    error = {"code": code, "message": f"fake error {code}", "status": status,
                             "more_info": f"https://www.twilio.com/docs/errors/{code}"}
                    return self._send(status, error if code else None)
                sid = "SM" + uuid.uuid4().hex
                with fake.lock:
                    fake.calls.append(Call(to, body, 201, None, fields, sid))
                if fake.delay:
                    time.sleep(fake.delay)
                self._send(201, {"sid": sid, "account_sid": match.group(1), "to": to, "from": fields.get("From"),
                                 "body": body, "status": "queued", "num_segments": "1", "direction": "outbound-api",
                                 "api_version": "2010-04-01"})

            def _send(self, status: int, document: dict[str, Any] | None) -> None:
                data = json.dumps(document).encode() if document else b"Service Unavailable"
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if document else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
