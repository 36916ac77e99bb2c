"""Bilingual mode: each message as two SMS, first in the mother tongue, then in Swedish.

Rule: for families helped by a mother-tongue teacher (an invitation option). The two texts go as separate
SMS, in that order, so the Swedish one stays GSM-7 (one message carrying both scripts would make the
Swedish half UCS-2 too). The read-back lists the numbers once, in the mother tongue; its Swedish SMS is a
legend (each number with its Swedish label) and the question, without the numbers or the participant's
words again. A reply's lead (what was understood, "Du svarade 2.") starts both SMS. A Swedish conversation,
and the language menu (every name in its own script), go once.

Budgets (tests/texts/test_bilingual_budget.py; `hjulsamtal flows report --bilingual` shows the figures):
no single SMS over 4 UCS-2 segments; a bilingual guardian's happy path at most 36 segments in Arabic and
32 in Tigrinya.
"""

from __future__ import annotations

from bot.conversation import Reply
from bot.texts.catalogue import SOURCE_LANGUAGE, Texts

SEPARATOR = "\n\n"  # how the old single-SMS form joined the two texts (reported as "before")
ONCE = ("common.language_menu",)  # keys sent in one language even in bilingual mode
LEGEND_KEY = "common.readback_legend"  # the read-back's Swedish SMS in bilingual mode
LEGEND_LINE_KEY = "common.legend_line"
SWEDISH_ONLY_KEYS = (LEGEND_KEY, LEGEND_LINE_KEY)  # only ever rendered in Swedish: no translation needed


def is_readback(reply: Reply) -> bool:
    """Whether a reply is a flow's read-back (the numbered lines and the question)."""
    return reply.key.endswith(".readback") and "lines" in reply.params


def swedish_half(reply: Reply) -> Reply:
    """The reply the Swedish SMS carries: the same reply, or for the read-back its legend."""
    if not is_readback(reply):
        return reply
    lines = reply.params["lines"]
    assert isinstance(lines, tuple)
    legend = tuple(Reply(LEGEND_LINE_KEY, {"n": line.params["n"], "area": line.params["area"]}) for line in lines)
    return Reply(LEGEND_KEY, {"lines": legend}, lead=reply.lead)


def render_bodies(texts: Texts, reply: Reply, lang: str, bilingual: bool) -> list[str]:
    """The SMS bodies of one reply for a participant: the mother tongue, then Swedish as its own SMS."""
    own = texts.render(reply, lang)
    if not bilingual or lang == SOURCE_LANGUAGE or reply.key in ONCE:
        return [own]
    return [own, texts.render(swedish_half(reply), SOURCE_LANGUAGE)]


def render_all(texts: Texts, replies: tuple[Reply, ...] | list[Reply], lang: str, bilingual: bool) -> list[str]:
    """Every reply's bodies, in order (two per reply in bilingual mode)."""
    return [body for reply in replies for body in render_bodies(texts, reply, lang, bilingual)]


def render_joined(texts: Texts, reply: Reply, lang: str) -> str:
    """The old bilingual form, both texts in one SMS (for the before/after report only)."""
    own = texts.render(reply, lang)
    if lang == SOURCE_LANGUAGE or reply.key in ONCE:
        return own
    return own + SEPARATOR + texts.render(reply, SOURCE_LANGUAGE)
