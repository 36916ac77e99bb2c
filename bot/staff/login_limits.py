"""Login rate limits per account and per IP (the shared Flask-Limiter `limiter`). Rule: an attempt is
counted before any password is checked, an attempt over a limit checks no password at all, and the
counters are keyed by HMACs of the normalised e-mail and of the address: neither is stored or logged in clear.

Every attempt counts, whether or not the account exists; a successful login clears its account's counter
(not the IP's). If the limit storage fails, the attempt is allowed and a warning logged (argon2 still
makes each guess expensive; staff must not be locked out by a Redis outage).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time

from flask import current_app, request
from limits import RateLimitItem

from ..limits import LOGIN_LIMITS, limiter
from .views import rt

log = logging.getLogger("hjulsamtal.staff.login")
SCOPES = ("ip", "account")


def normalise_email(email: str) -> str:
    """The e-mail as accounts are stored and counted: without surrounding spaces, lower case."""
    return email.strip().lower()


def _key(scope: str, value: str) -> str:
    """The counter's key: an HMAC (the index key) of the scope and the value."""
    return hmac.new(rt().hash_key, f"login-{scope}\0{value}".encode(), hashlib.sha256).hexdigest()


def _counters(email: str) -> list[tuple[str, RateLimitItem, tuple[str, ...]]]:
    """(scope, limit, identifiers) of every counter this attempt touches."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    values = {"ip": request.remote_addr or "", "account": normalise_email(email)}
    items: dict[str, list[RateLimitItem]] = current_app.extensions[LOGIN_LIMITS]
    return [(scope, item, (prefix, f"login-{scope}", _key(scope, values[scope])))
            for scope in SCOPES for item in items[scope]]


def count_attempt(email: str) -> int | None:
    """Count one login attempt for `email` from this request's address. None: go on and check the password;
    a number: over a limit, the seconds until it may be tried again (nothing counted, no password check)."""
    strategy = limiter.limiter
    counters = _counters(email)
    try:
        over = [(scope, item, ids) for scope, item, ids in counters if not strategy.test(item, *ids)]
        if not over:
            over = [(scope, item, ids) for scope, item, ids in counters if not strategy.hit(item, *ids)]
        if not over:
            return None
        waits = [strategy.get_window_stats(item, *ids).reset_time - time.time() for _, item, ids in over]
    except Exception as exc:  # the storage (e.g. Redis) is down
        log.warning("rate-limit storage failed (%s); login attempt allowed", type(exc).__name__)
        return None
    log.warning("login attempt over LOGIN_RATE_LIMIT_%s: refused without a password check",
                "_".join(sorted({scope.upper() for scope, _, _ in over})))
    return max(1, math.ceil(max(waits)))


def forget_account(email: str) -> None:
    """A successful login: clear the account's counter (the IP's stays)."""
    try:
        for scope, item, ids in _counters(email):
            if scope == "account":
                limiter.limiter.clear(item, *ids)
    except Exception as exc:
        log.warning("rate-limit storage failed (%s); account counter not cleared", type(exc).__name__)
