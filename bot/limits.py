"""Rate limits (Flask-Limiter). Rule: a limit protects SMS cost and accounts, never lets anyone spend
another person's budget, and never turns a storage outage into a lost answer.

`limiter` is the app's one Flask-Limiter object. The staff web decorates its login with it, e.g.
`@limiter.limit("10 per 15 minutes", key_func=lambda: request.form.get("email", ""))` (per account) and
`@limiter.limit("30 per 15 minutes")` (per IP, the default key). Storage: RATELIMIT_STORAGE_URI,
`memory://` by default (one count per process), `redis://host:6379/0` for several processes or servers.

Inbound SMS are counted per phone (its blind index, never the number) against SMS_RATE_LIMIT, only
after the Twilio signature has been checked, so that forged requests cannot exhaust a participant's budget.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many

from .config import ConfigError

log = logging.getLogger("hjulsamtal.limits")
limiter = Limiter(key_func=get_remote_address)
SMS_LIMITS = "hjulsamtal.sms_limits"


def init_app(app: Flask) -> None:
    """Attach the limiter and parse SMS_RATE_LIMIT (ConfigError, one line, if it does not parse)."""
    try:
        app.extensions[SMS_LIMITS] = parse_many(app.config["SMS_RATE_LIMIT"])
    except ValueError:
        raise ConfigError(f"SMS_RATE_LIMIT {app.config['SMS_RATE_LIMIT']!r} is not a rate limit "
                          "(e.g. '60 per 10 minutes;300 per day')") from None
    limiter.init_app(app)


def sms_allowed(phone_index: str) -> bool:
    """Count one inbound SMS from this phone; False once one of its limits is exceeded. If the limit
    storage fails, the SMS is allowed (a child's answer matters more than its cost) and a warning logged."""
    items: list[RateLimitItem] = current_app.extensions[SMS_LIMITS]
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    try:
        return all(limiter.limiter.hit(item, prefix, "inbound-sms", phone_index) for item in items)
    except Exception as exc:  # the storage (e.g. Redis) is down
        log.warning("rate-limit storage failed (%s); inbound SMS allowed", type(exc).__name__)
        return True
