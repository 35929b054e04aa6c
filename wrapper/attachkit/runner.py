"""Sending requests: retries, pacing and error mapping, once for sync and once for async.

Vendor operations are written as flows: generators that yield a `Call` and receive the
successful `httpx.Response`, so the same operation code serves both clients. A runner
drives a flow; every failure leaves it as an `attachkit.errors` exception.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import anyio
import attrs
import httpx

from . import errors
from .pacing import Pacer
from .retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after

__all__ = ["AsyncRunner", "Call", "Flow", "SyncRunner", "Vendor", "status_error"]

T = TypeVar("T")


@attrs.frozen
class Call:
    """One request of a flow. `stream=True` leaves the body unread for the caller."""

    request: httpx.Request
    stream: bool = False
    max_retries: int | None = None


Flow = Generator[Call, httpx.Response, T]


@attrs.frozen
class Vendor:
    """What the runner needs to know of a vendor: its name, and how to find its message in
    a decoded JSON error body (None when there is none)."""

    name: str
    error_message: Callable[[object], str | None]


def _vendor_message(vendor: Vendor, response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        text = response.text.strip()
        # An HTML error page says nothing useful; plain text (Envi's quota message) does.
        return None if not text or text.startswith("<") else text[:500]
    try:
        return vendor.error_message(body)
    except Exception:  # a malformed error body must not hide the status
        return None


_STATUS_ERRORS: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
}
_BODY_KEPT = 2000


def status_error(
    vendor: Vendor, response: httpx.Response, *, vendor_message: str | None = None
) -> errors.APIStatusError:
    """The exception for an error response (the body must have been read)."""
    if vendor_message is None:
        vendor_message = _vendor_message(vendor, response)
    request = response.request
    status = response.status_code
    message = f"{vendor.name}: HTTP {status} for {request.method} {request.url.path}"
    if vendor_message:
        message = f"{message}: {vendor_message}"
    body = response.text[:_BODY_KEPT]
    common: dict[str, Any] = {
        "vendor": vendor.name,
        "status_code": status,
        "vendor_message": vendor_message,
        "method": request.method,
        "url": str(request.url),
        "body": body,
    }
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    if status == 429:
        return errors.RateLimitError(message, retry_after=retry_after, **common)
    if status >= 500:
        return errors.ServerError(message, retry_after=retry_after, **common)
    error_class = _STATUS_ERRORS.get(status, errors.APIStatusError)
    return error_class(message, **common)


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
