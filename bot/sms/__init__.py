"""The Twilio edge: POST /sms (a participant's SMS in, TwiML out) and POST /sms/status (delivery reports),
both signed by Twilio, plus the transports that send SMS out.

Rule: an edge validates, hands off to bot.services and answers; it holds no state and no business rule.
It imports services and below, never bot.web or bot.cli.
"""

from bot.sms.status import bp as status_bp
from bot.sms.webhook import bp as webhook_bp

BLUEPRINTS = (webhook_bp, status_bp)

__all__ = ["BLUEPRINTS"]
