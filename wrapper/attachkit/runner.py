"""Sending requests: retries, pacing and error mapping, once for sync and once for async.

Vendor operations are written as flows: generators that yield a `Call` and receive the
successful `httpx.Response`, so the same operation code serves both clients. A runner
drives a flow; every failure leaves it as an `attachkit.errors` exception.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar

import anyio
import attrs
import httpx

from . import errors
from .pacing import Pacer
from .retry import IDEMPOTENT_METHODS, RetryPolicy
from .status import Vendor, status_error

__all__ = ["AsyncRunner", "Call", "Flow", "SyncRunner", "Vendor", "status_error"]

T = TypeVar("T")


@attrs.frozen
class Call:
    """One request of a flow. `stream=True` leaves the body unread for the caller."""

    request: httpx.Request
    stream: bool = False
    max_retries: int | None = None


Flow = Generator[Call, httpx.Response, T]


def _transport_error(vendor: Vendor, request: httpx.Request, exc: Exception) -> errors.APIError:
    where = f"{request.method} {request.url.path}"
    if isinstance(exc, httpx.TimeoutException):
        return errors.APITimeoutError(
            f"{vendor.name}: timed out on {where}",
            vendor=vendor.name,
            method=request.method,
            url=str(request.url),
        )
    return errors.APIConnectionError(
        f"{vendor.name}: connection failed on {where}: {type(exc).__name__}",
        vendor=vendor.name,
        method=request.method,
        url=str(request.url),
    )


@attrs.define
class _Attempts:
    """Decides, after each failure, whether to retry and how long to wait first."""

    policy: RetryPolicy
    call: Call
    random_fraction: Callable[[], float]
    attempt: int = 0

    def next_delay(self, error: errors.APIError) -> float | None:
        limit = self.policy.max_retries if self.call.max_retries is None else self.call.max_retries
        if self.call.request.method not in IDEMPOTENT_METHODS or self.attempt >= limit:
            return None
        if isinstance(error, errors.APIStatusError):
            if not self.policy.retryable_status(error.status_code):
                return None
            # Retry-After (429, or 503 as HTTP allows) says how long; longer than the cap: raise.
            if error.retry_after is not None:
                if error.retry_after > self.policy.max_retry_after:
                    return None
                delay = error.retry_after
                self.attempt += 1
                return delay
        elif not isinstance(error, errors.APIConnectionError):
            return None
        delay = self.policy.backoff(self.attempt, self.random_fraction())
        self.attempt += 1
        return delay


@attrs.define
class SyncRunner:
    http: httpx.Client
    vendor: Vendor
    retry: RetryPolicy
    sleep: Callable[[float], None] = time.sleep
    random_fraction: Callable[[], float] = random.random
    pacer: Pacer | None = None

    def run(self, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                call = flow.send(self.send(call))
        except StopIteration as done:
            result: T = done.value
            return result
        finally:
            flow.close()

    def send(self, call: Call) -> httpx.Response:
        attempts = _Attempts(self.retry, call, self.random_fraction)
        while True:
            error = self._send_once(call)
            if isinstance(error, httpx.Response):
                return error
            delay = attempts.next_delay(error)
            if delay is None:
                raise error
            self.sleep(delay)

    def _send_once(self, call: Call) -> httpx.Response | errors.APIError:
        if self.pacer is not None:
            wait = self.pacer.reserve()
            if wait > 0:
                self.sleep(wait)
        try:
            response = self.http.send(call.request, stream=call.stream)
        except errors.APIError as exc:
            # An auth flow's token request failed: retried (or not) like the call itself.
            return exc
        except errors.AttachkitError:
            raise
        except httpx.HTTPError as exc:
            return _transport_error(self.vendor, call.request, exc)
        if response.is_success:
            return response
        try:
            response.read()
        except httpx.HTTPError as exc:
            return _transport_error(self.vendor, call.request, exc)
        finally:
            response.close()
        return status_error(self.vendor, response)


@attrs.define
class AsyncRunner:
    http: httpx.AsyncClient
    vendor: Vendor
    retry: RetryPolicy
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    random_fraction: Callable[[], float] = random.random
    pacer: Pacer | None = None

    async def run(self, flow: Flow[T]) -> T:
        try:
            call = next(flow)
            while True:
                call = flow.send(await self.send(call))
        except StopIteration as done:
            result: T = done.value
            return result
        finally:
            flow.close()

    async def send(self, call: Call) -> httpx.Response:
        attempts = _Attempts(self.retry, call, self.random_fraction)
        while True:
            error = await self._send_once(call)
            if isinstance(error, httpx.Response):
                return error
            delay = attempts.next_delay(error)
            if delay is None:
                raise error
            await self.sleep(delay)

    async def _send_once(self, call: Call) -> httpx.Response | errors.APIError:
        if self.pacer is not None:
            wait = self.pacer.reserve()
            if wait > 0:
                await self.sleep(wait)
        try:
            response = await self.http.send(call.request, stream=call.stream)
        except errors.APIError as exc:
            # An auth flow's token request failed: retried (or not) like the call itself.
            return exc
        except errors.AttachkitError:
            raise
        except httpx.HTTPError as exc:
            return _transport_error(self.vendor, call.request, exc)
        if response.is_success:
            return response
        try:
            await response.aread()
        except httpx.HTTPError as exc:
            return _transport_error(self.vendor, call.request, exc)
        finally:
            await response.aclose()
        return status_error(self.vendor, response)
