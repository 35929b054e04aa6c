"""The runner: which failures are retried, how long it waits, and how errors are mapped."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import RetryPolicy, errors
from attachkit._core.pacing import Pacer
from attachkit._core.runner import AsyncRunner, Call, Flow, SyncRunner, Vendor, status_error
from attachkit_sandbox.testing import FakeClock
from tests.unit.scripted import Answer, Script, Sleeps, json_response

URL = "https://vendor.example/things"


def _message(body: object) -> str | None:
    return body.get("message") if isinstance(body, dict) else None


VENDOR = Vendor("test", _message)


def one_call(
    method: str = "GET", max_retries: int | None = None, stream: bool = False
) -> Flow[httpx2.Response]:
    response = yield Call(httpx2.Request(method, URL), stream=stream, max_retries=max_retries)
    return response


def runner(
    *answers: Answer,
    policy: RetryPolicy | None = None,
    pacer: Pacer | None = None,
    clock: FakeClock | None = None,
) -> tuple[SyncRunner, Script, Sleeps]:
    transport, sleeps = Script(*answers), Sleeps(None if clock is None else clock.advance)
    sync = SyncRunner(
        httpx2.Client(transport=transport),
        VENDOR,
        policy or RetryPolicy(),
        sleep=sleeps,
        random_fraction=lambda: 1.0,  # the largest jitter: waits of 0.375 s, 0.75 s, ...
        pacer=pacer,
    )
    return sync, transport, sleeps


def failure(status: int, headers: dict[str, str] | None = None) -> httpx2.Response:
    return json_response(status, {"message": f"failed with {status}"}, headers)


OK = json_response(200, {"ok": True})

RETRYABLE: list[Any] = [
    pytest.param(failure(408), id="408"),
    pytest.param(failure(429), id="429"),
    pytest.param(failure(500), id="500"),
    pytest.param(failure(502), id="502"),
    pytest.param(failure(503), id="503"),
    pytest.param(failure(504), id="504"),
    pytest.param(httpx2.ConnectError("refused"), id="connect-error"),
    pytest.param(httpx2.ConnectTimeout("connect timeout"), id="connect-timeout"),
    pytest.param(httpx2.ReadTimeout("read timeout"), id="read-timeout"),
    pytest.param(httpx2.RemoteProtocolError("server disconnected"), id="disconnected"),
]


@pytest.mark.parametrize("answer", RETRYABLE)
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])
def test_transient_failures_of_idempotent_calls_are_retried(answer: Answer, method: str) -> None:
    sync, transport, sleeps = runner(answer, answer, OK)
    assert sync.run(one_call(method)).status_code == 200
    assert len(transport.requests) == 3
    assert sleeps.waits == [0.375, 0.75]


@pytest.mark.parametrize("answer", RETRYABLE)
@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_calls_that_are_not_idempotent_are_never_retried(answer: Answer, method: str) -> None:
    sync, transport, sleeps = runner(answer, OK)
    with pytest.raises(errors.APIError):
        sync.run(one_call(method))
    assert len(transport.requests) == 1
    assert sleeps.waits == []


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 409, 410, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    sync, transport, sleeps = runner(failure(status), OK)
    with pytest.raises(errors.APIStatusError) as caught:
        sync.run(one_call())
    assert caught.value.status_code == status
    assert len(transport.requests) == 1
    assert sleeps.waits == []


@pytest.mark.parametrize(
    ("answer", "error_class"),
    [
        (failure(503), errors.ServerError),
        (failure(429), errors.RateLimitError),
        (failure(408), errors.APIStatusError),
        (httpx2.ReadTimeout("slow"), errors.APITimeoutError),
        (httpx2.ConnectError("refused"), errors.APIConnectionError),
    ],
)
def test_the_last_failure_is_raised_when_retries_run_out(
    answer: Answer, error_class: type[errors.APIError]
) -> None:
    sync, transport, sleeps = runner(answer)
    with pytest.raises(error_class) as caught:
        sync.run(one_call())
    assert caught.value.vendor == "test"
    assert (caught.value.method, caught.value.url) == ("GET", URL)
    assert len(transport.requests) == 3
    assert sleeps.waits == [0.375, 0.75]


def test_waits_grow_exponentially_to_the_cap() -> None:
    policy = RetryPolicy(max_retries=6, initial_delay=1.0, max_delay=5.0, jitter=0.0)
    sync, _transport, sleeps = runner(failure(500), policy=policy)
    with pytest.raises(errors.ServerError):
        sync.run(one_call())
    assert sleeps.waits == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


def test_jitter_spreads_the_waits() -> None:
    transport, sleeps = Script(failure(500)), Sleeps()
    fractions = iter([0.0, 0.5, 1.0])
    sync = SyncRunner(
        httpx2.Client(transport=transport),
        VENDOR,
        RetryPolicy(max_retries=3),
        sleep=sleeps,
        random_fraction=lambda: next(fractions),
    )
    with pytest.raises(errors.ServerError):
        sync.run(one_call())
    assert sleeps.waits == [0.5, 0.875, 1.5]


@pytest.mark.parametrize(
    ("policy_retries", "call_retries", "requests"),
    [(2, None, 3), (0, None, 1), (5, None, 6), (0, 2, 3), (5, 0, 1)],
)
def test_max_retries_per_policy_and_per_call(
    policy_retries: int, call_retries: int | None, requests: int
) -> None:
    policy = RetryPolicy(max_retries=policy_retries)
    sync, transport, _sleeps = runner(failure(503), policy=policy)
    with pytest.raises(errors.ServerError):
        sync.run(one_call(max_retries=call_retries))
    assert len(transport.requests) == requests


@pytest.mark.parametrize(
    ("header", "wait"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("60", 60.0),
        ("an hour from now", None),  # over the cap
    ],
)
def test_retry_after_is_honoured_up_to_the_cap(header: str, wait: float | None) -> None:
    if header == "an hour from now":  # a date, made when the test runs, not when collected
        header = email.utils.formatdate(time.time() + 3600, usegmt=True)
    sync, transport, sleeps = runner(failure(429, {"Retry-After": header}), OK)
    if wait is None:
        with pytest.raises(errors.RateLimitError) as caught:
            sync.run(one_call())
        assert caught.value.retry_after is not None
        assert caught.value.retry_after > 3500
        assert sleeps.waits == []
        assert len(transport.requests) == 1
    else:
        assert sync.run(one_call()).status_code == 200
        assert sleeps.waits == [wait]


def test_a_longer_retry_after_raises_at_once_with_the_wait() -> None:
    sync, transport, sleeps = runner(failure(429, {"Retry-After": "1256"}), OK)
    with pytest.raises(errors.RateLimitError) as caught:
        sync.run(one_call())
    assert caught.value.retry_after == 1256.0
    assert caught.value.vendor_message == "failed with 429"
    assert len(transport.requests) == 1
    assert sleeps.waits == []


def test_a_503_with_retry_after_waits_as_asked() -> None:
    sync, transport, sleeps = runner(failure(503, {"Retry-After": "4"}), OK)
    assert sync.run(one_call()).status_code == 200
    assert sleeps.waits == [4.0]
    assert len(transport.requests) == 2


def test_a_503_asking_for_too_long_a_wait_raises_a_server_error_with_it() -> None:
    sync, transport, sleeps = runner(failure(503, {"Retry-After": "600"}), OK)
    with pytest.raises(errors.ServerError) as caught:
        sync.run(one_call())
    assert caught.value.retry_after == 600.0
    assert len(transport.requests) == 1
    assert sleeps.waits == []


def test_the_cap_is_configurable() -> None:
    policy = RetryPolicy(max_retry_after=2000)
    sync, _transport, sleeps = runner(failure(429, {"Retry-After": "1256"}), OK, policy=policy)
    assert sync.run(one_call()).status_code == 200
    assert sleeps.waits == [1256.0]


def test_a_429_without_retry_after_backs_off() -> None:
    sync, _transport, sleeps = runner(failure(429), failure(429), failure(429))
    with pytest.raises(errors.RateLimitError) as caught:
        sync.run(one_call())
    assert caught.value.retry_after is None
    assert sleeps.waits == [0.375, 0.75]


def test_the_pacer_is_waited_for_before_each_send() -> None:
    clock = FakeClock()
    pacer = Pacer([(2, 1.0)], clock=clock)
    transport, waits = Script(OK), []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    sync = SyncRunner(httpx2.Client(transport=transport), VENDOR, RetryPolicy(), sleep, pacer=pacer)
    for _ in range(5):
        sync.run(one_call())
    assert waits == [1.0, 1.0]  # the third and fifth sends waited for a free slot


def test_a_failed_send_frees_its_place_in_the_window_when_it_fails() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)
    sync, transport, sleeps = runner(httpx2.ConnectError("refused"), OK, pacer=pacer, clock=clock)
    assert sync.run(one_call()).status_code == 200
    assert len(transport.requests) == 2
    # The backoff, then what is left of the window that opened when the first send failed.
    assert sleeps.waits == pytest.approx([0.375, 0.625])
    assert pacer.in_flight == 0


def test_a_send_that_raises_still_frees_its_place() -> None:
    clock = FakeClock()
    pacer = Pacer([(1, 1.0)], clock=clock)

    def broken(request: httpx2.Request) -> httpx2.Response:
        raise RuntimeError("a bug in a transport")

    sync = SyncRunner(
        httpx2.Client(transport=httpx2.MockTransport(broken)), VENDOR, RetryPolicy(), pacer=pacer
    )
    with pytest.raises(RuntimeError, match="a bug in a transport"):
        sync.run(one_call())
    assert pacer.in_flight == 0


def test_a_streamed_error_is_read_for_its_message() -> None:
    sync, _transport, _sleeps = runner(failure(404))
    with pytest.raises(errors.NotFoundError) as caught:
        sync.run(one_call(stream=True))
    assert caught.value.vendor_message == "failed with 404"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.PaymentRequiredError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.APIStatusError),
        (408, errors.APIStatusError),
    ],
)
def test_status_errors(status: int, error_class: type[errors.APIStatusError]) -> None:
    response = failure(status)
    response.request = httpx2.Request("GET", URL)
    error = status_error(VENDOR, response)
    assert type(error) is error_class
    assert isinstance(error, errors.AttachkitError)
    assert (error.status_code, error.vendor, error.vendor_message) == (
        status,
        "test",
        f"failed with {status}",
    )
    assert str(error) == f"test: HTTP {status} for GET /things: failed with {status}"
    assert error.body == f'{{"message":"failed with {status}"}}'


def test_a_vendor_message_that_cannot_be_read_is_left_out() -> None:
    def broken(body: object) -> str | None:
        raise KeyError("message")

    # A JSON body, so the vendor's reader runs (and fails).
    response = httpx2.Response(500, text='{"message": "oops"}')
    response.request = httpx2.Request("GET", URL)
    error = status_error(Vendor("test", broken), response)
    assert (str(error), error.vendor_message) == ("test: HTTP 500 for GET /things", None)


def async_runner(
    *answers: Answer, pacer: Pacer | None = None, clock: FakeClock | None = None
) -> tuple[AsyncRunner, Script, Sleeps]:
    transport, sleeps = Script(*answers), Sleeps(None if clock is None else clock.advance)
    runner = AsyncRunner(
        httpx2.AsyncClient(transport=transport),
        VENDOR,
        RetryPolicy(),
        sleep=sleeps.async_sleep,
        random_fraction=lambda: 1.0,
        pacer=pacer,
    )
    return runner, transport, sleeps


@pytest.mark.anyio
async def test_the_async_runner_retries_alike() -> None:
    runner, transport, sleeps = async_runner(httpx2.ConnectError("x"), failure(503), OK)
    assert (await runner.run(one_call())).status_code == 200
    assert len(transport.requests) == 3
    assert sleeps.waits == [0.375, 0.75]


@pytest.mark.anyio
async def test_the_async_runner_does_not_retry_post() -> None:
    runner, transport, sleeps = async_runner(failure(503), OK)
    with pytest.raises(errors.ServerError):
        await runner.run(one_call("POST"))
    assert len(transport.requests) == 1
    assert sleeps.waits == []


@pytest.mark.anyio
async def test_the_async_runner_honours_retry_after_up_to_the_cap() -> None:
    runner, _transport, sleeps = async_runner(failure(429, {"Retry-After": "3"}), OK)
    assert (await runner.run(one_call())).status_code == 200
    assert sleeps.waits == [3.0]
    runner, _transport, sleeps = async_runner(failure(429, {"Retry-After": "61"}), OK)
    with pytest.raises(errors.RateLimitError) as caught:
        await runner.run(one_call())
    assert caught.value.retry_after == 61.0
    assert sleeps.waits == []


@pytest.mark.anyio
async def test_the_async_runner_waits_for_the_pacer() -> None:
    clock = FakeClock()
    runner, _transport, sleeps = async_runner(OK, pacer=Pacer([(1, 2.0)], clock=clock), clock=clock)
    for _ in range(3):
        await runner.run(one_call())
    assert sleeps.waits == [2.0, 2.0]  # each send waits for the one before to leave the window


class _Unanswered(httpx2.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")


@pytest.mark.anyio
async def test_a_cancelled_send_frees_its_place_in_the_window() -> None:
    pacer = Pacer([(1, 60.0)])
    runner = AsyncRunner(
        httpx2.AsyncClient(transport=_Unanswered()), VENDOR, RetryPolicy(), pacer=pacer
    )
    with anyio.move_on_after(0.05):
        await runner.run(one_call())
    assert pacer.in_flight == 0
    # Counted from when it was given up: a minute, not forever.
    assert 59 < pacer.reserve() <= 60
