"""The invitation's contact line: staff may sign it with their first name ("…\n/Anna"; the invitation already
opens with the organisation's name), so a young person sees a person to trust. Rules: a first name only (letters,
spaces, hyphens, apostrophes; at most NAME_MAX characters), kept encrypted on the participant for a resend or a
queued invitation; the signed invitation costs no more segments than the unsigned one (else it is refused with a
reason); never a word the discreet check forbids (tests/texts: the same words list as every unsolicited SMS).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.conversation import Reply
from bot.texts.bilingual import render_all
from bot.texts.catalogue import Texts
from bot.texts.check import SIGNED_KEY
from bot.texts.segments import sms_cost

NAME_MAX = 20
NAME = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")


def signed(replies: Sequence[Reply], name: str | None) -> list[Reply]:
    """The replies with the invitation signed with `name` (unchanged without a name)."""
    if not name:
        return list(replies)
    return [Reply(SIGNED_KEY, {"text": r, "name": name}, role=r.role) if r.key.endswith(".invitation") else r
            for r in replies]


def name_problem(name: str) -> str | None:
    """Why `name` cannot sign an invitation (a staff text key), or None."""
    if len(name) > NAME_MAX or not NAME.fullmatch(name):
        return "contact.bad_name"
    return None


def budget_problem(texts: Texts, replies: Sequence[Reply], name: str, lang: str, bilingual: bool) -> str | None:
    """"contact.too_long" when signing makes any SMS of the invitation cost more segments, else None."""
    plain = render_all(texts, list(replies), lang, bilingual)
    signed_bodies = render_all(texts, signed(replies, name), lang, bilingual)
    if any(sms_cost(a).segments > sms_cost(b).segments for a, b in zip(signed_bodies, plain, strict=True)):
        return "contact.too_long"
    return None
