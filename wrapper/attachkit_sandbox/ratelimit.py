"""A sliding-window rate limiter keyed by client (vendors limit per IP address)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from attachkit_sandbox.config import Clock

__all__ = ["SlidingWindowLimiter"]


class SlidingWindowLimiter:
    """Allows at most `limit` hits in any `window` seconds, for each (limit, window) pair."""

    def __init__(self, limits: Sequence[tuple[int, float]], clock: Clock) -> None:
        self.limits = tuple(limits)
        self.clock = clock
        self._longest = max((window for _, window in self.limits), default=0.0)
        self._hits: dict[str, deque[float]] = {}

    def reset(self) -> None:
        self._hits.clear()

    def hit(self, key: str) -> float | None:
        """Record a hit and return None, or return the seconds to wait (the hit is not counted)."""
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self._longest:
            hits.popleft()
        wait = 0.0
        for limit, window in self.limits:
            recent = [t for t in hits if t > now - window]
            if len(recent) >= limit:
                # The hit that must leave the window before one more fits.
                wait = max(wait, recent[len(recent) - limit] + window - now)
        if wait > 0:
            return wait
        hits.append(now)
        return None
