"""Twilio's request signature. Rule: validated over the public URL Twilio called (PUBLIC_BASE_URL + path +
the raw query string, never Werkzeug's decoded URL) and every posted field; no switch turns it off."""

from __future__ import annotations

from flask import Request, current_app
from twilio.request_validator import RequestValidator


def public_url(req: Request) -> str:
    """The URL Twilio called: PUBLIC_BASE_URL + path (+ the raw query string), else the request's own."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    query = req.environ.get("QUERY_STRING", "")
    url = (base.rstrip("/") + req.path) if base else req.base_url
    return f"{url}?{query}" if query else url


def signature_ok(req: Request) -> bool:
    """Whether the request carries Twilio's valid signature for our auth token."""
    signature = req.headers.get("X-Twilio-Signature", "")
    validator = RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"])
    return bool(signature) and validator.validate(public_url(req), req.form, signature)
