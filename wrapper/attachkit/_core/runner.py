"""Sending requests: retries, pacing and error mapping, once for sync and once for async.

Vendor operations are written as flows: generators that yield a `Call` and receive the
successful `httpx2.Response`, so the same operation code serves both clients. A runner
drives a flow; every failure leaves it as an `attachkit.errors` exception, scrubbed of the
client's secrets by its `Redactor` on the way out.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

import anyio
import attrs
import httpx2

from .. import errors
from ..retry import IDEMPOTENT_METHODS, RetryPolicy
from .connection import transport_error
from .pacing import Pacer, answering_every_send, async_pacing_hooks, pacing_hooks
from .redaction import Redactor
from .runlog import RunLog
from .status import Vendor, status_error

__all__ = ["AsyncRunner", "Call", "Flow", "SyncRunner", "Vendor", "VendorFault", "status_error"]

T = TypeVar("T")


@attrs.frozen
class Call:
    """One request of a flow. `stream=True` leaves the body unread for the caller.
    `idempotent` overrides what the method says (a search sent as POST changes nothing)."""

    request: httpx2.Request
    stream: bool = False
    max_retries: int | None = None
    idempotent: bool | None = None

    @property
    def retryable(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.request.method in IDEMPOTENT_METHODS


Flow = Generator[Call, httpx2.Response, T]


class VendorFault(errors.UnexpectedResponseError):
    """Raised by a flow that finds the vendor's answers unusable in a way only the flow can
    see (a listing that would never end) and does not know the vendor; the runner raises it
    on as an `UnexpectedResponseError` that names the vendor and the last exchange."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"unexpected response: {problem}", vendor="")
        self.problem = problem


