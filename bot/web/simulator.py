"""The browser simulator: play the youth or guardian flow in any language with the real engine and texts.
Rule: nothing is sent and nothing is stored in the database; the simulated conversation lives only in the
signed session cookie, as the list of what was typed, and is replayed through the engine on each request."""

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
from bot.web.common import render, rt, t, user
from bot.web.forms import SimulatorSayForm, SimulatorStartForm, choices, role_choices
from bot.web.language_views import simulator_languages

bp = Blueprint("simulator", __name__)
KEY = "simulator"
MAX_STORED = 2400  # bytes of typed text kept in the cookie (a whole conversation fits; the cookie stays < 4 KB)


@dataclass(frozen=True)
class Line:
    """One message of the transcript: from the participant (`in`) or to them (`out`)."""

    direction: str
    text: str
    lang: str


def replay(role: str, lang: str, inputs: list[str]) -> tuple[list[Line], eng.Conversation, bool]:
    """The transcript of `inputs` played from the start, the conversation now, and whether it has ended."""
    runtime = rt()
    today = runtime.today()
    step = runtime.engine.begin(role, lang, org=user().org.name, date=today + dt.timedelta(days=7))
    lines = [Line("out", runtime.texts.render(r, lang), lang) for r in step.replies]
    conv = step.conversation
    for text in inputs:
        lines.append(Line("in", text, conv.lang))
        step = runtime.engine.step(conv, eng.Text(text, today))
        conv = step.conversation
        lines.extend(Line("out", runtime.texts.render(r, conv.lang), conv.lang) for r in step.replies)
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
        lines, conv, ended = replay(state["role"], state["lang"], state["inputs"])
        played = {"role": state["role"], "lang": state["lang"], "lines": lines, "ended": ended,
                  "answers": conv.answers}
    return render("staff/simulator.html", start=start, say=say, played=played,
                  areas=area_labels(rt().texts, rt().engine.wheel.areas)), status


@bp.post("/simulator/start")
@login_required
def start() -> Any:
    """Start playing a flow in a language."""
    start_form, say = _forms()
    if not start_form.validate_on_submit():
        return _page(start_form, say, 400)
    session[KEY] = {"role": start_form.role.data, "lang": start_form.language.data, "inputs": []}
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
