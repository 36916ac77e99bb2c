"""The Twilio edge: POST /sms (a participant's SMS in, TwiML out) and POST /sms/status (delivery reports),
both signed by Twilio and answered in front of Flask by bot/sms/lean.py, plus the transports that send SMS out.

Rule: an edge validates, hands off to bot.services and answers; it holds no state and no business rule.
It imports services and below, never bot.web or bot.cli.
"""

from bot.sms.lean import LeanWebhooks

__all__ = ["LeanWebhooks"]
