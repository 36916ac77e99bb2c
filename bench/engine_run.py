"""Run the engine micro-benchmark (pytest-benchmark, bench/engine_bench.py) and read its JSON.

Rule: a separate pytest process, bounded by pytest-benchmark's own time limits; only its medians are used
(per round = whole conversations, divided by the turns they contain).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


@dataclass(frozen=True)
class EngineResult:
    """Median microseconds per turn and turns per second on one core."""

    name: str
    us_per_turn: float

    @property
    def turns_per_second(self) -> float:
        return 1e6 / self.us_per_turn


def run_engine_bench(work: Path) -> list[EngineResult]:
    """pytest bench/engine_bench.py with --benchmark-json; one result per case."""
    out = work / "engine.json"
    command = [sys.executable, "-m", "pytest", "bench/engine_bench.py", "-q", "-p", "no:cacheprovider",
               "--benchmark-json", str(out), "--benchmark-storage", f"file://{work / 'benchmarks'}",
               "--benchmark-max-time", "1.0", "--benchmark-columns", "min,median,rounds"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"engine benchmark failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    data = json.loads(out.read_text())
    return [EngineResult(b["param"], b["stats"]["median"] / b["extra_info"]["turns"] * 1e6)
            for b in data["benchmarks"]]
