"""The pacer: no more than N sends in any window, for every limit at once."""

from __future__ import annotations

import threading

import pytest

from attachkit._core.pacing import Pacer
from attachkit.altegio import DEFAULT_RATE_LIMITS
from attachkit_sandbox.testing import FakeClock


def sends(pacer: Pacer, clock: FakeClock, count: int) -> list[float]:
    """Send `count` times as fast as the pacer allows; the send times, from 0."""
    start = clock()
    times = []
    for _ in range(count):
        clock.advance(pacer.reserve())
        times.append(clock() - start)
    return times


def test_five_at_once_then_one_when_the_oldest_leaves_the_window() -> None:
    clock = FakeClock()
    pacer = Pacer([(5, 1.0)], clock=clock)
    assert sends(pacer, clock, 12) == pytest.approx([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2])


def test_no_window_ever_holds_more_than_its_limit() -> None:
    clock = FakeClock()
    pacer = Pacer(DEFAULT_RATE_LIMITS, clock=clock)
    times = sends(pacer, clock, 450)
    for count, period in DEFAULT_RATE_LIMITS:
        for index in range(len(times) - count):
            assert times[index + count] - times[index] >= period - 1e-6
    assert times[200] >= 60.5 - 1e-6  # the per-minute limit binds too


def test_time_that_passed_is_not_waited_again() -> None:
    clock = FakeClock()
    pacer = Pacer([(2, 1.0)], clock=clock)
    assert [pacer.reserve(), pacer.reserve()] == [0.0, 0.0]
    clock.advance(0.75)
    assert pacer.reserve() == pytest.approx(0.25)
    clock.advance(10)
    assert pacer.reserve() == 0.0


def test_reservations_book_slots_in_order() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)
    # Three callers at the same instant get successive slots without sleeping themselves.
    assert [pacer.reserve() for _ in range(3)] == [0.0, 1.0, 2.0]


def test_threads_never_share_a_slot() -> None:
    clock = FakeClock()
    pacer = Pacer([(3, 1.0)], clock=clock)
    waits: list[float] = []
    lock = threading.Lock()

    def book() -> None:
        for _ in range(20):
            wait = pacer.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=book) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slots = sorted(waits)
    assert len(slots) == 100
    for index in range(len(slots) - 3):
        assert slots[index + 3] - slots[index] >= 1.0 - 1e-9


def test_limits_are_reported() -> None:
    assert Pacer(DEFAULT_RATE_LIMITS).limits == [(5, 1.05), (200, 60.5)]


@pytest.mark.parametrize("limits", [[(0, 1.0)], [(5, 0.0)], [(5, -1.0)], [(-1, 1.0)]])
def test_invalid_limits_are_refused(limits: list[tuple[int, float]]) -> None:
    with pytest.raises(ValueError, match="invalid rate limit"):
        Pacer(limits)
