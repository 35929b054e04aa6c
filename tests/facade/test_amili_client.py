"""Amili client behaviour a cassette cannot hold: the exact query on the wire, bad input,
off-spec bodies, token providers and expiry, retries, timeouts and secrets."""

from __future__ import annotations

import base64
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.amili import AmiliAuth, AmiliClient, AsyncAmiliClient
from attachkit_amili_client.models import OsFile
from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from tests.support.models import attachment
from tests.unit.scripted import BrokenStream, Script, Sleeps, json_response

BASE_URL = "https://armrest.example/api"
CONTENT = b"%PDF-1.4 invoice"
STATIC_TOKEN = "static-token"


def os_file(name: object = "Faktura 1.pdf", content: object = None, **extra: Any) -> Any:
    encoded = base64.b64encode(CONTENT).decode() if content is None else content
    return {"clientNo": AMILI_CLIENT_NO, "name": name, "content": encoded, **extra}


def files_body(*files: Any, total: int | None = None) -> dict[str, Any]:
    listed = list(files) or [os_file()]
    count = len(listed) if total is None else total
    return {"summary": {"totalCount": count, "maximumCount": 10}, "files": listed}


def ok(*files: Any, total: int | None = None) -> httpx2.Response:
    return json_response(200, files_body(*files, total=total))


def client(
    transport: Script, token: str | Callable[[], str] = STATIC_TOKEN, **options: Any
) -> AmiliClient:
    return AmiliClient(BASE_URL, token=token, transport=transport, sleep=Sleeps(), **options)


def only_attachment(transport: Script, **filters: Any) -> Attachment:
    with client(transport) as amili:
        (attachment,) = amili.list_files(AMILI_CLIENT_NO, **filters)
    return attachment


def other_vendor(vendor: str) -> Attachment:
    return attachment(vendor=vendor, id="1", name="a.pdf", size=1)


# --- the query on the wire ------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "query"),
    [
        ({}, {}),
        ({"log_item_id": 9100001}, {"logitemid": "9100001"}),
        ({"type": "Invoice"}, {"type": "Invoice"}),
        ({"name": "Faktura 1.pdf"}, {"name": "Faktura 1.pdf"}),
        ({"reference_no": 350023}, {"referenceno": "350023"}),
        ({"reference_no": 0}, {"referenceno": "0"}),
        ({"job_queue_id": 44001}, {"jobqueueid": "44001"}),
        ({"document_no": "350023"}, {"documentno": "350023"}),
        ({"serialize": "batch-01"}, {"serialize": "batch-01"}),
        ({"regenerate": True}, {"regenerate": "true"}),
        ({"regenerate": False}, {"regenerate": "false"}),
        (
            {"type": "Invoice", "reference_no": 7, "regenerate": True},
            {"type": "Invoice", "referenceno": "7", "regenerate": "true"},
        ),
    ],
)
def test_filters_reach_the_wire_under_the_vendor_names(
    filters: dict[str, Any], query: dict[str, str]
) -> None:
    transport = Script(ok())
    only_attachment(transport, **filters)
    request = transport.only
    assert request.method == "GET"
    assert request.url.path == f"/api/clients/{AMILI_CLIENT_NO}/files"
    assert dict(request.url.params) == query
    assert request.headers["authorization"] == "Bearer static-token"


def test_list_files_is_lazy() -> None:
    transport = Script(ok())
    with client(transport) as amili:
        files = amili.list_files(AMILI_CLIENT_NO)
        assert transport.requests == []
        assert files.total_count == 1  # read before iterating: the first page is loaded
        assert len(transport.requests) == 1
        assert len(list(files)) == 1  # and the first iteration starts from it
        assert len(transport.requests) == 1
        list(files)  # each further iteration asks again
    assert len(transport.requests) == 2
    assert files.total_count == 1


# --- bad input --------------------------------------------------------------------------


