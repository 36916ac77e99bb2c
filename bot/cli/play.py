"""Play a participant without a phone: `hjulsamtal chat` in the terminal (`post-sms`, the signed webhook
request to a running server, is bot/cli/post_sms.py). Rule: the same engine and texts as real SMS.
"""

from __future__ import annotations

import datetime as dt
import uuid

import click
from flask.cli import with_appcontext

from bot.cli.common import runtime, show_sms
from bot.conversation import Text
from bot.services.inbound import InboundSms, handle_inbound
from bot.services.meetings import ROLES
from bot.services.runtime import Runtime
from bot.store.models import Conversation, Participant
from bot.texts.bilingual import render_all
from bot.texts.languages import LanguageError, resolve_language


@click.command("chat")
@with_appcontext
@click.option("--role", type=click.Choice(ROLES), default="youth", show_default=True)
@click.option("--lang", default="sv", show_default=True)
@click.option("--participant", "participant_id", help="Play this invited participant: answers are stored.")
@click.option("--bilingual", is_flag=True, help="Every message in the language, then in Swedish.")
def chat_command(role: str, lang: str, participant_id: str | None, bilingual: bool) -> None:
    """Play a participant in the terminal: same engine and texts as SMS. Ctrl-D ends."""
    rt = runtime()
    try:
        lang = resolve_language(rt.texts, lang)
    except LanguageError as exc:
        raise click.ClickException(str(exc)) from None
    if participant_id:
        _chat_stored(rt, participant_id)
        return
    step = rt.engine.begin(role, lang, org="Hjulsamtal", date=rt.today() + dt.timedelta(days=7))
    show_sms(render_all(rt.texts, step.replies, lang, bilingual))
    conv = step.conversation
    while not rt.engine.flows[role].states[conv.state].final:
        line = _read()
        if line is None:
            break
        step = rt.engine.step(conv, Text(line, rt.today()))
        conv = step.conversation
        show_sms(render_all(rt.texts, step.replies, conv.lang, bilingual))
    click.echo(f"[simulator: nothing was sent or stored; state {conv.state}]")


def _chat_stored(rt: Runtime, participant_id: str) -> None:
    with rt.db() as s:
        participant = s.get(Participant, participant_id)
        if participant is None or participant.conversation is None:
            raise click.ClickException(f"unknown participant {participant_id!r}")
        if participant.conversation.open_phone is None:
            raise click.ClickException(f"that conversation has ended ({participant.conversation.status})")
        phone, to = participant.phone, participant.meeting.org.sender or ""
    click.echo("[playing an invited participant: answers are stored as if sent by SMS]")
    while True:
        line = _read()
        if line is None:
            break
        show_sms(handle_inbound(rt, InboundSms(sid=f"CHAT{uuid.uuid4().hex}", phone=phone, body=line, to=to)))
        with rt.db() as s:
            conv = s.get(Participant, participant_id).conversation  # type: ignore[union-attr]
            if isinstance(conv, Conversation) and conv.open_phone is None:
                click.echo(f"[conversation {conv.status}]")
                break


def _read() -> str | None:
    try:
        return str(click.prompt(">", prompt_suffix=" ", default="", show_default=False))
    except (EOFError, click.Abort):
        return None
