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
    proxies). `sleep`: how to wait between retries (tests inject a fake)."""

    timeout: float | httpx2.Timeout | None
    max_retries: int | None
    retry: RetryPolicy | None
    headers: dict[str, str] | None
    transport: httpx2.BaseTransport | None
    sleep: Callable[[float], None] | None


class AsyncClientOptions(TypedDict, total=False):
    """As `ClientOptions`, with an async transport and sleep."""

    timeout: float | httpx2.Timeout | None
    max_retries: int | None
    retry: RetryPolicy | None
    headers: dict[str, str] | None
    transport: httpx2.AsyncBaseTransport | None
    sleep: Callable[[float], Awaitable[None]] | None
