"""Production refuses weak secrets in one line: short or guessable SECRET_KEY, index key and Twilio token,
a data key that is no Fernet key, one value used for two secrets, no real SMS transport, and login limits
counted per process when there are several processes."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from bot.config import ConfigError, estimated_bits, settings_from_env
from tests.support.production import production_env


def refusal(tmp_path: Path, **changes: str) -> str:
    """The one-line reason production mode gives for `changes`."""
    with pytest.raises(ConfigError) as caught:
        settings_from_env(production_env(**changes), tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_strong_distinct_secrets_and_twilio_start(tmp_path: Path) -> None:
    settings = settings_from_env(production_env(), tmp_path)
    assert settings["SMS_TRANSPORT"] == "twilio"


@pytest.mark.parametrize("name", ["SECRET_KEY", "HJULSAMTAL_INDEX_KEY", "TWILIO_AUTH_TOKEN"])
@pytest.mark.parametrize(("value", "reason"), [
    ("a", "of at least 32 characters"),
    ("s" * 64, "too guessable"),
    ("Password123" * 3, "too guessable"),
])
def test_short_or_guessable_secrets_are_refused(tmp_path: Path, name: str, value: str, reason: str) -> None:
    message = refusal(tmp_path, **{name: value})
    assert name in message and reason in message


def test_a_data_key_must_be_a_fernet_key(tmp_path: Path) -> None:
    assert "key 1 is not a Fernet key" in refusal(tmp_path, HJULSAMTAL_DATA_KEYS=secrets.token_urlsafe(40))


@pytest.mark.parametrize("pair", [("SECRET_KEY", "HJULSAMTAL_INDEX_KEY"), ("SECRET_KEY", "TWILIO_AUTH_TOKEN"),
                                  ("HJULSAMTAL_INDEX_KEY", "TWILIO_AUTH_TOKEN")])
def test_one_value_for_two_secrets_is_refused(tmp_path: Path, pair: tuple[str, str]) -> None:
    shared = secrets.token_hex(32)
    assert "every secret different" in refusal(tmp_path, **dict.fromkeys(pair, shared))


def test_a_data_key_reused_as_another_secret_is_refused(tmp_path: Path) -> None:
    keys = production_env()["HJULSAMTAL_DATA_KEYS"]
    assert "every secret different" in refusal(tmp_path, HJULSAMTAL_DATA_KEYS=keys, SECRET_KEY=keys.split(",")[1])


@pytest.mark.parametrize("changes", [{"SMS_TRANSPORT": "console"}, {"TWILIO_ACCOUNT_SID": ""},
                                     {"TWILIO_FROM_NUMBER": ""}])
def test_production_needs_a_real_sms_transport(tmp_path: Path, changes: dict[str, str]) -> None:
    assert "SMS" in refusal(tmp_path, **changes)


def test_a_messaging_service_is_a_real_transport_too(tmp_path: Path) -> None:
    env = production_env(TWILIO_FROM_NUMBER="", TWILIO_MESSAGING_SERVICE_SID="MG" + secrets.token_hex(16))
    assert settings_from_env(env, tmp_path)["SMS_TRANSPORT"] == "twilio"


def test_the_estimate_scores_random_high_and_patterns_low() -> None:
    assert min(estimated_bits(secrets.token_hex(16)) for _ in range(200)) >= 80
    assert min(estimated_bits(secrets.token_urlsafe(32)) for _ in range(200)) >= 128
    assert estimated_bits("ab" * 32) < 10 and estimated_bits("") == 0


@pytest.mark.parametrize("changes", [{"WEB_CONCURRENCY": ""}, {"WEB_CONCURRENCY": "4"},
                                     {"WEB_CONCURRENCY": "4", "RATELIMIT_STORAGE_URI": "memory://"}])
def test_several_processes_need_shared_limit_storage(tmp_path: Path, changes: dict[str, str]) -> None:
    assert "RATELIMIT_STORAGE_URI=redis://" in refusal(tmp_path, **changes)


def test_redis_limit_storage_serves_several_processes(tmp_path: Path) -> None:
    env = production_env(WEB_CONCURRENCY="4", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    assert settings_from_env(env, tmp_path)["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
