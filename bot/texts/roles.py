"""Who a text speaks to: texts shared by both flows (`common.X`, and the answers to questions about the
service, `questions.X`) may have a guardian variant.

Rule: in some languages the address differs by role: informal to young people, formal to guardians (Ukrainian
ти/Ви, Dari تو/شما; Tigrinya says the polite plural to everyone); locales/status.yml flags them
`formal_guardians: true`.
There, every shared text that speaks to the reader (status.yml's `addresses_reader`) has a variant
`guardian.shared.X` (of `questions.X`: `guardian.shared.questions.X`), at the end of the file's `guardian:`
section, translated from the same Swedish as the shared text (Swedish says "du" to everyone and has no
variants). So no `common.questions.*` key may exist: `flows check` finds a key whose variant maps back to
another. A reply carries its conversation's role
(bot/conversation/types.py `Reply.role`); rendering picks the variant when the rendering language has it, else
the shared text. Pure functions over keys and catalogs: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

SHARED_PREFIX = "common."
QUESTIONS_PREFIX = "questions."  # answers to questions about the service: shared too, their variants keep it
VARIANT_ROLE = "guardian"  # the role a language may address differently (formally)
VARIANT_PREFIX = f"{VARIANT_ROLE}.shared."


def variant_key(key: str) -> str | None:
    """The guardian variant's key of a shared key (`common.reask_rating` -> `guardian.shared.reask_rating`,
    `questions.why` -> `guardian.shared.questions.why`); None for a key that is not shared."""
    if key.startswith(SHARED_PREFIX):
        return VARIANT_PREFIX + key[len(SHARED_PREFIX):]
    return VARIANT_PREFIX + key if key.startswith(QUESTIONS_PREFIX) else None


def is_variant(key: str) -> bool:
    """Whether a key is a role's variant of a shared key."""
    return key.startswith(VARIANT_PREFIX)


def shared_key(key: str) -> str:
    """The shared key a variant stands for (`guardian.shared.X` -> `common.X`, `guardian.shared.questions.X`
    -> `questions.X`); any other key unchanged."""
    if not is_variant(key):
        return key
    rest = key[len(VARIANT_PREFIX):]
    return rest if rest.startswith(QUESTIONS_PREFIX) else SHARED_PREFIX + rest


def key_for(catalog: Mapping[str, str], key: str, role: str | None) -> str:
    """The key to render for a reader in `role` from a language's catalog: the guardian variant of a shared
    key when the catalog has one, otherwise the key itself."""
    if role != VARIANT_ROLE:
        return key
    variant = variant_key(key)
    return variant if variant is not None and variant in catalog else key
