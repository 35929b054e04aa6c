"""The pacer: no more than N requests in any window as the vendor counts them, for every
limit at once, however late each request arrives."""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachkit._core.pacing import Pacer, async_wait_for_slot, wait_for_slot
from attachkit.altegio import DEFAULT_RATE_LIMITS
from attachkit_sandbox.ratelimit import SlidingWindowLimiter
from attachkit_sandbox.testing import FakeClock


def sends(pacer: Pacer, clock: FakeClock, count: int, answer_after: float = 0.0) -> list[float]:
    """Send `count` times, one after the other, as fast as the pacer allows, each answered
    `answer_after` seconds after it went; the send times, from 0."""
    start = clock()
    times = []
    for _ in range(count):
        wait_for_slot(pacer, clock.advance)
        times.append(clock() - start)
        clock.advance(answer_after)
        pacer.answered()
    return times


def test_five_at_once_then_one_when_the_oldest_answer_leaves_the_window() -> None:
    clock = FakeClock()
    pacer = Pacer([(5, 1.0)], clock=clock)
    assert sends(pacer, clock, 12) == pytest.approx([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2])


def test_a_window_starts_at_the_answer_not_at_the_send() -> None:
    clock = FakeClock()
    pacer = Pacer([(2, 1.0)], clock=clock)
    # Each answer takes 0.25 s: the vendor may have counted the request as late as that.
    assert sends(pacer, clock, 4, answer_after=0.25) == pytest.approx([0, 0.25, 1.25, 1.5])


def test_no_window_ever_holds_more_than_its_limit() -> None:
    clock = FakeClock()
    pacer = Pacer(DEFAULT_RATE_LIMITS, clock=clock)
    times = sends(pacer, clock, 450)
    for count, period in DEFAULT_RATE_LIMITS:
        for index in range(len(times) - count):
            assert times[index + count] - times[index] >= period - 1e-6
    assert times[200] >= 60.5 - 1e-6  # the per-minute limit binds too


def test_a_request_in_flight_holds_its_place_until_answered() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)
    assert pacer.reserve() == 0.0
    # Unanswered, it may still reach the vendor: nothing goes for at least a period.
    assert pacer.reserve() == pytest.approx(1.0)
    clock.advance(5)
    assert pacer.reserve() == pytest.approx(1.0)
    pacer.answered()
    assert pacer.reserve() == pytest.approx(1.0)
    clock.advance(1.0)
    assert pacer.reserve() == 0.0
    assert pacer.in_flight == 1


def test_time_that_passed_is_not_waited_again() -> None:
    clock = FakeClock()
    pacer = Pacer([(2, 1.0)], clock=clock)
    assert [pacer.reserve(), pacer.reserve()] == [0.0, 0.0]
    pacer.answered()
    pacer.answered()
    clock.advance(0.75)
    assert pacer.reserve() == pytest.approx(0.25)
    clock.advance(10)
    assert pacer.reserve() == 0.0


def test_a_wait_books_nothing() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)
    assert pacer.reserve() == 0.0
    pacer.answered()
    # Callers told to wait are not counted: the first to ask again once the place is free
    # takes it, and the others wait for the next.
    assert [pacer.reserve() for _ in range(3)] == pytest.approx([1.0, 1.0, 1.0])
    assert pacer.in_flight == 0
    clock.advance(1.0)
    assert [pacer.reserve(), pacer.reserve()] == pytest.approx([0.0, 1.0])


def test_an_answer_without_a_request_in_flight_is_a_bug() -> None:
    pacer = Pacer([(1, 1.0)])
    with pytest.raises(RuntimeError, match="without a request in flight"):
        pacer.answered()


def test_threads_never_have_more_in_flight_than_the_limit() -> None:
    clock = FakeClock()
    pacer = Pacer([(3, 1.0)], clock=clock)
    lock = threading.Lock()
    most = 0

    def send() -> None:
        nonlocal most
        for _ in range(20):
            with lock:  # the fake clock is not thread-safe; the pacer is
                wait = pacer.reserve()
                if wait > 0:
                    clock.advance(wait)
                    continue
                most = max(most, pacer.in_flight)
            pacer.answered()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert pacer.in_flight == 0
    assert most <= 3


