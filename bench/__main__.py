"""`python -m bench` (`make bench`): every measurement in one run, a table on stdout, docs/performance.md.

Rule: bounded (each load run has a window and a hard timeout, every server is stopped), loopback only,
a fresh temporary directory and database per run; exit status 1 when a run had errors or lost answers
(a missed performance target is reported, not an error: its bound is explained in docs/performance.md).
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from .cost import cost_table
from .databases import targets
from .engine_run import run_engine_bench
from .machine import machine
from .report import (
    breakdown_table,
    cost_rows,
    engine_table,
    history_table,
    verdict_rows,
    verdicts,
    web_table,
    write_docs,
)
from .web import CONCURRENCY, WINDOW, web_phase

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def log(text: str) -> None:
    """Progress on stderr, at once."""
    print(text, file=sys.stderr, flush=True)


def command_line() -> str:
    """How this run was started, as one would type it."""
    url = os.environ.get("DATABASE_URL", "")
    prefix = f"DATABASE_URL={shlex.quote(url)} " if url else ""
    return prefix + "make bench"


def main() -> int:
    """Run everything and report."""
    started = time.perf_counter()
    facts = machine()
    log(f"bench: {facts['cores']} cores, {facts['RAM']}, {facts['CPU']}; databases: {', '.join(targets())}")
    log("engine alone (pytest-benchmark)")
    with tempfile.TemporaryDirectory(prefix="hjulsamtal-bench-") as tmp:
        work = Path(tmp)
        engine = run_engine_bench(work)
        costs, ucs2_long = cost_table()
        phases = []
        for kind in targets():
            (work / kind).mkdir()
            phases.append(web_phase(kind, work / kind, log))
    found = verdicts(phases, engine, costs, ucs2_long)
    facts["databases measured"] = ", ".join(p.version for p in phases)
    elapsed = time.perf_counter() - started
    section = [
        f"Command: `{command_line()}` · measured {facts['date']} · took {elapsed:.0f} s · load windows "
        f"{WINDOW:.0f} s after 1 s warm-up, at {' and '.join(map(str, CONCURRENCY))} connections.",
        "",
        "| machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in facts.items() if k != "date"],
        "", "### Targets", "", *verdict_rows(found),
        "", "### Webhook under gunicorn (floor = bare Flask route, same settings, same requests)", "",
        *web_table(phases),
        "", "### 1 000 vs 100 000 finished conversations stored (4 connections, fresh server each)", "",
        *history_table(phases),
        "", "### Where a turn's time goes (in process, one request at a time, pyinstrument)", "",
        *breakdown_table(phases),
        "", "### The engine alone, in process (pytest-benchmark)", "", *engine_table(engine),
        "", "### SMS cost per completed conversation (outbound, invitation included)", "", *cost_rows(costs),
    ]
    write_docs(DOCS, section)
    print("\n".join(["", *verdict_rows(found), "", *web_table(phases), "", *history_table(phases), "",
                     *engine_table(engine), "", *cost_rows(costs), "",
                     f"wrote {DOCS.relative_to(Path.cwd()) if DOCS.is_relative_to(Path.cwd()) else DOCS} "
                     f"in {elapsed:.0f} s"]))
    broken = [v for v in found if "errors 0" in v.target and not v.met]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
