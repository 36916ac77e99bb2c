"""The load driver: N concurrent simulated participants, each a chain of signed webhook requests.

Rule: one asyncio loop, one keep-alive connection per participant slot (N connections), the next SMS
only after the reply to the previous one (a phone waits for its answer); bounded by a measured window
and a hard timeout. Throughput counts requests that finished inside the window, latency those that
started inside it; a participant in flight at the window's end finishes its conversation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import aiohttp

from .scripts import Script
from .signing import Signer
from .synthetic import message_sid

HARD_TIMEOUT_EXTRA = 60.0  # seconds past the window for in-flight conversations to finish
REQUEST_TIMEOUT = 30.0


@dataclass
class LoadResult:
    """What one load run measured."""

    concurrency: int
    window: float
    requests: int = 0  # finished inside the window
    latencies: list[float] = field(default_factory=list)  # seconds, requests started inside the window
    total_requests: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    duplicates: int = 0
    finished: list[Script] = field(default_factory=list)
    exhausted: bool = False  # ran out of invited participants before the window ended
    driver_cpu: float = 0.0  # seconds of this process's CPU inside the window
    server_cpu: float = 0.0  # seconds of the server's CPU inside the window

    @property
    def throughput(self) -> float:
        return self.requests / self.window if self.window else 0.0


class _Run:
    """The shared state of one run."""

    def __init__(self, signer: Signer, scripts: Iterator[Script], result: LoadResult, check: bool,
                 start: float, warmup: float):
        self.signer, self.scripts, self.result, self.check = signer, scripts, result, check
        self.window_start = start + warmup
        self.window_end = self.window_start + result.window

    def error(self, text: str) -> None:
        self.result.errors += 1
        if len(self.result.error_examples) < 5:
            self.result.error_examples.append(text[:300])

    async def participant_slot(self, session: aiohttp.ClientSession) -> None:
        """Play conversation after conversation until the window ends."""
        while time.perf_counter() < self.window_end:
            script = next(self.scripts, None)
            if script is None:
                self.result.exhausted = True
                return
            if await self.converse(session, script):
                self.result.finished.append(script)

    async def converse(self, session: aiohttp.ClientSession, script: Script) -> bool:
        """Send every turn of one script; False at the first error (the conversation is abandoned)."""
        sid, reply = "", ""
        for turn in script.turns:
            if not turn.duplicate:
                sid = message_sid()
            else:
                self.result.duplicates += 1
            data, headers = self.signer.request(script.phone, turn.body, sid)
            started = time.perf_counter()
            try:
                async with session.post(self.signer.url, data=data, headers=headers) as response:
                    status, text = response.status, await response.text()
            except (aiohttp.ClientError, TimeoutError) as exc:
                self.error(f"{type(exc).__name__}: {exc}")
                return False
            ended = time.perf_counter()
            self.result.total_requests += 1
            if self.window_start <= ended <= self.window_end:
                self.result.requests += 1
            if self.window_start <= started <= self.window_end:
                self.result.latencies.append(ended - started)
            if status != 200:
                self.error(f"HTTP {status} for {turn.body!r}: {text}")
                return False
            if self.check and ("<Message>" not in text or (turn.duplicate and text != reply)):
                self.error(f"unexpected reply to {turn.body!r} (duplicate={turn.duplicate}): {text}")
                return False
            reply = text
        return True


async def _drive(signer: Signer, scripts: Iterator[Script], result: LoadResult, check: bool, warmup: float,
                 server_cpu: Callable[[], float]) -> None:
    connector = aiohttp.TCPConnector(limit=result.concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        run = _Run(signer, scripts, result, check, time.perf_counter(), warmup)

        async def sample_cpu() -> None:
            await asyncio.sleep(max(0.0, run.window_start - time.perf_counter()))
            cpu0, srv0 = time.process_time(), server_cpu()
            await asyncio.sleep(max(0.0, run.window_end - time.perf_counter()))
            result.driver_cpu, result.server_cpu = time.process_time() - cpu0, server_cpu() - srv0

        await asyncio.gather(sample_cpu(), *(run.participant_slot(session) for _ in range(result.concurrency)))


def drive(url: str, token: str, scripts: Iterator[Script], concurrency: int, window: float, warmup: float,
          check: bool, server_cpu: Callable[[], float]) -> LoadResult:
    """Run `concurrency` participant slots against url for warmup + window seconds (plus in-flight ends)."""
    result = LoadResult(concurrency, window)
    coroutine = _drive(Signer(url, token), scripts, result, check, warmup, server_cpu)
    try:
        asyncio.run(asyncio.wait_for(coroutine, warmup + window + HARD_TIMEOUT_EXTRA))
    except TimeoutError:
        result.errors += 1
        result.error_examples.append("hard timeout: conversations still in flight")
    return result
