"""Real servers for the fault tests: gunicorn with the production settings on a free loopback port, and a
private PostgreSQL cluster (initdb in a temporary folder, its own port) that a test may restart. Never the
shared PostgreSQL: other test sessions use it. Everything is started and stopped by its own pid."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from bench.server import child_pids
from bot.conversation.datafiles import ROOT

READY_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Gunicorn:
    """A running gunicorn master and its log."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The master's worker processes."""
        return child_pids(self.process.pid)

    def busiest_worker(self) -> int:
        """The worker holding the most of the clients' open connections right now (ties: the oldest), so a
        kill drops turns in flight; a fresh worker would have none."""
        established = _established_sockets(self.port)
        return max(self.worker_pids(), key=lambda pid: (len(_sockets_of(pid) & established), -pid))


def _established_sockets(port: int) -> set[str]:
    """The socket inodes of established TCP connections to 127.0.0.1:`port` (from /proc/net/tcp)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "01":
            inodes.add(fields[9])
    return inodes


def _sockets_of(pid: int) -> set[str]:
    """The socket inodes a process has open (empty once it is gone)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, workers: int = 2) -> Iterator[Gunicorn]:
    """`bot:create_app()` under gunicorn (`workers` processes, 4 threads each) until the block ends."""
    port = free_port()
    log = log_dir / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bot:create_app()"]
    with log.open("wb") as fh:
        process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=fh, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = Gunicorn(process, port, log)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not _healthy(server, workers):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)


def _healthy(server: Gunicorn, workers: int) -> bool:
    try:
        with urllib.request.urlopen(server.base_url + "/healthz", timeout=2) as response:
            return response.status == 200 and len(server.worker_pids()) == workers
    except OSError:
        return False


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), if installed."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


@dataclass
class Cluster:
    """A private PostgreSQL cluster: its data folder, port and the user that runs it."""

    bin: Path
    data: Path
    port: int
    user: str | None  # when we are root: the unprivileged user that owns and runs it

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://root@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        """Run pg_ctl on this cluster (as its user), failing loudly."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args)

    def restart(self) -> None:
        """Restart with fast shutdown: every connection is cut, the transactions in flight roll back."""
        self.pg_ctl("restart", "-m", "fast", "-o", self._options())

    def _options(self) -> str:
        return f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=90)


@contextmanager
def private_postgres(bin_dir: Path) -> Iterator[Cluster]:
    """initdb a new cluster in a temporary folder, start it on a free port, stop and remove it at the end."""
    user = None
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to an unprivileged user
        user = next((name for name in ("postgres", "nobody") if _exists(name)), None)
        if user is None:
            raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")
    top = Path(tempfile.mkdtemp(prefix="hjulsamtal-pg-"))
    cluster = Cluster(bin_dir, top / "data", free_port(), user)
    try:
        if user:
            os.chown(top, pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid)
        cluster._run(str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", "root", "-A", "trust",
                     "--no-sync", "-E", "UTF8")
        cluster.pg_ctl("start", "-o", cluster._options(), "-l", str(top / "postgres.log"))
        yield cluster
    finally:
        with suppress(subprocess.SubprocessError, OSError):
            cluster.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(top, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True
