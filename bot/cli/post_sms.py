"""`hjulsamtal post-sms`: play Twilio against a running server (a signed inbound SMS) and print the replies.

Rule: the same signature Twilio makes (RequestValidator.compute_signature) with TWILIO_AUTH_TOKEN, to
127.0.0.1:$PORT/sms unless --url says otherwise; it needs no app or database of its own; every reply is
shown as one SMS with its length, encoding and segments; a refusal is a one-line error that says why.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from xml.etree import ElementTree

import click
from twilio.request_validator import RequestValidator

from bot.cli.common import show_sms

REFUSED = ("the server refused the signature (403): start it with the same TWILIO_AUTH_TOKEN (e.g. "
           "TWILIO_AUTH_TOKEN=dev-token make run), and use --url with the address it signs with "
           "(PUBLIC_BASE_URL + /sms) if that is set")


def default_url() -> str:
    """The local server's webhook: 127.0.0.1 on $PORT (as `hjulsamtal serve` binds), default 5000."""
    return f"http://127.0.0.1:{os.environ.get('PORT') or '5000'}/sms"


@click.command("post-sms")
@click.argument("body")
@click.option("--from", "phone", required=True, help="The participant's number, E.164, e.g. +46701740605.")
@click.option("--to", "to", help="The service's number (default: TWILIO_FROM_NUMBER, else +46700000000).")
@click.option("--url", help="The webhook. [default: http://127.0.0.1:$PORT/sms, PORT 5000]")
def post_sms_command(body: str, phone: str, to: str | None, url: str | None) -> None:
    """Play Twilio: POST a signed inbound SMS to a running server and print the replies."""
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if not token:
        raise click.ClickException("set TWILIO_AUTH_TOKEN to the value the server uses (e.g. dev-token)")
    url = url or default_url()
    sid = f"SM{uuid.uuid4().hex}"
    fields = {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": phone,
              "To": to or os.environ.get("TWILIO_FROM_NUMBER") or "+46700000000", "Body": body,
              "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01"}
    signature = RequestValidator(token).compute_signature(url, fields)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"X-Twilio-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            xml = response.read()
    except urllib.error.HTTPError as exc:
        raise click.ClickException(REFUSED if exc.code == 403 else f"POST {url} failed: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise click.ClickException(f"POST {url} failed: {exc} (is the server running on that port?)") from None
    replies = [m.text or "" for m in ElementTree.fromstring(xml).iter("Message")]
    show_sms(replies)
    if not replies:
        click.echo("[no reply]")
