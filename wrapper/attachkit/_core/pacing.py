"""Client-side pacing: never send more than N requests in any sliding window."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

__all__ = ["Pacer"]


class Pacer:
    """Keeps to several limits at once, e.g. 5 per second and 200 per minute.

    `reserve()` books the next send slot and returns how long the caller must wait before
    sending. It never sleeps itself, so the sync and async clients share it.
    """

    def __init__(
        self,
        limits: Sequence[tuple[int, float]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for count, period in limits:
            if count < 1 or period <= 0:
                raise ValueError(f"invalid rate limit {count} per {period} s")
        self._limits = [(count, period, deque[float]()) for count, period in limits]
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def limits(self) -> list[tuple[int, float]]:
        return [(count, period) for count, period, _ in self._limits]

    def reserve(self) -> float:
        with self._lock:
            now = self._clock()
            start = now
            for count, period, sent in self._limits:
                if len(sent) >= count:
                    # The slot frees when the oldest send in the window leaves it.
                    start = max(start, sent[-count] + period)
            for count, _period, sent in self._limits:
                sent.append(start)
                while len(sent) > count:
                    sent.popleft()
            return start - now
