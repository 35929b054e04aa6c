"""An asyncio event loop whose clock jumps ahead whenever every task is waiting on a timer.

So code that sleeps for pacing runs at full speed, and everything reading `loop.time()`
(the pacer, the sandbox's rate limiter) sees one consistent timeline: a request sent after
a 1.05 s pause arrives 1.05 virtual seconds later, whatever the real clock did.
"""

from __future__ import annotations

import asyncio
import selectors
from typing import Any


class _JumpingSelector:
    def __init__(self, inner: selectors.BaseSelector, loop: VirtualTimeLoop) -> None:
        self._inner = inner
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = self._inner.select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:
            # No timer at all: only a worker thread or real I/O can wake the loop.
            return self._inner.select(None)
        self._loop.advance(timeout)
        return []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        super().__init__()
        self._virtual_now = 0.0
        inner: selectors.BaseSelector = self._selector  # type: ignore[has-type]
        self._selector = _JumpingSelector(inner, self)

    def time(self) -> float:
        return self._virtual_now

    def advance(self, seconds: float) -> None:
        self._virtual_now += seconds
