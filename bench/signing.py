"""What Twilio posts for one incoming SMS, and its X-Twilio-Signature.

Rule: every field Twilio sends for an incoming SMS is posted (as tests/conftest.py's twilio_fields), and
the signature is Twilio's own algorithm (twilio.request_validator) over the exact URL posted to.
"""

from __future__ import annotations

from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from .synthetic import OUR_NUMBER

ACCOUNT_SID = "AC" + "0" * 32


def twilio_fields(phone: str, body: str, sid: str) -> dict[str, str]:
    """The form fields of Twilio's incoming-message webhook."""
    return {
        "ToCountry": "SE", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "",
        "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "",
        "Body": body, "FromCountry": "SE", "To": OUR_NUMBER, "MessagingServiceSid": "",
        "ToZip": "", "NumSegments": "1", "MessageSid": sid, "AccountSid": ACCOUNT_SID,
        "From": phone, "ApiVersion": "2010-04-01",
    }


class Signer:
    """Signs requests for one URL with one auth token."""

    def __init__(self, url: str, token: str):
        self.url = url
        self.validator = RequestValidator(token)

    def request(self, phone: str, body: str, sid: str) -> tuple[bytes, dict[str, str]]:
        """The url-encoded form and headers of one signed inbound SMS."""
        fields = twilio_fields(phone, body, sid)
        headers = {
            "X-Twilio-Signature": str(self.validator.compute_signature(self.url, fields)),
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "TwilioProxy/1.1",
        }
        return urlencode(fields).encode(), headers
