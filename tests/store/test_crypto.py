"""bot.store.crypto: tokens, keys newest first, rotation, the blind index, and the column types."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import InvalidToken
from sqlalchemy import create_engine, select, text, type_coerce
from sqlalchemy.orm import Session

from bot.store import crypto
from bot.store.crypto import EncryptedJSON, EncryptedString, EncryptedText, KeyConfigError, Keyring, token_length
from bot.store.rotation import encrypted_columns

OLD, NEW = crypto.new_data_key(), crypto.new_data_key()
INDEX = "i" * 32


@pytest.fixture
def installed_ring() -> Iterator[Keyring]:
    """A keyring installed for the column types, the previous one restored afterwards."""
    before = crypto.installed()
    ring = Keyring([NEW, OLD], INDEX)
    crypto.install(ring)
    yield ring
    if before is not None:
        crypto.install(before)


def test_round_trip_and_tokens_are_randomised() -> None:
    ring = Keyring([NEW], INDEX)
    first, second = ring.encrypt("hemma är det jobbigt 😢\u202e"), ring.encrypt("hemma är det jobbigt 😢\u202e")
    assert first != second and "hemma" not in first
    assert ring.decrypt(first) == ring.decrypt(second) == "hemma är det jobbigt 😢\u202e"


def test_newest_key_encrypts_every_listed_key_decrypts() -> None:
    old_token = Keyring([OLD], INDEX).encrypt("gammalt")
    both = Keyring([NEW, OLD], INDEX)
    assert both.decrypt(old_token) == "gammalt" and not both.is_current(old_token)
    rotated = both.rotate(old_token)
    assert both.is_current(rotated) and Keyring([NEW], INDEX).decrypt(rotated) == "gammalt"
    with pytest.raises(InvalidToken):
        Keyring([NEW], INDEX).decrypt(old_token)  # the old key removed: its tokens are unreadable


def test_blind_index_is_keyed_and_stable() -> None:
    ring = Keyring([NEW], INDEX)
    assert ring.index("+46701740605") == Keyring([OLD], INDEX).index("+46701740605")  # data keys don't matter
    assert ring.index("+46701740605") != ring.index("+46701740606")
    assert ring.index("+46701740605") != Keyring([NEW], "j" * 32).index("+46701740605")
    assert len(ring.index("+46701740605")) == 64 and "701740605" not in ring.index("+46701740605")


@pytest.mark.parametrize(("keys", "index", "message"), [
    ([], INDEX, "HJULSAMTAL_DATA_KEYS is empty"),
    ([NEW, "not-a-key"], INDEX, "key 2 is not a Fernet key"),
    ([NEW], "short", "HJULSAMTAL_INDEX_KEY must be at least 32"),
])
def test_bad_keys_are_named(keys: list[str], index: str, message: str) -> None:
    with pytest.raises(KeyConfigError, match=message):
        Keyring(keys, index)


def test_parse_data_keys_keeps_order_and_drops_blanks() -> None:
    assert crypto.parse_data_keys(f" {NEW} ,, {OLD},") == [NEW, OLD]


@pytest.mark.parametrize("chars", [0, 1, 15, 16])
def test_token_length_is_exact_for_the_longest_value(chars: int) -> None:
    value = "𝄞" * chars  # four UTF-8 bytes each: the worst case
    assert len(Keyring([NEW], INDEX).encrypt(value)) == token_length(4 * chars)


def test_column_types_encrypt_in_sql_and_pass_none(installed_ring: Keyring) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("s", EncryptedString(16)),
                  Column("t", EncryptedText), Column("j", EncryptedJSON))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with Session(engine) as s, s.begin():
        s.execute(table.insert(), [{"id": 1, "s": "+46701740605", "t": "ord", "j": {"a": "å"}},
                                   {"id": 2, "s": None, "t": None, "j": None}])
    with Session(engine) as s:
        assert s.execute(select(table.c.s, table.c.t, table.c.j).order_by(table.c.id)).all() == [
            ("+46701740605", "ord", {"a": "å"}), (None, None, None)]
        raw = s.execute(text("SELECT s, t, j FROM t WHERE id = 1")).one()
        assert all(installed_ring.is_current(value) for value in raw)
        assert s.execute(select(type_coerce(table.c.s, EncryptedText)).where(table.c.id == 2)).scalar() is None
    with Session(engine) as s, pytest.raises(Exception, match="longer than 16"):
        s.execute(table.insert().values(id=3, s="+4670174060512345"))


def test_encrypted_columns_are_found_by_type() -> None:
    assert sorted(str(c) for c in encrypted_columns()) == [
        "answer.comment", "answer.followup", "answer_translation.original", "answer_translation.text",
        "answer_translation.translator", "concern_review.handled_note", "conversation.data",
        "conversation.matters_most", "meeting_info.label", "message.body", "paper_sheet.helper", "participant.contact",
        "participant.nickname", "participant.phone",
        "participant_info.helper_note"]
