"""Bilingual mode: each message in the mother tongue, then the same message in Swedish.

Rule: for families helped by a mother-tongue teacher (an invitation option). The Swedish text follows
after a blank line; a Swedish conversation, and the language menu (every name is already in its own
script), are sent once.

Budgets (reported by `hjulsamtal flows report --bilingual`, bot/texts/cost.py; not enforced, since
the one- and two-segment budgets are per language): a bilingual message costs both texts together. With
Finnish, Somali or English it stays GSM-7: at most 3 segments (the read-back 4). Any non-GSM-7 character
makes the whole SMS UCS-2, so with Arabic, Dari, Tigrinya or Ukrainian it takes at most 5 segments (the
read-back 9); a whole conversation costs about twice its one-language segments.
"""

from __future__ import annotations

from bot.conversation import Reply
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts

SEPARATOR = "\n\n"
ONCE = ("common.language_menu",)  # keys sent in one language even in bilingual mode


def render_for(texts: Texts, reply: Reply, lang: str, bilingual: bool) -> str:
    """The SMS body of a reply for a participant: the mother tongue, then Swedish when bilingual."""
    own = texts.render(reply, lang)
    if not bilingual or lang == SOURCE_LANGUAGE or reply.key in ONCE:
        return own
    return own + SEPARATOR + texts.render(reply, SOURCE_LANGUAGE)