BAD_ARGUMENTS = [
    pytest.param(("2218",), {}, id="client_no-str"),
    pytest.param((None,), {}, id="client_no-none"),
    pytest.param((2218.0,), {}, id="client_no-float"),
    pytest.param((True,), {}, id="client_no-bool"),
    pytest.param((2218,), {"log_item_id": True}, id="log_item_id-bool"),
    pytest.param((2218,), {"log_item_id": "9100001"}, id="log_item_id-str"),
    pytest.param((2218,), {"reference_no": 1.5}, id="reference_no-float"),
    pytest.param((2218,), {"job_queue_id": "44001"}, id="job_queue_id-str"),
    pytest.param((2218,), {"type": 1}, id="type-int"),
    pytest.param((2218,), {"name": b"a.pdf"}, id="name-bytes"),
    pytest.param((2218,), {"document_no": 350023}, id="document_no-int"),
    pytest.param((2218,), {"serialize": ["batch"]}, id="serialize-list"),
    pytest.param((2218,), {"regenerate": "true"}, id="regenerate-str"),
    pytest.param((2218,), {"regenerate": 1}, id="regenerate-int"),
]


@pytest.mark.parametrize(("args", "kwargs"), BAD_ARGUMENTS)
def test_wrong_argument_types_are_refused_before_any_request(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    transport = Script(ok())
    with client(transport) as amili, pytest.raises(TypeError):
        amili.list_files(*args, **kwargs)
    with pytest.raises(TypeError):
        AsyncAmiliClient(BASE_URL, token="t", transport=transport).list_files(*args, **kwargs)
    assert transport.requests == []


@pytest.mark.parametrize(
    ("attachment", "error"),
    [
        pytest.param("Faktura 1.pdf", TypeError, id="str"),
        pytest.param(None, TypeError, id="none"),
        pytest.param(other_vendor("envi"), ValueError, id="envi"),
        pytest.param(other_vendor("altegio"), ValueError, id="altegio"),
        pytest.param(other_vendor("amili"), TypeError, id="amili-without-raw"),
    ],
)
def test_download_refuses_what_is_not_an_amili_attachment(
    attachment: Any, error: type[Exception], tmp_path: Path
) -> None:
    with client(Script(ok())) as amili:
        with pytest.raises(error):
            amili.download(attachment)
        with pytest.raises(error):
            amili.save(attachment, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        pytest.param({"base_url": None, "token": "t"}, TypeError, id="base_url-none"),
        pytest.param({"base_url": "armrest.example", "token": "t"}, ValueError, id="relative"),
        pytest.param({"base_url": "ftp://armrest.example", "token": "t"}, ValueError, id="ftp"),
        pytest.param({"base_url": BASE_URL, "token": ""}, ValueError, id="empty-token"),
        pytest.param({"base_url": BASE_URL, "token": 42}, TypeError, id="token-int"),
        pytest.param({"base_url": BASE_URL, "token": "t", "timeout": -1}, ValueError, id="timeout"),
    ],
)
def test_constructor_arguments_are_checked(
    arguments: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        AmiliClient(**arguments)


def test_save_into_a_path_that_is_a_file(tmp_path: Path) -> None:
    attachment = only_attachment(Script(ok()))
    blocker = tmp_path / "taken"
    blocker.write_bytes(b"keep")
    with client(Script(ok())) as amili:
        with pytest.raises(errors.UnsafePathError):
            amili.save(attachment, blocker)
        with pytest.raises(errors.UnsafePathError):
            amili.save(attachment, blocker / "below")
    assert [path.name for path in tmp_path.iterdir()] == ["taken"]
    assert blocker.read_bytes() == b"keep"


# --- off-spec bodies --------------------------------------------------------------------


def _raw(content: bytes, content_type: str = "application/json") -> httpx2.Response:
    return httpx2.Response(200, content=content, headers={"content-type": content_type})


OFF_SPEC = [
    pytest.param(_raw(b"<html><body>Maintenance</body></html>", "text/html"), id="html"),
    pytest.param(_raw(b""), id="empty"),
    pytest.param(_raw(b'{"summary": {"totalCount": 1'), id="truncated-json"),
    pytest.param(_raw(b"\xff\xfe not utf-8"), id="not-utf8"),
    pytest.param(json_response(200, None), id="null"),
    pytest.param(json_response(200, [os_file()]), id="array"),
    pytest.param(json_response(200, {"files": [os_file()]}), id="no-summary"),
    pytest.param(json_response(200, {"summary": {"totalCount": 1}}), id="no-files"),
    pytest.param(json_response(200, {"summary": [], "files": []}), id="summary-array"),
    pytest.param(
        json_response(200, {"summary": {"totalCount": "1", "maximumCount": 10}, "files": []}),
        id="total-str",
    ),
    pytest.param(
        json_response(200, {"summary": {"totalCount": True, "maximumCount": 10}, "files": []}),
        id="total-bool",
    ),
    pytest.param(
        json_response(200, {"summary": {"totalCount": 1, "maximumCount": 10}, "files": {}}),
        id="files-object",
    ),
    pytest.param(ok("not a file"), id="file-str"),
    pytest.param(ok(None), id="file-null"),
    pytest.param(ok({"clientNo": 1, "content": ""}), id="no-name"),
    pytest.param(ok({"clientNo": 1, "name": "a.pdf"}), id="no-content"),
    pytest.param(ok({"name": "a.pdf", "content": ""}), id="no-clientNo"),
    pytest.param(ok(os_file(name=7)), id="name-int"),
    pytest.param(ok(os_file(content=12)), id="content-int"),
    pytest.param(ok(os_file(clientNo="2218")), id="clientNo-str"),
    pytest.param(ok(os_file(logItemId="9100001")), id="logItemId-str"),
    pytest.param(ok(os_file(referenceNo=1.5)), id="referenceNo-float"),
    pytest.param(ok(os_file(extension=["pdf"])), id="extension-list"),
    pytest.param(ok(os_file(description=False)), id="description-bool"),
]


@pytest.mark.parametrize("response", OFF_SPEC)
def test_off_spec_bodies_are_unexpected_responses(response: httpx2.Response) -> None:
    with client(Script(response)) as amili, pytest.raises(errors.UnexpectedResponseError) as caught:
        list(amili.list_files(AMILI_CLIENT_NO))
    assert caught.value.vendor == "amili"
    assert caught.value.status_code == 200
    assert caught.value.method == "GET"


@pytest.mark.anyio
async def test_off_spec_bodies_are_unexpected_responses_async() -> None:
    transport = Script(_raw(b"<html>oops</html>", "text/html"))
    async with AsyncAmiliClient(BASE_URL, token="t", transport=transport) as amili:
        with pytest.raises(errors.UnexpectedResponseError):
            [attachment async for attachment in amili.list_files(AMILI_CLIENT_NO)]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("not base64!", id="bad-characters"),
        pytest.param("YWJj\nZGVm", id="newline"),
        pytest.param("YWJjZA", id="no-padding"),
        pytest.param("YWJjZA=", id="short-padding"),
        pytest.param("====", id="only-padding"),
        pytest.param("YW=j", id="padding-inside"),
        pytest.param("YWJj2A==\u00e6", id="non-ascii"),
    ],
)
def test_invalid_base64_lists_but_cannot_be_downloaded(content: str, tmp_path: Path) -> None:
    transport = Script(ok(os_file("broken.pdf", content), os_file("fine.pdf")))
    with client(transport) as amili:
        broken, fine = amili.list_files(AMILI_CLIENT_NO)
        # One broken file does not hide the others.
        assert broken.size is None
        assert amili.download(fine) == CONTENT
        assert fine.size == len(CONTENT)
        with pytest.raises(errors.UnexpectedResponseError, match="not valid base64"):
            amili.download(broken)
        with pytest.raises(errors.UnexpectedResponseError):
            amili.save(broken, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "size"),
    [("", None), ("YQ==", 1), ("YWI=", 2), ("YWJj", 3), ("YWJjZA==", 4)],
)
def test_size_is_the_decoded_length(content: str, size: int | None) -> None:
    attachment = only_attachment(Script(ok(os_file("a.bin", content))))
    assert attachment.size == size


