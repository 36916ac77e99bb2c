"""README's "Try it" runs top to bottom on a fresh clone: every command of its sh blocks, in order, in a
`git clone` of this checkout's HEAD (so only committed files count), with the server running as `make run`
runs it (`hjulsamtal serve`, here on a free port and with the TWILIO_AUTH_TOKEN the section gives it).

The clone reuses this virtualenv (its `.venv` links to ours and PYTHONPATH points at the clone, so the clone's
code runs; nothing is installed). Interactive commands (`chat`) get the answers a person would type on stdin.
Every block runs under `set -euo pipefail`; any error, a traceback or a stuck command (TIMEOUT) fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120  # seconds per block
BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)
# What a young person types in `chat`: start, yes, eight ratings with words, what matters most, sharing, confirm.
YOUTH_ANSWERS = ["hej", "ja", "4 bra", "4", "5", "3", "4", "5", "4", "3", "mer tid", "1", "ja"]


def try_it_blocks(readme: str) -> list[str]:
    """The sh blocks of README's "## Try it" section, in order."""
    section = readme.split("\n## Try it\n", 1)[1].split("\n## ", 1)[0]
    return BLOCK.findall(section)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this checkout's HEAD, using this virtualenv."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the README test needs git and a git checkout")
    target = tmp_path_factory.mktemp("readme") / "hjulsamtal"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=TIMEOUT)
    (target / ".venv").symlink_to(Path(sys.prefix))
    return target


@pytest.fixture(scope="module")
def env(clone: Path) -> dict[str, str]:
    """A newcomer's environment: no settings of ours, the clone's code first, a port of its own."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    return keep | {"PYTHONPATH": str(clone), "PORT": str(free_port()), "WEB_CONCURRENCY": "1"}


@pytest.fixture(scope="module")
def server(clone: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """`TWILIO_AUTH_TOKEN=dev-token make run`, as the section says, without the install step."""
    log = clone.parent / "server.log"
    with log.open("wb") as err:  # a file, not a pipe: a full pipe would stop the server
        process = subprocess.Popen([".venv/bin/hjulsamtal", "serve"], cwd=clone, stdout=subprocess.DEVNULL,
                                   stderr=err, env=env | {"TWILIO_AUTH_TOKEN": "dev-token"}, start_new_session=True)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")
        try:
            socket.create_connection(("127.0.0.1", int(env["PORT"])), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        pytest.fail("the server did not start")
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def run_block(block: str, clone: Path, env: dict[str, str], answers: list[str]) -> str:
    """One sh block under `set -euo pipefail`, `answers` on stdin; its output (fails on an error)."""
    result = subprocess.run(["bash", "-c", "set -euo pipefail\n" + block], cwd=clone, env=env,
                            input="\n".join(answers) + "\n", capture_output=True, text=True, timeout=TIMEOUT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"README block failed ({result.returncode}):\n{block}\n---\n{output}"
    assert "Traceback" not in output, output
    return result.stdout


def test_try_it_runs_top_to_bottom_on_a_fresh_clone(clone: Path, env: dict[str, str],
                                                    server: subprocess.Popen[bytes]) -> None:
    blocks = try_it_blocks((clone / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) == 3, blocks
    chat, whole_way, twilio = blocks
    assert "Fråga 1 av 8" in run_block(chat, clone, env, YOUTH_ANSWERS[:2])
    out = run_block(whole_way, clone, env, YOUTH_ANSWERS)
    document = json.loads(out[out.index('{\n  "schema"'):])
    youth = document["participants"][0]
    assert document["schema"] == "hjulsamtal.meeting.v1" and youth["status"] == "completed"
    assert youth["areas"]["safe"] == {"rating": 4, "comment": "bra", "followup": None, "dont_know": False}
    out = run_block(twilio, clone, env, [])
    assert "403" not in out and out.strip(), out
    assert server.poll() is None
