"""Twilio's request signature. Rule: validated over the public URL Twilio called (PUBLIC_BASE_URL + path +
the raw query string, never Werkzeug's decoded URL) and every posted field; no switch turns it off.

The signature is computed once, over that URL as configured (HMAC-SHA1 of the URL and the sorted fields, as
Twilio's RequestValidator computes it); only when it differs does Twilio's own validator try the URL's port
variants, so a forged request costs more than a real one, never the reverse.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from twilio.request_validator import RequestValidator
from werkzeug.wrappers import Request


class Signatures:
    """Checks X-Twilio-Signature with the app's settings (read per request: tests change them)."""

    def __init__(self, config: Mapping[str, Any]):
        self.config = config

    def public_url(self, req: Request) -> str:
        """The URL Twilio called: PUBLIC_BASE_URL + path (+ the raw query string), else the request's own."""
        base = self.config.get("PUBLIC_BASE_URL")
        query = req.environ.get("QUERY_STRING", "")
        url = (base.rstrip("/") + req.path) if base else req.base_url
        return f"{url}?{query}" if query else url

    def valid(self, req: Request) -> bool:
        """Whether the request carries Twilio's valid signature for our auth token."""
        signature = req.headers.get("X-Twilio-Signature", "")
        if not signature:
            return False
        token, url, form = self.config["TWILIO_AUTH_TOKEN"], self.public_url(req), req.form
        payload = url + "".join(name + value for name in sorted(form) for value in sorted(set(form.getlist(name))))
        expected = base64.b64encode(hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()).decode()
        if hmac.compare_digest(expected, signature):
            return True
        return bool(RequestValidator(token).validate(url, form, signature))  # the URL with or without its port