def test_the_first_wait_is_reported_once() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)
    wait_for_slot(pacer, clock.advance)
    pacer.answered()
    heard: list[float] = []
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.advance(0.6)  # woken early: asks again, and is heard only the first time

    wait_for_slot(pacer, sleep, heard.append)
    assert heard == [1.0]
    assert slept == pytest.approx([1.0, 0.4])
    assert pacer.in_flight == 1


@pytest.mark.anyio
async def test_the_async_wait_sleeps_until_a_request_may_go() -> None:
    clock = FakeClock()
    pacer = Pacer([(2, 1.0)], clock=clock)
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.advance(seconds)

    for _ in range(3):
        await async_wait_for_slot(pacer, sleep)
        pacer.answered()
    assert slept == [1.0]


def test_limits_are_reported() -> None:
    assert Pacer(DEFAULT_RATE_LIMITS).limits == [(5, 1.05), (200, 60.5)]


@pytest.mark.parametrize("limits", [[(0, 1.0)], [(5, 0.0)], [(5, -1.0)], [(-1, 1.0)]])
def test_invalid_limits_are_refused(limits: list[tuple[int, float]]) -> None:
    with pytest.raises(ValueError, match="invalid rate limit"):
        Pacer(limits)


# --- the vendor's view, under jitter ------------------------------------------------------

_MS = st.integers(min_value=0, max_value=1500)
"""Delays in milliseconds (whole numbers, so that window edges compare exactly)."""


class _Run:
    """Workers sending through one pacer to a vendor that counts each request when it
    arrives, with the sandbox's own sliding-window limiter; time in milliseconds."""

    def __init__(self, limits: list[tuple[int, float]], draw: Callable[[], int]) -> None:
        self.now = 0.0
        self.pacer = Pacer(limits, clock=lambda: self.now)
        self.vendor = SlidingWindowLimiter(limits, clock=lambda: self.now)
        self.refused: list[float] = []
        self._draw = draw
        self._events: list[tuple[float, int, str, int]] = []
        self._order = 0

    def _at(self, moment: float, what: str, worker: int) -> None:
        self._order += 1
        heapq.heappush(self._events, (moment, self._order, what, worker))

    def run(self, workers: int, requests: int) -> int:
        left = [requests] * workers
        for worker in range(workers):
            self._at(self._draw(), "ask", worker)
        sent = 0
        while self._events:
            self.now, _, what, worker = heapq.heappop(self._events)
            if what == "ask":
                wait = self.pacer.reserve()
                if wait > 0:  # the sleep may end late: a busy event loop
                    self._at(self.now + wait + self._draw(), "ask", worker)
                    continue
                sent += 1
                # It reaches the vendor some time later, and its answer later still.
                self._at(self.now + self._draw(), "arrive", worker)
            elif what == "arrive":
                if self.vendor.hit("client") is not None:
                    self.refused.append(self.now)
                self._at(self.now + self._draw(), "answer", worker)
            else:
                self.pacer.answered()
                left[worker] -= 1
                if left[worker]:
                    self._at(self.now + self._draw(), "ask", worker)
        return sent


@given(
    delays=st.lists(_MS, min_size=1, max_size=64),
    workers=st.integers(min_value=1, max_value=10),
    limits=st.sampled_from([[(5, 1000.0)], [(5, 1050.0), (20, 6000.0)], [(1, 250.0)]]),
)
def test_the_vendor_never_counts_more_than_the_limit_however_late_requests_arrive(
    delays: list[int], workers: int, limits: list[tuple[int, float]]
) -> None:
    cycle = itertools.cycle(delays)
    run = _Run(limits, lambda: next(cycle))
    assert run.run(workers, requests=12) == workers * 12
    assert run.refused == []
    assert run.pacer.in_flight == 0
