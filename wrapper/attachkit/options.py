"""Options every client constructor takes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypedDict

import httpx2

from .retry import RetryPolicy

__all__ = ["AsyncClientOptions", "ClientOptions"]


class ClientOptions(TypedDict, total=False):
    """`timeout`: seconds or an `httpx2.Timeout` (default 10 s connect, 60 s read).
    `max_retries`: retries per request (default 2); `retry`: the full `RetryPolicy`.
    `headers`: extra headers on every request. `transport`: an httpx2 transport (tests,
    proxies). `sleep`: how to wait between retries and for the pacer (tests inject a fake).
    `clock`: the monotonic seconds the client's pacer reads (default `time.monotonic`); pass
    it with a `sleep` that advances it to run a paced client on virtual time, as a `sleep`
    that does not wait would otherwise spin until the real clock lets the request go. Only
    the clients of a vendor that paces read it, and a `Pacer` passed as their `rate_limits`
    reads its own clock instead."""

    timeout: float | httpx2.Timeout | None
    max_retries: int | None
    retry: RetryPolicy | None
    headers: dict[str, str] | None
    transport: httpx2.BaseTransport | None
    sleep: Callable[[float], None] | None
    clock: Callable[[], float] | None


class AsyncClientOptions(TypedDict, total=False):
    """As `ClientOptions`, with an async transport and sleep."""

    timeout: float | httpx2.Timeout | None
    max_retries: int | None
    retry: RetryPolicy | None
    headers: dict[str, str] | None
    transport: httpx2.AsyncBaseTransport | None
    sleep: Callable[[float], Awaitable[None]] | None
    clock: Callable[[], float] | None
