"""Client-side pacing: never more than N requests in any sliding window, as the vendor
counts them.

The vendor counts a request when it arrives, which the client cannot see: it lies after
the send and before the answer, and how far after the send varies (the network, a busy
event loop, a busy vendor). So a request counts here as arriving any moment from when it
may go until it is answered: a send goes ahead only while, for each limit of `count` per
`period`, fewer than `count` requests are unanswered or were answered less than `period`
ago. However late one request arrives and however early the next, no window at the
vendor then holds more than `count`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpx2

__all__ = [
    "Pacer",
    "answering_every_send",
    "async_pacing_hooks",
    "async_wait_for_slot",
    "pacing_hooks",
    "wait_for_slot",
]


class Pacer:
    """Keeps to several limits at once, e.g. 5 per second and 200 per minute.

    `reserve()` returns 0 when a request may be sent now, and then counts it as in flight;
    otherwise the seconds to wait before asking again. Each request it let go must be
    reported by `answered()` once its answer came (or its send failed). It never sleeps
    itself, so the sync and async clients share it (`wait_for_slot`,
    `async_wait_for_slot`).
    """

    def __init__(
        self,
        limits: Sequence[tuple[int, float]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for count, period in limits:
            if count < 1 or period <= 0:
                raise ValueError(f"invalid rate limit {count} per {period} s")
        self._limits = [(count, period) for count, period in limits]
        self._clock = clock
        self._lock = threading.Lock()
        self._in_flight = 0
        # When the latest answers came, oldest first (as many as the largest count).
        self._answers = deque[float](maxlen=max((count for count, _ in limits), default=1))

    @property
    def limits(self) -> list[tuple[int, float]]:
        return list(self._limits)

    @property
    def in_flight(self) -> int:
        """Requests let go and not answered yet."""
        return self._in_flight

    def reserve(self) -> float:
        with self._lock:
            now = self._clock()
            ready = now
            for count, period in self._limits:
                if self._in_flight >= count:
                    # A place frees `period` after an answer still to come: not before then.
                    ready = max(ready, now + period)
                elif len(self._answers) >= count - self._in_flight:
                    ready = max(ready, self._answers[self._in_flight - count] + period)
            if ready > now:
                return ready - now
            self._in_flight += 1
            return 0.0

    def answered(self) -> None:
        """A request `reserve()` let go was answered, or failed: it reached the vendor, if
        at all, before now."""
        with self._lock:
            if self._in_flight < 1:
                raise RuntimeError("answered() without a request in flight")
            self._in_flight -= 1
            self._answers.append(self._clock())


def wait_for_slot(
    pacer: Pacer, sleep: Callable[[float], None], waiting: Callable[[float], None] | None = None
) -> None:
    """Sleeps until `pacer` lets a request go (then in flight: `answered()` is due);
    `waiting` hears the first wait, if any."""
    while (wait := pacer.reserve()) > 0:
        if waiting is not None:
            waiting(wait)
            waiting = None
        sleep(wait)


async def async_wait_for_slot(
    pacer: Pacer,
    sleep: Callable[[float], Awaitable[None]],
    waiting: Callable[[float], None] | None = None,
) -> None:
    """`wait_for_slot` for async code."""
    while (wait := pacer.reserve()) > 0:
        if waiting is not None:
            waiting(wait)
            waiting = None
        await sleep(wait)


# --- every request an httpx2 client sends -----------------------------------------------

_SLOT = "attachkit.pacer_slot"
"""The request extension that holds a request's `_Slot` until its answer."""
_OPEN_SLOTS: ContextVar[list[_Slot] | None] = ContextVar("attachkit_open_slots", default=None)
"""The slots taken during the current `answering_every_send` (one per task or thread)."""


class _Slot:
    """One request a pacer let go, answered once."""

    __slots__ = ("_pacer",)

    def __init__(self, pacer: Pacer) -> None:
        self._pacer: Pacer | None = pacer

    def answer(self) -> None:
        if self._pacer is not None:
            pacer, self._pacer = self._pacer, None
            pacer.answered()


def _let_go(request: httpx2.Request, pacer: Pacer) -> None:
    slot = _Slot(pacer)
    request.extensions = {**request.extensions, _SLOT: slot}
    open_slots = _OPEN_SLOTS.get()
    if open_slots is not None:
        open_slots.append(slot)


def _answer(response: httpx2.Response) -> None:
    slot = response.request.extensions.get(_SLOT)
    if isinstance(slot, _Slot):
        slot.answer()


@contextmanager
def answering_every_send() -> Iterator[None]:
    """Around an httpx2 client's `send`: every request the pacing hooks let go in it (an
    auth flow's own requests too) counts as answered by the end, also when the send
    failed or was cancelled before the answer came."""
    token = _OPEN_SLOTS.set([])
    try:
        yield
    finally:
        open_slots = _OPEN_SLOTS.get()
        _OPEN_SLOTS.reset(token)
        for slot in open_slots or ():
            slot.answer()


Waiting = Callable[[httpx2.Request, float], None]


def pacing_hooks(
    pacer: Pacer, sleep: Callable[[float], None], waiting: Waiting
) -> dict[str, list[Callable[..., Any]]]:
    """httpx2 event hooks that make each request of a client wait for `pacer` right before
    it goes (`waiting` hears a wait) and report its answer when it comes. Sends must run
    in `answering_every_send`."""

    def before(request: httpx2.Request) -> None:
        wait_for_slot(pacer, sleep, lambda wait: waiting(request, wait))
        _let_go(request, pacer)

    return {"request": [before], "response": [_answer]}


def async_pacing_hooks(
    pacer: Pacer, sleep: Callable[[float], Awaitable[None]], waiting: Waiting
) -> dict[str, list[Callable[..., Any]]]:
    """`pacing_hooks` for an async client."""

    async def before(request: httpx2.Request) -> None:
        await async_wait_for_slot(pacer, sleep, lambda wait: waiting(request, wait))
        _let_go(request, pacer)

    async def after(response: httpx2.Response) -> None:
        _answer(response)

    return {"request": [before], "response": [after]}
