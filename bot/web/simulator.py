"""The browser simulator: play the youth or guardian flow in any language with the real engine and texts.
Rule: nothing is sent and nothing is stored in the database; the simulated conversation lives only in the
signed session cookie, as the list of what was typed, and is replayed through the engine on each request.
SPRÅK lists the languages the user's organisation offers, as a participant's menu does (the language played
always). Each reply is rendered into SMS exactly as the real sending does (bot/texts/bilingual.py: in bilingual mode
the language, then Swedish as its own SMS), each with its encoding and segments (bot/texts/segments.py)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, session, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from bot import conversation as eng
from bot.reports.labels import area_labels
from bot.texts.bilingual import render_bodies
from bot.texts.catalogue import SOURCE_LANGUAGE
from bot.texts.segments import SmsCost, sms_cost
from bot.web.common import render, rt, t, user
from bot.web.forms import SimulatorSayForm, SimulatorStartForm, choices, role_choices
from bot.web.language_views import offered_now, simulator_languages

bp = Blueprint("simulator", __name__)
KEY = "simulator"
MAX_STORED = 2400  # bytes of typed text kept in the cookie (a whole conversation fits; the cookie stays < 4 KB)


@dataclass(frozen=True)
class Line:
    """One message of the transcript: from the participant (`in`) or to them (`out`, with what it costs)."""

    direction: str
    text: str
    lang: str
    cost: SmsCost | None = None


def _sent(replies: tuple[eng.Reply, ...], lang: str, bilingual: bool) -> list[Line]:
    """The SMS the replies become, as the real sending renders them (bilingual: the second one in Swedish)."""
    lines = []
    for reply in replies:
        for n, body in enumerate(render_bodies(rt().texts, reply, lang, bilingual)):
            lines.append(Line("out", body, SOURCE_LANGUAGE if n else lang, sms_cost(body)))
    return lines


def replay(role: str, lang: str, inputs: list[str], bilingual: bool = False
           ) -> tuple[list[Line], eng.Conversation, bool]:
    """The transcript of `inputs` played from the start, the conversation now, and whether it has ended."""
    runtime = rt()
    today = runtime.today()
    step = runtime.engine.begin(role, lang, org=user().org.name, date=today + dt.timedelta(days=7))
    lines = _sent(step.replies, lang, bilingual)
    conv = step.conversation
    offered = offered_now(runtime.texts) if inputs else None  # SPRÅK lists what the organisation offers
    for text in inputs:
        lines.append(Line("in", text, conv.lang))
        step = runtime.engine.step(conv, eng.Text(text, today), offered)
        conv = step.conversation
        lines += _sent(step.replies, conv.lang, bilingual)
    return lines, conv, runtime.engine.flows[role].states[conv.state].final


def _forms() -> tuple[SimulatorStartForm, SimulatorSayForm]:
    start = SimulatorStartForm(prefix="start")
    start.role.choices = role_choices()
    start.language.choices = choices(simulator_languages())
    return start, SimulatorSayForm(prefix="say")


@bp.get("/simulator")
@login_required
def index(status: int = 200) -> Any:
    """The simulator page: the start form, and the conversation being played, if any."""
    start, say = _forms()
    return _page(start, say, status)


def _page(start: SimulatorStartForm, say: SimulatorSayForm, status: int = 200) -> Any:
    state = session.get(KEY)
    played = None
    if state:
        bilingual = bool(state.get("bilingual"))
        lines, conv, ended = replay(state["role"], state["lang"], state["inputs"], bilingual)
        sent = [line.cost for line in lines if line.cost]
        played = {"role": state["role"], "lang": state["lang"], "bilingual": bilingual, "lines": lines,
                  "ended": ended, "answers": conv.answers, "matters_most": conv.matters_most,
                  "sharing": conv.sharing, "sms": len(sent), "segments": sum(c.segments for c in sent)}
    return render("staff/simulator.html", start=start, say=say, played=played,
                  areas=area_labels(rt().texts, rt().engine.wheel.areas),
                  sharing_default=rt().engine.wheel.sharing_default), status


@bp.post("/simulator/start")
@login_required
def start() -> Any:
    """Start playing a flow in a language (bilingual: each SMS in the language, then in Swedish)."""
    start_form, say = _forms()
    if not start_form.validate_on_submit():
        return _page(start_form, say, 400)
    session[KEY] = {"role": start_form.role.data, "lang": start_form.language.data,
                    "bilingual": bool(start_form.bilingual.data), "inputs": []}
    return redirect(url_for("simulator.index"))


@bp.post("/simulator/say")
@login_required
def say() -> Any:
    """One message from the simulated participant."""
    start_form, say_form = _forms()
    state = session.get(KEY)
    if not state:
        return redirect(url_for("simulator.index"))
    if not say_form.validate_on_submit():
        return _page(start_form, say_form, 400)
    inputs = [*state["inputs"], say_form.body.data]
    if len(json.dumps(inputs).encode()) > MAX_STORED:
        flash(t("simulator.full"), "error")
        return redirect(url_for("simulator.index"))
    session[KEY] = {**state, "inputs": inputs}
    return redirect(url_for("simulator.index", _anchor="latest"))


@bp.post("/simulator/reset")
@login_required
def reset() -> Response:
    """Forget the simulated conversation."""
    session.pop(KEY, None)
    return redirect(url_for("simulator.index"))