@attrs.define
class _Exchange:
    """The last request a flow sent and the answer it got, for the error it may end in."""

    request: httpx2.Request | None = None
    response: httpx2.Response | None = None

    def leaving(
        self, error: errors.APIError, vendor: Vendor, redactor: Redactor
    ) -> errors.APIError:
        """`error` as it leaves the runner: a `VendorFault` made specific, and redacted."""
        if isinstance(error, VendorFault) and not error.vendor:
            error = self._fault(error, vendor.name)
        redactor.scrub(error, self.request)
        return error

    def _fault(self, fault: VendorFault, vendor: str) -> errors.UnexpectedResponseError:
        if self.response is None:
            return errors.UnexpectedResponseError(
                f"{vendor}: unexpected response: {fault.problem}", vendor=vendor
            )
        request = self.response.request
        return errors.UnexpectedResponseError(
            f"{vendor}: unexpected response to {request.method} {request.url.path}: "
            f"{fault.problem}",
            vendor=vendor,
            method=request.method,
            url=str(request.url),
            status_code=self.response.status_code,
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
        if not self.call.retryable or self.attempt >= limit:
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


def _with_hooks(
    hooks: dict[str, list[Callable[..., Any]]], more: dict[str, list[Callable[..., Any]]]
) -> dict[str, list[Callable[..., Any]]]:
    return {
        event: [*hooks.get(event, []), *more.get(event, [])] for event in ("request", "response")
    }


@attrs.define
class SyncRunner:
    http: httpx2.Client
    vendor: Vendor
    retry: RetryPolicy
    sleep: Callable[[float], None] = time.sleep
    random_fraction: Callable[[], float] = random.random
    pacer: Pacer | None = None
    redactor: Redactor = attrs.field(factory=Redactor)
    log: RunLog = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.log = RunLog(self.vendor, self.redactor)
        if self.pacer is not None:
            # Every request the client sends waits for the pacer right before it goes, an
            # auth flow's own ones too; `_send_once` answers those that failed.
            hooks = pacing_hooks(self.pacer, self.sleep, self.log.paced)
            self.http.event_hooks = _with_hooks(self.http.event_hooks, hooks)

    def run(self, flow: Flow[T]) -> T:
        exchange = _Exchange()
        try:
            call = next(flow)
            while True:
                exchange.request = call.request
                exchange.response = self.send(call)
                call = flow.send(exchange.response)
        except StopIteration as done:
            result: T = done.value
            return result
        except errors.APIError as error:
            leaving = exchange.leaving(error, self.vendor, self.redactor)
            self.log.unexpected(leaving)
            if leaving is error:
                raise
            raise leaving from None
        finally:
            flow.close()

    def send(self, call: Call) -> httpx2.Response:
        attempts = _Attempts(self.retry, call, self.random_fraction)
        while True:
            started = self.log.started()
            outcome = self._send_once(call)
            self.log.answered(call.request, outcome, started, attempts.attempt + 1)
            if isinstance(outcome, httpx2.Response):
                return outcome
            delay = attempts.next_delay(outcome)
            if delay is None:
                raise outcome
            self.log.retrying(call.request, outcome, delay, attempts.attempt)
            self.sleep(delay)

    def _send_once(self, call: Call) -> httpx2.Response | errors.APIError:
        if self.pacer is None:
            return self._exchange(call)
        with answering_every_send():
            return self._exchange(call)

    def _exchange(self, call: Call) -> httpx2.Response | errors.APIError:
        try:
            response = self.http.send(call.request, stream=call.stream)
        except errors.APIError as exc:
            # An auth flow's token request failed: retried (or not) like the call itself.
            return exc
        except errors.AttachkitError:
            raise
        except httpx2.HTTPError as exc:
            return transport_error(self.vendor, call.request, exc)
        if response.is_success:
            return response
        try:
            response.read()
        except httpx2.HTTPError as exc:
            return transport_error(self.vendor, call.request, exc)
        finally:
            response.close()
        return status_error(self.vendor, response)


@attrs.define
class AsyncRunner:
    http: httpx2.AsyncClient
    vendor: Vendor
    retry: RetryPolicy
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep
    random_fraction: Callable[[], float] = random.random
    pacer: Pacer | None = None
    redactor: Redactor = attrs.field(factory=Redactor)
    log: RunLog = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.log = RunLog(self.vendor, self.redactor)
        if self.pacer is not None:
            hooks = async_pacing_hooks(self.pacer, self.sleep, self.log.paced)
            self.http.event_hooks = _with_hooks(self.http.event_hooks, hooks)

    async def run(self, flow: Flow[T]) -> T:
        exchange = _Exchange()
        try:
            call = next(flow)
            while True:
                exchange.request = call.request
                exchange.response = await self.send(call)
                call = flow.send(exchange.response)
        except StopIteration as done:
            result: T = done.value
            return result
        except errors.APIError as error:
            leaving = exchange.leaving(error, self.vendor, self.redactor)
            self.log.unexpected(leaving)
            if leaving is error:
                raise
            raise leaving from None
        finally:
            flow.close()

    async def send(self, call: Call) -> httpx2.Response:
        attempts = _Attempts(self.retry, call, self.random_fraction)
        while True:
            started = self.log.started()
            outcome = await self._send_once(call)
            self.log.answered(call.request, outcome, started, attempts.attempt + 1)
            if isinstance(outcome, httpx2.Response):
                return outcome
            delay = attempts.next_delay(outcome)
            if delay is None:
                raise outcome
            self.log.retrying(call.request, outcome, delay, attempts.attempt)
            await self.sleep(delay)

    async def _send_once(self, call: Call) -> httpx2.Response | errors.APIError:
        if self.pacer is None:
            return await self._exchange(call)
        with answering_every_send():
            return await self._exchange(call)

    async def _exchange(self, call: Call) -> httpx2.Response | errors.APIError:
        try:
            response = await self.http.send(call.request, stream=call.stream)
        except errors.APIError as exc:
            # An auth flow's token request failed: retried (or not) like the call itself.
            return exc
        except errors.AttachkitError:
            raise
        except httpx2.HTTPError as exc:
            return transport_error(self.vendor, call.request, exc)
        if response.is_success:
            return response
        try:
            await response.aread()
        except httpx2.HTTPError as exc:
            return transport_error(self.vendor, call.request, exc)
        finally:
            await response.aclose()
        return status_error(self.vendor, response)