# --- vendor errors, retries, timeouts ---------------------------------------------------


def _problem(status: int, detail: str) -> httpx2.Response:
    body = {"type": "about:blank", "title": "Error", "status": status, "detail": detail}
    return httpx2.Response(status, json=body, headers={"content-type": "application/problem+json"})


@pytest.mark.parametrize(
    ("response", "error_class", "vendor_message", "attempts"),
    [
        (
            _problem(400, "The value 'x' is not valid."),
            errors.BadRequestError,
            "The value 'x' is not valid.",
            1,
        ),
        (
            _problem(401, "The token has expired."),
            errors.AuthenticationError,
            "The token has expired.",
            1,
        ),
        (
            _problem(403, "No access to client 1."),
            errors.PermissionDeniedError,
            "No access to client 1.",
            1,
        ),
        (
            _problem(404, "Client 1 was not found."),
            errors.NotFoundError,
            "Client 1 was not found.",
            1,
        ),
        (_problem(500, "Boom"), errors.ServerError, "Boom", 3),
        (httpx2.Response(502, text="<html>Bad gateway</html>"), errors.ServerError, None, 3),
        (httpx2.Response(503, text="try later"), errors.ServerError, "try later", 3),
        (_problem(429, "Slow down"), errors.RateLimitError, "Slow down", 3),
        (_problem(408, "Too slow"), errors.APIStatusError, "Too slow", 3),
    ],
)
def test_error_statuses(
    response: httpx2.Response,
    error_class: type[errors.APIStatusError],
    vendor_message: str | None,
    attempts: int,
) -> None:
    transport = Script(response)
    with client(transport) as amili, pytest.raises(error_class) as caught:
        list(amili.list_files(AMILI_CLIENT_NO))
    error = caught.value
    assert (error.vendor, error.status_code, error.vendor_message) == (
        "amili",
        response.status_code,
        vendor_message,
    )
    assert str(error).startswith(f"amili: HTTP {response.status_code} for GET /api/clients/")
    assert len(transport.requests) == attempts


