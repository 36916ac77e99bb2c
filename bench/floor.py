"""The floor: a bare Flask app answering POST /sms with a constant TwiML reply.

Rule: no work beyond Flask and gunicorn themselves (the form is not even parsed), so that the full app's
throughput and latency can be read as a ratio to what the same server settings give for nothing.
"""

from __future__ import annotations

from flask import Flask, Response

TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
         "Fråga 2 av 8. Må bra: Hur mår du i kroppen och i huvudet? Svara 1-5. 5 är bäst."
         "</Message></Response>")

app = Flask(__name__)


@app.post("/sms")
def sms() -> Response:
    """A constant reply, as the full app's shape: one TwiML message."""
    return Response(TWIML, mimetype="text/xml")


@app.get("/healthz")
def healthz() -> dict[str, str]:
    """Readiness."""
    return {"status": "ok"}
