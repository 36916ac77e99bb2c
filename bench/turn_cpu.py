"""CPU per signed turn in process: `python -m bench.turn_cpu [--profile]` (not part of `make bench`).

Rule: the same signed requests as the load driver, through Flask's test client on a fresh SQLite
database in a temporary folder; process CPU time over every turn of 60 invited conversations.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from bot.store.db import upgrade

from .breakdown import play
from .live import Pool, local_app, runtime_of
from .signing import Signer

TOKEN = "bench-turn-cpu-token"


def main() -> None:
    """Print CPU ms per turn (and a pyinstrument profile with --profile)."""
    with tempfile.TemporaryDirectory() as work:
        os.environ.setdefault("HJULSAMTAL_INSTANCE", str(Path(work) / "instance"))
        app = local_app(f"sqlite:///{work}/turns.db", TOKEN)
        rt = runtime_of(app)
        upgrade(rt.db_engine)
        app.config["PUBLIC_BASE_URL"] = "http://localhost"
        signer = Signer("http://localhost/sms", TOKEN)
        pool = Pool(rt, 1)
        play(app, signer, pool.invite(5))  # warm-up
        scripts = pool.invite(60)
        profiler = None
        if "--profile" in sys.argv:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0001)
            profiler.start()
        started = time.process_time()
        turns = play(app, signer, scripts)
        spent = time.process_time() - started
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(color=False))
        print(f"{turns} turns, {spent * 1000 / turns:.2f} ms CPU per turn (SQLite, in process)")


if __name__ == "__main__":
    main()
