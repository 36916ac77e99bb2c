"""`flows check`'s rule for the guardian variants of shared texts (bot/texts/roles.py).

Rule: a language formal to guardians (status.yml `formal_guardians`) has a guardian variant of every shared
text that speaks to the reader (status.yml `addresses_reader`: `common.*` and `questions.*` keys of the
Swedish), with the placeholders of the Swedish shared text; no other language has any, nor does Swedish. A
variant stands for exactly one shared text: a shared key whose variant maps back to another (a
`common.questions.*` key) is refused. Budgets of the variants: bot/texts/check.py.
"""

from __future__ import annotations

from bot.texts.catalogue import SOURCE_LANGUAGE, Texts
from bot.texts.roles import is_variant, shared_key, variant_key


def _has_variant(key: str) -> bool:
    """Whether a key is shared and its guardian variant's key stands for it alone."""
    variant = variant_key(key)
    return variant is not None and shared_key(variant) == key


def role_problems(texts: Texts) -> list[str]:
    """Every problem with the guardian variants of shared texts (bot/texts/roles.py): a language formal to
    guardians lacks one of a text that speaks to the reader, a variant's placeholders differ from the
    Swedish, a variant stands for no shared text, or a language that says the same to everyone has one."""
    source = texts.catalogs[SOURCE_LANGUAGE]
    problems = [f"status.yml: addresses_reader names {k}, not a shared text (common.*, questions.*) of "
                f"{SOURCE_LANGUAGE}" for k in texts.addresses_reader if k not in source or not _has_variant(k)]
    problems += [f"{SOURCE_LANGUAGE}: {k}'s guardian variant would stand for {shared_key(str(variant_key(k)))} "
                 f"(bot/texts/roles.py)" for k in source if variant_key(k) is not None and not _has_variant(k)]
    for lang, catalog in texts.catalogs.items():
        formal = texts.formal_guardians(lang)
        if formal and lang == SOURCE_LANGUAGE:
            problems.append(f"{lang}: the source language has no guardian variants (formal_guardians in status.yml)")
        if formal and lang != SOURCE_LANGUAGE:
            problems += [f"{lang}: missing key {variant_key(k)} (addresses guardians formally: a guardian variant "
                         f"of {k})" for k in texts.addresses_reader
                         if k in source and variant_key(k) is not None and variant_key(k) not in catalog]
        for key in sorted(k for k in catalog if is_variant(k)):
            shared = shared_key(key)
            if shared not in source:
                problems.append(f"{lang}: extra key {key} (a guardian variant of {shared}, which is no shared text)")
            elif not formal or lang == SOURCE_LANGUAGE:
                problems.append(f"{lang}: extra key {key} (a guardian variant, but {lang} addresses everyone alike: "
                                f"no formal_guardians in status.yml)")
            elif texts.placeholders(lang, key) != texts.placeholders(SOURCE_LANGUAGE, shared):
                problems.append(f"{lang} {key}: placeholders {sorted(texts.placeholders(lang, key))} but "
                                f"{SOURCE_LANGUAGE} {shared} has {sorted(texts.placeholders(SOURCE_LANGUAGE, shared))}")
    return problems
