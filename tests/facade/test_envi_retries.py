"""Envi retries: which failures are retried, backoff with jitter, Retry-After, max_retries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from attachkit import RetryPolicy, errors
from attachkit.envi import EnviClient
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.facade.test_envi_support import (
    ENTITY_ID,
    FILE_ID,
    async_token_client,
    attachment,
    file_record,
    list_body,
    password_client,
    token_client,
)
from tests.support.targets import Target


class Scripted:
    """A MockTransport handler: fails with `failures` in turn, then answers as Envi would."""

    def __init__(self, *failures: BaseException | httpx2.Response) -> None:
        self.failures = list(failures)
        self.sent = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.sent += 1
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, BaseException):
                raise failure
            return failure
        if request.url.path.endswith("/content"):
            return httpx2.Response(200, content=b"%PDF-1.7 ...")
        if request.url.path.endswith("/metadata"):
            return httpx2.Response(200, json=file_record())
        return httpx2.Response(200, json=list_body([file_record()]))


def status(code: int, **headers: str) -> httpx2.Response:
    body = {"error": {"code": "Failure", "message": f"status {code}"}}
    return httpx2.Response(code, json=body, headers=headers)


def client(handler: Scripted, **options: Any) -> tuple[EnviClient, list[float]]:
    """A client over `handler` whose sleeps between retries are only recorded."""
    sleeps: list[float] = []
    return token_client(handler, sleep=sleeps.append, **options), sleeps


def first_chunk(envi: EnviClient, **options: Any) -> bytes:
    with envi.open(attachment(), **options) as chunks:
        return next(chunks)


RETRYABLE = {
    "connect-error": httpx2.ConnectError("refused"),
    "read-timeout": httpx2.ReadTimeout("slow"),
    "disconnect": httpx2.RemoteProtocolError("server disconnected"),
    "408": status(408),
    "429": status(429),
    "500": status(500),
    "502": status(502),
    "503": status(503),
    "504": status(504),
}


@pytest.mark.parametrize("failure", RETRYABLE.values(), ids=RETRYABLE.keys())
def test_retryable_failures_are_retried(failure: BaseException | httpx2.Response) -> None:
    handler = Scripted(failure)
    envi, sleeps = client(handler)
    with envi:
        assert envi.get_file(FILE_ID).id == str(FILE_ID)
    assert handler.sent == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (status(400), errors.BadRequestError),
        (status(401), errors.AuthenticationError),
        (status(403), errors.PermissionDeniedError),
        (status(404), errors.NotFoundError),
        (httpx2.Response(200, text="<html>"), errors.UnexpectedResponseError),
    ],
)
def test_other_failures_are_not_retried(
    failure: httpx2.Response, error: type[errors.APIError]
) -> None:
    handler = Scripted(failure)
    envi, sleeps = client(handler)
    with envi, pytest.raises(error):
        envi.get_file(FILE_ID)
    assert handler.sent == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "operation",
    [
        lambda envi: list(envi.list_files(ENTITY_ID)),
        lambda envi: envi.download(attachment()),
        lambda envi: envi.get_file(FILE_ID),
    ],
    ids=["list_files", "download", "get_file"],
)
def test_every_operation_is_retried(operation: Callable[[EnviClient], object]) -> None:
    handler = Scripted(status(503), httpx2.ConnectError("refused"))
    envi, sleeps = client(handler)
    with envi:
        operation(envi)
    assert handler.sent == 3
    assert len(sleeps) == 2


def test_backoff_doubles_within_its_jitter() -> None:
    handler = Scripted(*(status(503) for _ in range(5)))
    envi, sleeps = client(handler, max_retries=5)
    with envi:
        envi.get_file(FILE_ID)
    bases = [0.5, 1.0, 2.0, 4.0, 8.0]
    assert len(sleeps) == 5
    for slept, base in zip(sleeps, bases, strict=True):
        assert base * 0.75 <= slept <= base


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(initial_delay=1.0, max_delay=5.0, jitter=0.5)
    assert [policy.backoff(attempt, 0.0) for attempt in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert [policy.backoff(attempt, 1.0) for attempt in range(4)] == [0.5, 1.0, 2.0, 2.5]


def test_retry_after_is_honoured() -> None:
    handler = Scripted(status(429, **{"Retry-After": "7"}))
    envi, sleeps = client(handler)
    with envi:
        envi.get_file(FILE_ID)
    assert sleeps == [7.0]


def test_a_longer_retry_after_than_the_cap_raises_at_once() -> None:
    quota = httpx2.Response(
        429,
        text="API calls quota exceeded! Maximum admitted 100 per Minute.",
        headers={"Retry-After": "1256"},
    )
    handler = Scripted(quota)
    envi, sleeps = client(handler)
    with envi, pytest.raises(errors.RateLimitError) as caught:
        envi.get_file(FILE_ID)
    assert caught.value.retry_after == 1256.0
    assert (
        caught.value.vendor_message == "API calls quota exceeded! Maximum admitted 100 per Minute."
    )
    assert handler.sent == 1
    assert sleeps == []


def test_the_retry_after_cap_is_configurable() -> None:
    handler = Scripted(status(429, **{"Retry-After": "1256"}))
    envi, sleeps = client(handler, retry=RetryPolicy(max_retry_after=3600))
    with envi:
        envi.get_file(FILE_ID)
    assert sleeps == [1256.0]


def test_when_retries_run_out_the_last_error_is_raised() -> None:
    handler = Scripted(*(status(429, **{"Retry-After": "2"}) for _ in range(3)))
    envi, sleeps = client(handler)
    with envi, pytest.raises(errors.RateLimitError) as caught:
        envi.get_file(FILE_ID)
    assert caught.value.retry_after == 2.0
    assert handler.sent == 3  # the default: two retries
    assert sleeps == [2.0, 2.0]


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "requests"),
    [(None, None, 3), (0, None, 1), (4, None, 5), (0, 3, 4), (5, 0, 1)],
)
def test_max_retries_per_client_and_per_call(
    client_retries: int | None, call_retries: int | None, requests: int
) -> None:
    handler = Scripted(*(status(500) for _ in range(10)))
    options = {} if client_retries is None else {"max_retries": client_retries}
    envi, sleeps = client(handler, **options)
    with envi, pytest.raises(errors.ServerError):
        envi.get_file(FILE_ID, max_retries=call_retries)
    assert handler.sent == requests
    assert len(sleeps) == requests - 1


@pytest.mark.parametrize(
    "operation",
    [
        lambda envi: list(envi.list_files(ENTITY_ID, max_retries=3)),
        lambda envi: envi.download(attachment(), max_retries=3),
        lambda envi: first_chunk(envi, max_retries=3),
    ],
    ids=["list_files", "download", "open"],
)
def test_per_call_max_retries_reaches_every_request(
    operation: Callable[[EnviClient], object],
) -> None:
    handler = Scripted(*(status(500) for _ in range(10)))
    envi, _ = client(handler, max_retries=0)
    with envi, pytest.raises(errors.ServerError):
        operation(envi)
    assert handler.sent == 4


@pytest.mark.anyio
async def test_async_client_retries_with_its_own_sleep() -> None:
    failures: list[BaseException | httpx2.Response] = [status(503), httpx2.ReadTimeout("slow")]
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def handler(request: httpx2.Request) -> httpx2.Response:
        if failures:
            failure = failures.pop(0)
            if isinstance(failure, BaseException):
                raise failure
            return failure
        return httpx2.Response(200, json=file_record())

    async with async_token_client(handler, sleep=sleep) as envi:
        assert (await envi.get_file(FILE_ID)).id == str(FILE_ID)
    assert len(sleeps) == 2


@pytest.mark.vcr
def test_a_quota_answer_from_the_sandbox_is_waited_out(envi_target: Target) -> None:
    sleeps: list[float] = []
    quota_once = {"X-Sandbox-Fault": "status=429;retry-after=3;times=1"}
    with password_client(envi_target, headers=quota_once, sleep=sleeps.append) as envi:
        assert len(list(envi.list_files(ENVI_PO_ID))) == 17
    assert sleeps == [3.0]
