"""Gunicorn on a free loopback port, with the production settings, and what its workers use.

Rule: the same settings for the app and the floor (Procfile: WEB_CONCURRENCY workers, default 2, with 4
threads each, no access log); bound to 127.0.0.1 only; started and stopped by this process, by its pid.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THREADS = 4
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def workers() -> int:
    """Worker processes, as the Procfile and `hjulsamtal serve` choose them."""
    return int(os.environ.get("WEB_CONCURRENCY") or 2)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running gunicorn master."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's worker processes."""
        return child_pids(self.process.pid)

    def worker_rss_mib(self) -> list[float]:
        """Resident memory of each worker, MiB."""
        return [rss_mib(pid) for pid in self.worker_pids()]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the master and its workers so far."""
        return sum(cpu_seconds(pid) for pid in [self.process.pid, *self.worker_pids()])


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is `parent` (from /proc), oldest pid first."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                pids.append(int(entry))
    return sorted(pids)


def rss_mib(pid: int) -> float:
    """A process's resident set size, MiB."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except OSError:
        return float("nan")


def cpu_seconds(pid: int) -> float:
    """A process's user + system CPU time, seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited at start-up:\n{server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.base_url + "/healthz", timeout=2) as response:
                if response.status == 200 and len(server.worker_pids()) == workers():
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{server.name} not ready after {READY_TIMEOUT:.0f} s:\n{server.log.read_text()[-3000:]}")


def _stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(STOP_TIMEOUT)


@contextmanager
def gunicorn(name: str, app: str, env: dict[str, str], log_dir: Path) -> Iterator[Server]:
    """Run `gunicorn APP` with the production settings until the block ends (always stopped)."""
    port = free_port()
    log = log_dir / f"{name}.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers()), "--threads", str(THREADS),
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app]
    with log.open("wb") as fh:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=fh,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(name, process, port, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(server)
