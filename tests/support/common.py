"""Constants and helpers of every test folder: the pinned time and meeting date, fictional phone numbers,
the Twilio token and public URL the test app is made with, real Twilio signatures and the fields Twilio
posts, and the runtime of an app."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from twilio.request_validator import RequestValidator

from bot.services.runtime import Runtime

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://hjulsamtal.example.org"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # Monday 10:00 in Stockholm
MEETING_DATE = dt.date(2026, 12, 10)
PHONES = [f"+467017406{n:02d}" for n in range(5, 100)]  # PTS range reserved for fiction


def rt_of(app: Flask) -> Runtime:
    """The app's runtime."""
    rt: Runtime = app.extensions["hjulsamtal"]
    return rt


def sign(params: dict[str, str], path: str = "/sms", token: str = AUTH_TOKEN) -> str:
    """X-Twilio-Signature for a POST to PUBLIC_BASE_URL + path with these fields."""
    return str(RequestValidator(token).compute_signature(PUBLIC_BASE_URL + path, params))


def twilio_fields(phone: str, body: str, sid: str) -> dict[str, str]:
    """The fields Twilio posts for an incoming SMS."""
    return {
        "ToCountry": "SE", "ToState": "", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "",
        "FromZip": "", "SmsSid": sid, "FromState": "", "SmsStatus": "received", "FromCity": "",
        "Body": body, "FromCountry": "SE", "To": "+46766920000", "MessagingServiceSid": "",
        "ToZip": "", "NumSegments": "1", "MessageSid": sid, "AccountSid": "AC" + "0" * 32,
        "From": phone, "ApiVersion": "2010-04-01",
    }
