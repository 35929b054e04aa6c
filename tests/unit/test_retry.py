"""The retry policy: which failures are retried, how long to wait, and Retry-After."""

from __future__ import annotations

import email.utils
from typing import Any

import attrs
import pytest

from attachkit import RetryPolicy
from attachkit.retry import parse_retry_after


@pytest.mark.parametrize(
    ("attempt", "base"), [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (40, 8.0)]
)
def test_backoff_doubles_up_to_the_cap(attempt: int, base: float) -> None:
    policy = RetryPolicy()
    assert policy.backoff(attempt, 0.0) == base
    # Jitter takes off at most a quarter, never adds.
    assert policy.backoff(attempt, 1.0) == base * 0.75
    assert base * 0.75 <= policy.backoff(attempt, 0.5) <= base


def test_backoff_is_configurable() -> None:
    policy = RetryPolicy(initial_delay=0.1, max_delay=0.3, jitter=0.0)
    assert [policy.backoff(attempt, 0.9) for attempt in range(4)] == [0.1, 0.2, 0.3, 0.3]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504, 599])
def test_retryable_statuses(status: int) -> None:
    assert RetryPolicy.retryable_status(status)


@pytest.mark.parametrize("status", [200, 304, 400, 401, 402, 403, 404, 409, 410, 422])
def test_statuses_that_are_not_retried(status: int) -> None:
    assert not RetryPolicy.retryable_status(status)


def test_defaults() -> None:
    policy = RetryPolicy()
    assert (policy.max_retries, policy.max_retry_after) == (2, 60.0)
    assert attrs.evolve(policy, max_retries=5).max_retries == 5


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_retries": -1},
        {"initial_delay": -0.1},
        {"max_delay": -1},
        {"jitter": 1.5},
        {"jitter": -0.1},
        {"max_retry_after": -1},
    ],
)
def test_invalid_policies_are_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (attrs validators raise plain ValueError)
        RetryPolicy(**arguments)


NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("120", 120.0),
        (" 3 ", 3.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-5", 0.0),
        (email.utils.formatdate(NOW + 90, usegmt=True), 90.0),
        (email.utils.formatdate(NOW - 90, usegmt=True), 0.0),
        ("", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        ("Mon, 99 Foo 2026 25:61:00 GMT", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds
