"""Where a turn's CPU goes: pyinstrument over whole conversations through the app in process, by layer.

Rule: the same signed requests as the load driver, through Flask's test client (its own frames, and the
benchmark's, are left out of the shares); self time is summed per layer by each frame's file (the standard library's
and built-ins' count for their caller's layer, except the database driver's), so the result does not
depend on how bot/ names its functions. SQL statements are counted per turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from pyinstrument import Profiler
from pyinstrument.frame import Frame
from sqlalchemy import event

from .live import Pool, runtime_of
from .scripts import Script
from .signing import Signer
from .synthetic import message_sid

INTERVAL = 0.0001
DRIVER_CALLS = ("do_execute", "do_executemany", "do_commit", "do_rollback", "do_begin", "connect")
DB_BUILTINS = ("Cursor", "Connection", "PGconn", "PGresult")  # sqlite3 and psycopg C objects
LAYERS = (  # first match wins: (layer, path fragments)
    ("harness", ("/werkzeug/test.py", "/flask/testing.py", "/bench/", "/pyinstrument/")),
    ("database driver + server", ("/sqlite3/", "/psycopg/", "/psycopg_binary/")),
    ("SQLAlchemy ORM + Core", ("/sqlalchemy/",)),
    ("engine (bot/conversation)", ("/bot/conversation/",)),
    ("text rendering (bot/texts, python-i18n, Babel)", ("/bot/texts/", "/i18n/", "/babel/")),
    ("Twilio library (signature, TwiML)", ("/twilio/",)),
    ("app edge (bot/ webhook, inbound, models)", ("/bot/",)),
    ("Flask + Werkzeug", ("/flask/", "/werkzeug/")),
)


@dataclass
class Breakdown:
    """Shares of a turn's CPU by layer, and SQL statements per turn."""

    turns: int
    shares: dict[str, float]  # layer -> fraction of the turn
    statements: float


def _own_layer(frame: Frame) -> str | None:
    """The frame's layer by its file; None for the standard library and built-ins (they take the caller's)."""
    path = (frame.file_path or "").replace("\\", "/")
    if path == "<built-in>" and frame.function.split(".")[0] in DB_BUILTINS:
        return "database driver + server"
    if "/sqlalchemy/engine/default.py" in path and frame.function in DRIVER_CALLS:
        return "database driver + server"
    for layer, fragments in LAYERS:
        if any(f in path for f in fragments):
            return layer
    return None


def _walk(frame: Frame, inherited: str, totals: dict[str, float]) -> None:
    layer = inherited if frame.is_synthetic else (_own_layer(frame) or inherited)
    if not frame.is_synthetic:
        totals[layer] = totals.get(layer, 0.0) + frame.total_self_time
    for child in frame.children:
        _walk(child, layer, totals)


def play(app: Flask, signer: Signer, scripts: list[Script]) -> int:
    """Send every turn of the scripts through the app; returns the number of requests."""
    client, sent = app.test_client(), 0
    for script in scripts:
        sid = ""
        for turn in script.turns:
            sid = sid if turn.duplicate else message_sid()
            data, headers = signer.request(script.phone, turn.body, sid)
            response = client.post("/sms", data=data, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"breakdown: HTTP {response.status_code}: {response.get_data(as_text=True)}")
            sent += 1
    return sent


def breakdown(app: Flask, pool: Pool, token: str, conversations: int) -> Breakdown:
    """Profile `conversations` fresh participants' whole conversations (after a short warm-up)."""
    app.config["PUBLIC_BASE_URL"] = "http://localhost"
    signer = Signer("http://localhost/sms", token)
    play(app, signer, pool.invite(5))
    scripts = pool.invite(conversations)
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    db_engine = runtime_of(app).db_engine
    event.listen(db_engine, "before_cursor_execute", count)
    profiler = Profiler(interval=INTERVAL)
    profiler.start()
    try:
        turns = play(app, signer, scripts)
    finally:
        profiler.stop()
        event.remove(db_engine, "before_cursor_execute", count)
    totals: dict[str, float] = {}
    session = profiler.last_session
    root = session.root_frame() if session else None
    if root is not None:
        _walk(root, "harness", totals)
    totals.pop("harness", None)
    whole = sum(totals.values()) or 1.0
    shares = {layer: t / whole for layer, t in sorted(totals.items(), key=lambda kv: -kv[1])}
    return Breakdown(turns, shares, statements / max(turns, 1))
