"""Envi authentication: the password grant as an httpx2.Auth flow, refresh, 401s, concurrency."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit.envi import PUBLIC_CLIENT_ID, AsyncEnviClient, EnviClient
from attachkit_sandbox import sandbox_state
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from attachkit_sandbox.vendors.envi.auth import ENVI_LOCKED_USERNAME, ENVI_NO_ACCESS_USERNAME
from tests.facade.test_envi_support import (
    MOCK_URL,
    SANDBOX_URL,
    InProcess,
    Recorder,
    bearer,
    data_requests,
    form,
    grant_types,
    is_token_request,
    list_body,
    po_file_id,
    unauthorized,
)

CALLERS = 8
# Guards against a hang if the code under test deadlocks; never reached when it works.
GUARD_SECONDS = 30


def token_statuses(recorder: Recorder) -> list[int]:
    return [
        status
        for request, status in zip(recorder.requests, recorder.statuses, strict=True)
        if is_token_request(request)
    ]


# --- login ----------------------------------------------------------------------------------


def test_token_is_fetched_on_first_use() -> None:
    client, recorder = InProcess().client()
    with client:
        assert recorder.requests == []
        files = list(client.list_files(ENVI_PO_ID))
    assert len(files) == 17
    login, listing = recorder.requests
    assert (login.method, login.url.path) == ("POST", "/envi/oauth2/token")
    assert form(login) == {
        "grant_type": "password",
        "client_id": PUBLIC_CLIENT_ID,
        "username": ENVI_USERNAME,
        "password": ENVI_PASSWORD,
    }
    assert listing.headers["authorization"].startswith("Bearer ")


def test_organization_no_logs_into_that_organization() -> None:
    recorder = Recorder(SandboxTransport(InProcess().app))
    with EnviClient.from_password(
        SANDBOX_URL,
        username=ENVI_USERNAME,
        password=ENVI_PASSWORD,
        organization_no="2000",
        transport=recorder,
    ) as envi:
        files = envi.list_files(ENVI_PO_ID)
        assert list(files) == []
    assert files.total_count == 0
    assert form(recorder.requests[0])["organizationNo"] == "2000"


def test_api_version_and_token_go_with_every_data_request() -> None:
    client, recorder = InProcess().client()
    with client:
        files = list(client.list_files(ENVI_PO_ID, page_size=5))
        client.get_file(files[0].id)
        client.download(files[0])
    sent = data_requests(recorder.requests)
    assert len(sent) == 6  # four pages, metadata, content
    assert {request.headers["api-version"] for request in sent} == {"1.0"}
    assert len({bearer(request) for request in sent}) == 1


@pytest.mark.parametrize(
    ("username", "password", "organization_no", "error", "status", "message"),
    [
        (
            ENVI_USERNAME,
            "wrong",
            None,
            errors.AuthenticationError,
            400,
            "Provided password or login is incorrect or was mistyped.",
        ),
        (
            ENVI_LOCKED_USERNAME,
            ENVI_PASSWORD,
            None,
            errors.AuthenticationError,
            400,
            "This account has been locked. Check your email or contact your administrator "
            "to unlock it.",
        ),
        (
            ENVI_USERNAME,
            ENVI_PASSWORD,
            "3000",
            errors.AuthenticationError,
            400,
            "The user has no access to the organization '3000'.",
        ),
        (
            ENVI_NO_ACCESS_USERNAME,
            ENVI_PASSWORD,
            None,
            errors.PermissionDeniedError,
            403,
            "Forbidden: User doesn't have appropriate privileges.",
        ),
    ],
    ids=["wrong-password", "locked", "unknown-organization", "no-privileges"],
)
def test_refusals_carry_the_vendors_message(
    username: str,
    password: str,
    organization_no: str | None,
    error: type[errors.APIStatusError],
    status: int,
    message: str,
) -> None:
    sandbox = InProcess()
    auth = sandbox.auth(username=username, password=password, organization_no=organization_no)
    client, recorder = sandbox.client(auth=auth)
    with client, pytest.raises(error) as caught:
        client.get_file(po_file_id())
    assert type(caught.value) is error
    assert (caught.value.vendor, caught.value.status_code) == ("envi", status)
    assert caught.value.vendor_message == message
    assert message in str(caught.value)
    assert password not in str(caught.value)
    # The vendor's docs keep invalid_grant for "Grant Type is invalid."
    assert "invalid_grant" not in str(caught.value)
    assert len(grant_types(recorder.requests)) == 1  # a refusal is not retried


# --- refresh --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "grants"),
    [(50, ["password"]), (55, ["password", "refresh_token"])],
    ids=["still-fresh", "about-to-expire"],
)
def test_token_is_refreshed_shortly_before_it_expires(elapsed: int, grants: list[str]) -> None:
    sandbox = InProcess()  # tokens live 59 s, as in the vendor's example
    client, recorder = sandbox.client()
    with client:
        client.get_file(po_file_id())
        sandbox.clock.advance(elapsed)
        client.get_file(po_file_id())
    assert grant_types(recorder.requests) == grants
    assert 401 not in recorder.statuses


def test_each_refresh_uses_the_refresh_token_it_was_last_given() -> None:
    sandbox = InProcess()
    client, recorder = sandbox.client()
    with client:
        for _ in range(4):
            client.get_file(po_file_id())
            sandbox.clock.advance(58)
    # The sandbox accepts a refresh token once: reusing one would force a new login.
    assert grant_types(recorder.requests) == ["password"] + ["refresh_token"] * 3
    refresh_tokens = [
        form(r)["refresh_token"] for r in recorder.requests[2:] if is_token_request(r)
    ]
    assert len(set(refresh_tokens)) == 3
    assert set(token_statuses(recorder)) == {200}
    assert len({bearer(request) for request in data_requests(recorder.requests)}) == 4


def test_a_401_triggers_one_refresh_and_a_retry() -> None:
    answered = itertools.count()

    def expire_once(request: httpx2.Request) -> httpx2.Response | None:
        if not is_token_request(request) and next(answered) == 0:
            return unauthorized()
        return None

    client, recorder = InProcess().client(intercept=expire_once)
    with client:
        att = client.get_file(po_file_id())
    assert att.id == str(po_file_id())
    assert grant_types(recorder.requests) == ["password", "refresh_token"]
    first, retry = data_requests(recorder.requests)
    assert bearer(first) != bearer(retry)


def test_a_second_401_is_an_authentication_error() -> None:
    def always_expired(request: httpx2.Request) -> httpx2.Response | None:
        return None if is_token_request(request) else unauthorized()

    sleeps: list[float] = []
    client, recorder = InProcess().client(intercept=always_expired, sleep=sleeps.append)
    with client, pytest.raises(errors.AuthenticationError) as caught:
        client.get_file(po_file_id())
    assert caught.value.status_code == 401
    assert caught.value.vendor_message == "Unauthorized: The access token has expired."
    assert len(data_requests(recorder.requests)) == 2
    assert grant_types(recorder.requests) == ["password", "refresh_token"]
    assert sleeps == []


def test_a_rejected_refresh_falls_back_to_the_password_grant() -> None:
    sandbox = InProcess()
    client, recorder = sandbox.client()
    with client:
        client.get_file(po_file_id())
        sandbox_state(sandbox.app).reset()  # the server forgets every token it issued
        client.get_file(po_file_id())
    assert grant_types(recorder.requests) == ["password", "refresh_token", "password"]
    assert token_statuses(recorder) == [200, 400, 200]


def test_an_expired_refresh_token_falls_back_to_the_password_grant() -> None:
    sandbox = InProcess(settings=EnviSettings(refresh_lifetime=30))
    client, recorder = sandbox.client()
    with client:
        client.get_file(po_file_id())
        sandbox.clock.advance(58)
        client.get_file(po_file_id())
    assert grant_types(recorder.requests) == ["password", "refresh_token", "password"]
    assert 401 not in recorder.statuses


@pytest.mark.anyio
async def test_async_client_refreshes_and_retries_too() -> None:
    sandbox = InProcess()
    client, recorder = sandbox.async_client()
    async with client:
        await client.get_file(po_file_id())
        sandbox.clock.advance(55)
        await client.get_file(po_file_id())
        sandbox_state(sandbox.app).reset()
        await client.get_file(po_file_id())
    assert grant_types(recorder.requests) == [
        "password",
        "refresh_token",
        "refresh_token",  # rejected after the reset...
        "password",  # ...so the client logs in again
    ]


# --- concurrency ----------------------------------------------------------------------------


def test_threads_wait_for_one_token_request() -> None:
    token_requested, release = threading.Event(), threading.Event()

    def hold_the_login(request: httpx2.Request) -> None:
        if is_token_request(request):
            token_requested.set()
            assert release.wait(GUARD_SECONDS)

    client, recorder = InProcess().client(intercept=hold_the_login)
    started = threading.Barrier(CALLERS + 1, timeout=GUARD_SECONDS)

    def call() -> str:
        started.wait()
        return client.get_file(po_file_id()).id

    with client, ThreadPoolExecutor(CALLERS) as pool:
        futures = [pool.submit(call) for _ in range(CALLERS)]
        started.wait()
        assert token_requested.wait(GUARD_SECONDS)
        release.set()
        ids = {future.result(GUARD_SECONDS) for future in futures}
    assert ids == {str(po_file_id())}
    assert grant_types(recorder.requests) == ["password"]
    assert len(data_requests(recorder.requests)) == CALLERS


@pytest.mark.anyio
async def test_tasks_wait_for_one_token_request() -> None:
    async def hold_the_login(request: httpx2.Request) -> None:
        if is_token_request(request):
            await anyio.wait_all_tasks_blocked()  # every other task is waiting now

    client, recorder = InProcess().async_client(intercept=hold_the_login)
    async with client, anyio.create_task_group() as tasks:
        for _ in range(CALLERS):
            tasks.start_soon(client.get_file, po_file_id())
    assert grant_types(recorder.requests) == ["password"]
    assert len(data_requests(recorder.requests)) == CALLERS


def test_concurrent_401s_refresh_once() -> None:
    client, recorder = InProcess().client()
    with client:
        client.get_file(po_file_id())
        stale = bearer(recorder.requests[-1])
        all_rejected = threading.Barrier(CALLERS, timeout=GUARD_SECONDS)

        def reject_stale(request: httpx2.Request) -> httpx2.Response | None:
            if is_token_request(request) or bearer(request) != stale:
                return None
            all_rejected.wait()  # every caller holds a 401 for the same token
            return unauthorized()

        recorder.intercept = reject_stale
        with ThreadPoolExecutor(CALLERS) as pool:
            results = list(pool.map(lambda _: client.get_file(po_file_id()), range(CALLERS)))
    assert len(results) == CALLERS
    assert grant_types(recorder.requests) == ["password", "refresh_token"]


@pytest.mark.anyio
async def test_concurrent_async_401s_refresh_once() -> None:
    client, recorder = InProcess().async_client()
    async with client:
        await client.get_file(po_file_id())
        stale = bearer(recorder.requests[-1])
        rejected = 0
        all_rejected = anyio.Event()

        async def reject_stale(request: httpx2.Request) -> httpx2.Response | None:
            nonlocal rejected
            if is_token_request(request):
                await anyio.wait_all_tasks_blocked()  # give every other caller its turn
                return None
            if bearer(request) != stale:
                return None
            rejected += 1
            if rejected == CALLERS:
                all_rejected.set()
            await all_rejected.wait()
            return unauthorized()

        recorder.intercept = reject_stale
        with anyio.fail_after(GUARD_SECONDS):
            async with anyio.create_task_group() as tasks:
                for _ in range(CALLERS):
                    tasks.start_soon(client.get_file, po_file_id())
    assert rejected == CALLERS
    assert grant_types(recorder.requests) == ["password", "refresh_token"]


# --- tokens given by the caller ---------------------------------------------------------------


def test_a_token_provider_is_asked_before_every_request() -> None:
    tokens = (f"token-{n}" for n in itertools.count())
    seen: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers["authorization"])
        return httpx2.Response(200, json=list_body([]))

    transport = httpx2.MockTransport(handler)
    with EnviClient(MOCK_URL, token=lambda: next(tokens), transport=transport) as envi:
        list(envi.list_files(ENVI_PO_ID))
        list(envi.list_files(ENVI_PO_ID))
    assert seen == ["Bearer token-0", "Bearer token-1"]


@pytest.mark.anyio
async def test_async_client_takes_a_static_token() -> None:
    seen: list[str] = []

    async def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers["authorization"])
        return httpx2.Response(200, json=list_body([]))

    transport = httpx2.MockTransport(handler)
    async with AsyncEnviClient(MOCK_URL, token="static", transport=transport) as envi:
        assert [att async for att in envi.list_files(ENVI_PO_ID)] == []
    assert seen == ["Bearer static"]


# --- token endpoint answers that do not match the spec ------------------------------------------


def token_endpoint(*answers: httpx2.Response) -> tuple[httpx2.MockTransport, list[httpx2.Request]]:
    """A MockTransport whose token endpoint gives `answers` in turn; data calls succeed."""
    pending: Iterator[httpx2.Response] = iter(answers)
    requests: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        if is_token_request(request):
            return next(pending)
        return httpx2.Response(200, json=list_body([]))

    return httpx2.MockTransport(handler), requests


def token(**fields: Any) -> httpx2.Response:
    body = {"access_token": "a-token", "token_type": "bearer", "expires_in": 59, **fields}
    return httpx2.Response(200, json={k: v for k, v in body.items() if v is not None})


def password_client(transport: httpx2.MockTransport, **options: Any) -> EnviClient:
    return EnviClient.from_password(
        MOCK_URL, username="user", password="pw", transport=transport, **options
    )


@pytest.mark.parametrize(
    "answer",
    [
        token(access_token=None),
        token(access_token=42),
        token(expires_in="59"),
        token(expires_in=True),
        token(refresh_token=7),
        token(token_type=None),
        httpx2.Response(200, json=[]),
        httpx2.Response(200, text="<html>Sign in</html>", headers={"content-type": "text/html"}),
        httpx2.Response(200, text='{"access_token": "a-tok'),
    ],
    ids=[
        "no-access-token",
        "access-token-int",
        "expires-in-string",
        "expires-in-bool",
        "refresh-token-int",
        "no-token-type",
        "array",
        "html",
        "truncated",
    ],
)
def test_unusable_token_responses_are_unexpected(answer: httpx2.Response) -> None:
    transport, requests = token_endpoint(answer)
    with (
        password_client(transport) as envi,
        pytest.raises(errors.UnexpectedResponseError) as caught,
    ):
        list(envi.list_files(ENVI_PO_ID))
    assert (caught.value.vendor, caught.value.status_code) == ("envi", 200)
    assert caught.value.url == f"{MOCK_URL}/oauth2/token"
    assert len(requests) == 1


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (
            httpx2.Response(400, json={"error": "invalid_grant"}),
            errors.AuthenticationError,
            "invalid_grant",
        ),
        (
            httpx2.Response(400, json={"error": {"code": "Maintenance", "message": "Back soon"}}),
            errors.BadRequestError,
            "Maintenance: Back soon",
        ),
        (httpx2.Response(400, text="<html>Bad Request</html>"), errors.BadRequestError, None),
    ],
    ids=["no-description", "odata-shape", "html"],
)
def test_token_refusals_keep_their_status_and_message(
    answer: httpx2.Response, error: type[errors.APIStatusError], message: str | None
) -> None:
    transport, _ = token_endpoint(answer)
    with password_client(transport) as envi, pytest.raises(error) as caught:
        list(envi.list_files(ENVI_PO_ID))
    assert type(caught.value) is error
    assert caught.value.status_code == 400
    assert caught.value.vendor_message == message


def test_a_failing_token_endpoint_is_retried_like_the_call() -> None:
    unavailable = httpx2.Response(503, text="<html>Service Unavailable</html>")
    transport, requests = token_endpoint(unavailable, token())
    sleeps: list[float] = []
    with password_client(transport, sleep=sleeps.append) as envi:
        assert list(envi.list_files(ENVI_PO_ID)) == []
    assert len(sleeps) == 1
    assert grant_types(requests) == ["password", "password"]
