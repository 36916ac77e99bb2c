"""Real servers on loopback: `hjulsamtal serve` (gunicorn, migrations on start) and `post-sms` against a
running app, as a newcomer would use them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect
from werkzeug.serving import make_server

from bot.conversation.datafiles import ROOT
from tests.support.common import AUTH_TOKEN, PHONES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_migrates_and_answers(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "serve.db"
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": f"sqlite:///{db}", "WEB_CONCURRENCY": "1",
           "HJULSAMTAL_INSTANCE": str(tmp_path / "instance")}
    env.pop("TWILIO_AUTH_TOKEN", None)
    hjulsamtal = Path(sys.executable).parent / "hjulsamtal"
    server = subprocess.Popen([str(hjulsamtal), "serve"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "server did not start in 30 s"
                time.sleep(0.2)
        assert "conversation" in inspect(create_engine(f"sqlite:///{db}")).get_table_names()
        # No auth token configured: a random one is generated, so an unsigned request is refused.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/sms", data=b"From=%2B46701740605&Body=hej")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_post_sms_plays_twilio_against_a_running_server(app: Any, runner: Any, invited: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["PUBLIC_BASE_URL"] = None  # sign the URL actually called, as without a proxy
    invited(phone=PHONES[2])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms"
        result = runner.invoke(args=["post-sms", "hej", "--from", PHONES[2], "--url", url])
        assert result.exit_code == 0, result.output
        assert "börja? Svara JA." in result.output
        wrong = runner.invoke(args=["post-sms", "hej", "--from", PHONES[2], "--url", url + "x"])
        assert wrong.exit_code != 0 and "failed" in wrong.output
    finally:
        server.shutdown()