def test_transient_failures_are_retried_with_growing_waits() -> None:
    sleeps = Sleeps()
    transport = Script(httpx2.ConnectError("refused"), _problem(503, "busy"), ok())
    with AmiliClient(BASE_URL, token="t", transport=transport, sleep=sleeps) as amili:
        assert len(list(amili.list_files(AMILI_CLIENT_NO))) == 1
    assert len(transport.requests) == 3
    # Exponential backoff (0.5 s, then 1 s) less up to 25 % jitter.
    assert 0.375 <= sleeps.waits[0] <= 0.5
    assert 0.75 <= sleeps.waits[1] <= 1.0


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "requests"),
    [(None, None, 3), (0, None, 1), (5, None, 6), (0, 3, 4), (4, 0, 1)],
)
def test_max_retries_per_client_and_per_call(
    client_retries: int | None, call_retries: int | None, requests: int
) -> None:
    transport = Script(httpx2.ReadTimeout("slow"))
    options: dict[str, Any] = {} if client_retries is None else {"max_retries": client_retries}
    with client(transport, **options) as amili, pytest.raises(errors.APITimeoutError):
        list(amili.list_files(AMILI_CLIENT_NO, max_retries=call_retries))
    assert len(transport.requests) == requests


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (None, {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}),
        (5, {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}),
        (
            httpx2.Timeout(30.0, connect=2.0, read=120.0),
            {"connect": 2.0, "read": 120.0, "write": 30.0, "pool": 30.0},
        ),
    ],
)
def test_timeouts_are_configurable(timeout: Any, expected: dict[str, float]) -> None:
    transport = Script(ok())
    options = {} if timeout is None else {"timeout": timeout}
    with client(transport, **options) as amili:
        list(amili.list_files(AMILI_CLIENT_NO))
    assert transport.only.extensions["timeout"] == expected


# --- tokens -------------------------------------------------------------------------------


