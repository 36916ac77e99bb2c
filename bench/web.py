"""One database's web phase: floor and full app under gunicorn, at 4 and 32 connections, with 1 000 and then
100 000 finished conversations stored.

Rule: a fresh migrated database; servers on loopback with the production gunicorn settings, started
fresh for each stored-history size so worker RSS compares like with like; every full run is verified
against the database (errors must be 0, answers stored == answers sent); everything is stopped after.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.store import crypto
from bot.store.db import make_engine

from . import databases
from .breakdown import Breakdown, breakdown
from .driver import LoadResult, drive
from .live import Pool, Verification, local_app, runtime_of, verify
from .scripts import Script, language, youth_script
from .seed import seed, settle
from .server import Server, gunicorn
from .stats import latency_ms
from .synthetic import FLOOR, phone

TOKEN = "bench-auth-token-0123456789abcdef"  # the server's and the driver's TWILIO_AUTH_TOKEN
CONCURRENCY = (32, 4)
HISTORY = (1_000, 100_000)
WINDOW = float(os.environ.get("BENCH_WINDOW", "5"))
WARMUP = 1.0
TURNS_PER_SCRIPT = 14  # fewer than any script has: sizes the invitation pool generously
MAX_POOL = 5_000


@dataclass
class Run:
    """One load run, summarised."""

    target: str  # "floor" | "full"
    db: str
    stored: int
    concurrency: int
    throughput: float
    latency: dict[str, float]
    requests: int
    errors: int
    error_examples: list[str]
    duplicates: int
    server_cpu_ms: float  # worker CPU per request inside the window
    driver_cpu_ms: float
    rss_mib: list[float] = field(default_factory=list)
    verification: Verification | None = None
    exhausted: bool = False


@dataclass
class WebPhase:
    """Everything one database measured."""

    db: str
    version: str
    runs: list[Run]
    seed_seconds: dict[int, float]
    breakdown: Breakdown | None


def _summarise(target: str, db: str, stored: int, result: LoadResult, server: Server) -> Run:
    done = max(result.requests, 1)
    return Run(target, db, stored, result.concurrency, result.throughput, latency_ms(result.latencies),
               result.requests, result.errors, result.error_examples, result.duplicates,
               result.server_cpu / done * 1000, result.driver_cpu / done * 1000, server.worker_rss_mib(),
               exhausted=result.exhausted)


def _floor_scripts(areas: tuple[str, ...]) -> Iterator[Script]:
    """Scripts for the floor (no invitation needed: its reply is constant), bounded in number."""
    return (youth_script(phone(FLOOR, n), language(n), areas, seed=5) for n in range(1_000_000))


def _floor(env: dict[str, str], work: Path, db: str, areas: tuple[str, ...], log: Callable[[str], None]
           ) -> list[Run]:
    runs = []
    with gunicorn(f"floor-{db}", "bench.floor:app", env, work) as server:
        for c in CONCURRENCY:
            result = drive(server.base_url + "/sms", TOKEN, _floor_scripts(areas), c, WINDOW, WARMUP, False,
                           server.cpu_seconds)
            runs.append(_summarise("floor", db, 0, result, server))
            log(f"  floor  c={c:<2} {result.throughput:7.0f} req/s  p99 {runs[-1].latency['p99']:6.1f} ms")
    return runs


def _full(env: dict[str, str], work: Path, db: str, stored: int, pool: Pool, expected: dict[int, float],
          log: Callable[[str], None]) -> list[Run]:
    runs = []
    rt = pool.rt
    with gunicorn(f"app-{db}-{stored}", "bot:create_app()", env, work) as server:
        for c in CONCURRENCY:
            size = min(MAX_POOL, int(expected[c] * (WARMUP + WINDOW) / TURNS_PER_SCRIPT) + 2 * c)
            scripts = pool.invite(size)
            result = drive(server.base_url + "/sms", TOKEN, iter(scripts), c, WINDOW, WARMUP, True,
                           server.cpu_seconds)
            run = _summarise("full", db, stored, result, server)
            run.verification = verify(rt, result.finished)
            expected[c] = 2 * result.throughput
            runs.append(run)
            v = run.verification
            log(f"  full   c={c:<2} {result.throughput:7.0f} req/s  p99 {run.latency['p99']:6.1f} ms  "
                f"errors {result.errors}  answers {v.answers_stored}/{v.answers_sent}  ({stored:,} stored)")
    return runs


def web_phase(kind: str, work: Path, log: Callable[[str], None]) -> WebPhase:
    """Measure the floor and the full app on one database kind."""
    with databases.fresh(kind, work) as db:
        log(f"{db.version}: seeding {HISTORY[0]:,} finished conversations")
        db_engine = make_engine(db.url)
        seconds = {}
        try:
            # One set of encryption keys for the seeding, the in-process app and the servers.
            keys = {"HJULSAMTAL_DATA_KEYS": crypto.new_data_key(), "HJULSAMTAL_INDEX_KEY": secrets.token_urlsafe(32)}
            crypto.install(crypto.Keyring([keys["HJULSAMTAL_DATA_KEYS"]], keys["HJULSAMTAL_INDEX_KEY"]))
            started = time.perf_counter()
            seed(db_engine, 0, HISTORY[0])
            settle(db_engine)
            seconds[HISTORY[0]] = time.perf_counter() - started
            env = {"DATABASE_URL": db.url, "TWILIO_AUTH_TOKEN": TOKEN, "SECRET_KEY": "bench-secret",
                   "SMS_TRANSPORT": "console", "HJULSAMTAL_INSTANCE": str(work / "instance"),
                   "PUBLIC_BASE_URL": "", **keys}
            os.environ.update({"HJULSAMTAL_INSTANCE": env["HJULSAMTAL_INSTANCE"], **keys})
            app = local_app(db.url, TOKEN)
            rt = runtime_of(app)
            pool = Pool(rt, len(kind))
            profile = breakdown(app, pool, TOKEN, conversations=30)
            areas = tuple(rt.engine.wheel.areas)
            runs = _floor(env, work, kind, areas, log)
            expected = {r.concurrency: r.throughput for r in runs}
            runs += _full(env, work, kind, HISTORY[0], pool, expected, log)
            log(f"{db.version}: seeding {HISTORY[1] - HISTORY[0]:,} more")
            started = time.perf_counter()
            seed(db_engine, HISTORY[0], HISTORY[1] - HISTORY[0])
            settle(db_engine)
            seconds[HISTORY[1]] = time.perf_counter() - started
            runs += _full(env, work, kind, HISTORY[1], pool, expected, log)
            rt.db_engine.dispose()
        finally:
            db_engine.dispose()
        return WebPhase(kind, db.version, runs, seconds, profile)

