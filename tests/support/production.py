"""Settings of a production app in tests: strong, distinct secrets, a real (Twilio) SMS transport and a mail
server, with the test process's keys (so the encrypted columns still read) unless a test asks for fresh ones."""

from __future__ import annotations

import os
import secrets

from bot.store.crypto import new_data_key


def production_env(process_keys: bool = False, **changes: str) -> dict[str, str]:
    """Everything production mode needs, each secret random and different; `changes` override."""
    keys = ({"HJULSAMTAL_DATA_KEYS": os.environ["HJULSAMTAL_DATA_KEYS"],
             "HJULSAMTAL_INDEX_KEY": os.environ["HJULSAMTAL_INDEX_KEY"]} if process_keys else
            {"HJULSAMTAL_DATA_KEYS": f"{new_data_key()},{new_data_key()}",
             "HJULSAMTAL_INDEX_KEY": secrets.token_urlsafe(32)})
    return {
        "HJULSAMTAL_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "TWILIO_ACCOUNT_SID": "AC" + secrets.token_hex(16),
        "TWILIO_FROM_NUMBER": "+46701740699",
        "PUBLIC_BASE_URL": "https://hjul.example.se",
        "WEB_CONCURRENCY": "1",  # one process: memory:// counts are shared (else production needs Redis)
        "SMTP_URL": "smtp+starttls://hjulsamtal:mail-password@smtp.example.se:587",  # concerns are e-mailed
        "MAIL_FROM": "hjulsamtal@example.se",
        **keys,
        **changes,
    }