class Tokens:
    """A token provider that hands out the given tokens in order and counts its calls."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = list(tokens)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return self.tokens.pop(0)


def _bearers(transport: Script) -> list[str]:
    return [request.headers["authorization"] for request in transport.requests]


def test_a_token_provider_is_asked_once_and_its_token_reused() -> None:
    provider = Tokens(mint_amili_token([AMILI_CLIENT_NO], lifetime_s=3600), "unused")
    transport = Script(ok())
    with client(transport, token=provider) as amili:
        assert provider.calls == 0  # not before the first request
        list(amili.list_files(AMILI_CLIENT_NO))
        list(amili.list_files(AMILI_CLIENT_NO))
    assert provider.calls == 1
    assert len(set(_bearers(transport))) == 1


def test_a_rejected_token_is_replaced_once() -> None:
    provider = Tokens("first-token", "second-token")
    transport = Script(_problem(401, "The token has expired."), ok())
    with client(transport, token=provider) as amili:
        assert len(list(amili.list_files(AMILI_CLIENT_NO))) == 1
    assert _bearers(transport) == ["Bearer first-token", "Bearer second-token"]


def test_a_second_rejection_is_an_authentication_error() -> None:
    provider = Tokens("first-token", "second-token", "third-token")
    transport = Script(_problem(401, "The token signature is invalid."))
    with client(transport, token=provider) as amili, pytest.raises(errors.AuthenticationError):
        list(amili.list_files(AMILI_CLIENT_NO))
    assert _bearers(transport) == ["Bearer first-token", "Bearer second-token"]
    assert provider.calls == 2


def test_a_static_token_is_not_retried_after_a_401() -> None:
    transport = Script(_problem(401, "The token has expired."))
    with client(transport) as amili, pytest.raises(errors.AuthenticationError):
        list(amili.list_files(AMILI_CLIENT_NO))
    assert len(transport.requests) == 1


@pytest.mark.parametrize("token", [None, "", 42])
def test_a_provider_returning_no_token(token: Any) -> None:
    transport = Script(ok())
    with client(transport, token=lambda: token) as amili, pytest.raises(TypeError):
        list(amili.list_files(AMILI_CLIENT_NO))
    assert transport.requests == []


def test_an_expired_jwt_is_replaced_before_it_is_sent() -> None:
    clock = FakeClock()
    provider = Tokens(
        mint_amili_token([AMILI_CLIENT_NO], lifetime_s=600, now=clock()),
        mint_amili_token([AMILI_CLIENT_NO], lifetime_s=600, now=clock() + 700),
    )
    first, second = provider.tokens
    transport = Script(httpx2.Response(200))
    with httpx2.Client(auth=AmiliAuth(provider, clock=clock), transport=transport) as http:
        http.get(f"{BASE_URL}/clients/1/files")
        clock.advance(500)  # still valid (more than the 30 s margin left)
        http.get(f"{BASE_URL}/clients/1/files")
        clock.advance(200)  # `exp` has passed
        http.get(f"{BASE_URL}/clients/1/files")
    assert _bearers(transport) == [f"Bearer {first}", f"Bearer {first}", f"Bearer {second}"]
    assert provider.calls == 2


def test_a_jwt_about_to_expire_is_replaced_through_the_client() -> None:
    # The client reads the real clock: a token with 10 s left is inside the 30 s margin.
    expiring = mint_amili_token([AMILI_CLIENT_NO], lifetime_s=10)
    fresh = mint_amili_token([AMILI_CLIENT_NO], lifetime_s=3600)
    provider = Tokens(expiring, fresh)
    transport = Script(ok())
    with client(transport, token=provider) as amili:
        list(amili.list_files(AMILI_CLIENT_NO))
        list(amili.list_files(AMILI_CLIENT_NO))
        list(amili.list_files(AMILI_CLIENT_NO))
    assert _bearers(transport) == [f"Bearer {expiring}", f"Bearer {fresh}", f"Bearer {fresh}"]


@pytest.mark.anyio
async def test_the_async_client_replaces_a_rejected_token() -> None:
    provider = Tokens("first-token", "second-token")
    transport = Script(_problem(401, "The token has expired."), ok())
    async with AsyncAmiliClient(BASE_URL, token=provider, transport=transport) as amili:
        names = [attachment.name async for attachment in amili.list_files(AMILI_CLIENT_NO)]
    assert names == ["Faktura 1.pdf"]
    assert _bearers(transport) == ["Bearer first-token", "Bearer second-token"]


def test_tokens_stay_out_of_errors_logs_and_reprs(caplog: pytest.LogCaptureFixture) -> None:
    secret = mint_amili_token([AMILI_CLIENT_NO], lifetime_s=3600)
    transport = Script(
        ok(),
        _problem(500, "Internal error"),
        httpx2.ConnectError("refused"),
        _problem(401, "The token has expired."),
    )
    caplog.set_level(logging.DEBUG)
    failures: list[errors.AttachkitError] = []
    with AmiliClient(BASE_URL, token=lambda: secret, transport=transport, sleep=Sleeps()) as amili:
        (attachment,) = amili.list_files(AMILI_CLIENT_NO)
        for _ in range(2):
            try:
                list(amili.list_files(AMILI_CLIENT_NO, max_retries=1))
            except errors.AttachkitError as caught:
                failures.append(caught)
        shown = [repr(amili), str(amili), repr(attachment), repr(AmiliAuth(secret))]
    assert [type(failure) for failure in failures] == [
        errors.APIConnectionError,
        errors.AuthenticationError,
    ]
    assert all(
        request.headers["authorization"] == f"Bearer {secret}" for request in transport.requests
    )
    for failure in failures:
        shown += [str(failure), repr(failure), repr(vars(failure))]
    shown.append(caplog.text)
    for text in shown:
        assert secret not in text
        assert secret.split(".")[2] not in text  # not even the signature


# --- client lifecycle ---------------------------------------------------------------------


def test_sync_and_async_clients_have_the_same_methods() -> None:
    def public(cls: type) -> dict[str, bool]:
        return {
            name: inspect.iscoroutinefunction(member)
            for name, member in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")
        }

    sync, asynchronous = public(AmiliClient), public(AsyncAmiliClient)
    assert set(sync) - {"close"} == set(asynchronous) - {"aclose"}
    assert {"list_files", "download", "open", "save"} <= set(sync)
    assert [name for name, is_coroutine in asynchronous.items() if is_coroutine] == [
        "aclose",
        "download",
        "save",
    ]
    for name in ("list_files", "download", "open", "save"):
        sync_parameters = list(inspect.signature(getattr(AmiliClient, name)).parameters)
        async_parameters = list(inspect.signature(getattr(AsyncAmiliClient, name)).parameters)
        assert sync_parameters == async_parameters


def test_the_context_manager_closes_the_connections() -> None:
    transport = Script(ok())
    with client(transport) as amili:
        assert isinstance(amili, AmiliClient)
        assert not transport.closed
    assert transport.closed


@pytest.mark.anyio
async def test_the_async_context_manager_closes_the_connections() -> None:
    transport = Script(ok())
    async with AsyncAmiliClient(BASE_URL, token="t", transport=transport) as amili:
        assert isinstance(amili, AsyncAmiliClient)
        assert not transport.closed
    assert transport.closed


def test_clients_share_no_state() -> None:
    first_transport, second_transport = Script(ok()), Script(_problem(404, "gone"))
    first = client(first_transport, token="token-one", max_retries=0)
    second = client(second_transport, token="token-two", max_retries=5)
    with second, pytest.raises(errors.NotFoundError):
        list(second.list_files(AMILI_CLIENT_NO))
    with first:  # closing `second` left `first` usable
        list(first.list_files(AMILI_CLIENT_NO))
    assert _bearers(first_transport) == ["Bearer token-one"]
    assert _bearers(second_transport) == ["Bearer token-two"]


def test_a_connection_lost_mid_body_is_a_connection_error() -> None:
    transport = Script(lambda request: httpx2.Response(200, stream=BrokenStream(b'{"summary"')))
    with client(transport, max_retries=1) as amili, pytest.raises(errors.APIConnectionError):
        list(amili.list_files(AMILI_CLIENT_NO))
    assert len(transport.requests) == 2


def test_raw_keeps_the_generated_model() -> None:
    attachment = only_attachment(
        Script(ok(os_file(type="Invoice", externalMemo="memo", arAccountNo=500002)))
    )
    assert isinstance(attachment.raw, OsFile)
    assert (attachment.raw.type_, attachment.raw.external_memo) == ("Invoice", "memo")
    assert attachment.raw.ar_account_no == 500002
