"""Rate limits: inbound SMS per phone; staff login attempts per account from one client address, per client
address, and per account from all addresses.

Rule: a limit protects SMS cost and accounts, never lets anyone spend another person's budget, and never
turns a storage outage into a lost answer or a locked-out staff member (the attempt is then allowed and a
warning logged). Counters are keyed by the phone's blind index or by HMACs, never by a number or an e-mail.
The address is the one the app trusts (request.remote_addr after ProxyFix, TRUSTED_PROXIES), so one client
behind a proxy cannot spend every client's budget. Guessing one account from one client locks that client
out of that account (LOGIN_RATE_LIMIT_ACCOUNT) and every account (LOGIN_RATE_LIMIT_IP), not the staff member
at another client; only guessing from many addresses at once (LOGIN_RATE_LIMIT_ACCOUNT_ALL) locks the account
for everyone, and then for at most that limit's window (15 minutes by default; docs/security.md).
The strategy and its storage (RATELIMIT_STORAGE_URI: `memory://` per process, `redis://…` shared; production
with more than one process refuses `memory://`, bot/config.py) are the app's Flask-Limiter's (bot/app.py),
handed in here, so this module imports no Flask.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Mapping
from typing import Any

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from bot.config import ConfigError

log = logging.getLogger("hjulsamtal.limits")
SCOPES = ("ip", "account", "account_all")  # setting LOGIN_RATE_LIMIT_<SCOPE>
DEFAULTS = {"SMS_RATE_LIMIT": "60 per 10 minutes;300 per day", "LOGIN_RATE_LIMIT_ACCOUNT": "10 per 15 minutes",
            "LOGIN_RATE_LIMIT_IP": "30 per 15 minutes", "LOGIN_RATE_LIMIT_ACCOUNT_ALL": "50 per 15 minutes"}


def parse_limit(name: str, value: str) -> list[RateLimitItem]:
    """A rate-limit setting, parsed (ConfigError, one line, if it does not parse)."""
    try:
        return parse_many(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a rate limit (e.g. '10 per 15 minutes')") from None


class RateLimits:
    """The counters of inbound SMS and login attempts, on one rate-limit strategy."""

    def __init__(self, strategy: RateLimiter | None = None, config: Mapping[str, Any] | None = None,
                 hash_key: bytes = b""):
        settings = {**DEFAULTS, **{k: v for k, v in (config or {}).items() if k in DEFAULTS and v}}
        self.strategy = strategy or FixedWindowRateLimiter(MemoryStorage())
        self.prefix = str((config or {}).get("RATELIMIT_KEY_PREFIX", ""))
        self.sms = parse_limit("SMS_RATE_LIMIT", settings["SMS_RATE_LIMIT"])
        names = {scope: f"LOGIN_RATE_LIMIT_{scope.upper()}" for scope in SCOPES}
        self.login = {scope: parse_limit(name, settings[name]) for scope, name in names.items()}
        self.hash_key = hash_key

    def sms_allowed(self, phone_index: str) -> bool:
        """Count one inbound SMS from this phone; False once one of its limits is exceeded. If the storage
        fails, the SMS is allowed (a child's answer matters more than its cost) and a warning logged."""
        try:
            return all(self.strategy.hit(item, self.prefix, "inbound-sms", phone_index) for item in self.sms)
        except Exception as exc:  # the storage (e.g. Redis) is down
            log.warning("rate-limit storage failed (%s); inbound SMS allowed", type(exc).__name__)
            return True

    def _counters(self, address: str, email: str) -> list[tuple[str, RateLimitItem, tuple[str, ...]]]:
        """(scope, limit, identifiers) of every counter a login attempt touches."""
        values = {"ip": address, "account": f"{email}\0{address}", "account_all": email}
        return [(scope, item, (self.prefix, f"login-{scope}", self._key(scope, values[scope])))
                for scope in SCOPES for item in self.login[scope]]

    def _key(self, scope: str, value: str) -> str:
        """A counter's key: an HMAC (the index key) of the scope and the value."""
        return hmac.new(self.hash_key, f"login-{scope}\0{value}".encode(), hashlib.sha256).hexdigest()

    def login_attempt(self, address: str, email: str) -> int | None:
        """Count one login attempt for `email` (normalised) from `address`. None: go on and check the password;
        a number: over a limit, the seconds until it may be tried again (nothing counted, no password check)."""
        counters = self._counters(address, email)
        try:
            over = [c for c in counters if not self.strategy.test(c[1], *c[2])]
            if not over:
                over = [c for c in counters if not self.strategy.hit(c[1], *c[2])]
            if not over:
                return None
            waits = [self.strategy.get_window_stats(item, *ids).reset_time - time.time() for _, item, ids in over]
        except Exception as exc:  # the storage (e.g. Redis) is down
            log.warning("rate-limit storage failed (%s); login attempt allowed", type(exc).__name__)
            return None
        log.warning("login attempt over LOGIN_RATE_LIMIT_%s: refused without a password check",
                    "_".join(sorted({scope.upper() for scope, _, _ in over})))
        return max(1, math.ceil(max(waits)))

    def forget_account(self, address: str, email: str) -> None:
        """A successful login: clear the account's counter at this address (the address's and the account's
        from all addresses stay)."""
        try:
            for scope, item, ids in self._counters(address, email):
                if scope == "account":
                    self.strategy.clear(item, *ids)
        except Exception as exc:
            log.warning("rate-limit storage failed (%s); account counter not cleared", type(exc).__name__)
