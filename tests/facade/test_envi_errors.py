"""Envi failures: every one is an attachkit error with vendor, status and the vendor's message;
bodies off the spec are UnexpectedResponseError; no secret is ever shown."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator

import httpx2
import pytest

from attachkit import errors
from attachkit.envi import EnviClient, EnviPasswordAuth, EnviTokenAuth
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.facade.test_envi_support import (
    ENTITY_ID,
    FILE_ID,
    MOCK_URL,
    SECRET_TOKEN,
    InProcess,
    attachment,
    data_requests,
    file_record,
    is_token_request,
    list_body,
    password_client,
    po_file_id,
    token_client,
    unauthorized,
)
from tests.support.targets import Target

Operation = Callable[[EnviClient], object]
OPERATIONS: dict[str, Operation] = {
    "list_files": lambda envi: list(envi.list_files(ENTITY_ID)),
    "get_file": lambda envi: envi.get_file(FILE_ID),
    "download": lambda envi: envi.download(attachment()),
}


def answer(
    body: bytes | str | object, status: int = 200
) -> Callable[[httpx2.Request], httpx2.Response]:
    """A handler that gives every request the same body (JSON unless bytes or str)."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        if isinstance(body, bytes | str):
            return httpx2.Response(status, content=body, headers={"content-type": "text/html"})
        return httpx2.Response(status, json=body)

    return handler


# --- bodies that do not match the spec --------------------------------------------------------

MALFORMED_LISTS = {
    "html": b"<html><body>Service Unavailable</body></html>",
    "truncated": b'{"@odata.count": 3, "value": [{"fileId": ',
    "not-utf8": b'{"value": "\xff"}',
    "deeply-nested": b"[" * 100_000,
    "array": [],
    "no-value": {"@odata.count": 0},
    "value-not-array": {"value": "files"},
    "value-null": {"value": None},
    "record-not-object": {"value": [17]},
    "record-without-id": {"value": [{k: v for k, v in file_record().items() if k != "fileId"}]},
    "id-not-uuid": list_body([file_record(fileId="file-1")]),
    "id-number": list_body([file_record(fileId=1)]),
    "name-number": list_body([file_record(fileName=42)]),
    "size-string": list_body([file_record(fileSize="48213")]),
    "size-bool": list_body([file_record(fileSize=True)]),
    "date-garbage": list_body([file_record(dateCreated="yesterday")]),
    "date-number": list_body([file_record(lastUpdated=1700000000)]),
    "entity-type-number": list_body([file_record(entityTypeValue=1)]),
    "status-object": list_body([file_record(fileStatus={"code": 1})]),
    "count-string": {"@odata.count": "3", "value": []},
    "next-link-number": {"value": [], "@odata.nextLink": 2},
}

MALFORMED_RECORDS = {
    "html": b"<!DOCTYPE html><html><body>Sign in</body></html>",
    "empty": b"",
    "array": [file_record()],
    "no-id": {k: v for k, v in file_record().items() if k != "fileId"},
    "no-name": {k: v for k, v in file_record().items() if k != "fileName"},
    "name-null": file_record(fileName=None),
    "size-float": file_record(fileSize=1.5),
    "created-by-number": file_record(createdBy=7),
    "date-garbage": file_record(dateCreated="2026-13-45T99:00:00Z"),
}


@pytest.mark.parametrize("body", MALFORMED_LISTS.values(), ids=MALFORMED_LISTS.keys())
def test_malformed_list_is_unexpected_response(body: object) -> None:
    with (
        token_client(answer(body)) as envi,
        pytest.raises(errors.UnexpectedResponseError) as caught,
    ):
        list(envi.list_files(ENTITY_ID))
    error = caught.value
    assert (error.vendor, error.status_code, error.method) == ("envi", 200, "GET")
    assert error.url == f"{MOCK_URL}/odata/FileAttachments({ENTITY_ID})?%24top=500"


@pytest.mark.parametrize("body", MALFORMED_RECORDS.values(), ids=MALFORMED_RECORDS.keys())
def test_malformed_metadata_is_unexpected_response(body: object) -> None:
    with (
        token_client(answer(body)) as envi,
        pytest.raises(errors.UnexpectedResponseError) as caught,
    ):
        envi.get_file(FILE_ID)
    assert (caught.value.vendor, caught.value.status_code) == ("envi", 200)
    assert caught.value.url.endswith(f"/odata/FileAttachments/{FILE_ID}/metadata")


def test_an_html_page_from_the_sandbox_is_unexpected_response() -> None:
    client, _ = InProcess().client(headers={"X-Sandbox-Fault": "html"})
    with client, pytest.raises(errors.UnexpectedResponseError) as caught:
        list(client.list_files(ENVI_PO_ID))
    assert "not JSON (text/html)" in str(caught.value)


# --- error statuses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (400, errors.BadRequestError, "BadRequest: Bad Request"),
        (403, errors.PermissionDeniedError, "Forbidden: Forbidden"),
        (404, errors.NotFoundError, "NotFound: Not Found"),
        (408, errors.APIStatusError, "RequestTimeout: Request Timeout"),
        (409, errors.ConflictError, "Conflict: Conflict"),
        (429, errors.RateLimitError, "API calls quota exceeded! Maximum admitted 1000 per Hour."),
        (500, errors.ServerError, "InternalServerError: Internal Server Error"),
        (503, errors.ServerError, "ServiceUnavailable: Service Unavailable"),
    ],
)
@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_error_statuses_carry_vendor_status_and_message(
    operation: Operation, status: int, error: type[errors.APIStatusError], message: str
) -> None:
    client, recorder = InProcess().client(
        headers={"X-Sandbox-Fault": f"status={status}"}, max_retries=0
    )
    with client, pytest.raises(error) as caught:
        operation(client)
    assert type(caught.value) is error
    assert (caught.value.vendor, caught.value.status_code) == ("envi", status)
    assert caught.value.vendor_message == message
    assert str(caught.value).startswith(f"envi: HTTP {status} for GET /envi/odata/")
    assert str(caught.value).endswith(message)
    assert len(data_requests(recorder.requests)) == 1


@pytest.mark.vcr
def test_an_invalid_filter_is_a_bad_request(envi_target: Target) -> None:
    with password_client(envi_target) as envi, pytest.raises(errors.BadRequestError) as caught:
        list(
            envi.list_files(
                ENVI_PO_ID, filter="fileType eq 'pdf' and fileSize eq 1 or fileSize eq 2"
            )
        )
    assert caught.value.status_code == 400
    assert caught.value.vendor_message == (
        "BadRequest: Combining 'and' with 'or' in one $filter is not supported."
    )


@pytest.mark.vcr
def test_a_wrong_password_is_an_authentication_error(envi_target: Target) -> None:
    with (
        EnviClient.from_password(
            envi_target.base_url, username=envi_target.credentials["username"], password="not-it"
        ) as envi,
        pytest.raises(errors.AuthenticationError) as caught,
    ):
        envi.get_file(po_file_id())
    assert (caught.value.vendor, caught.value.status_code) == ("envi", 400)
    # The docs' explanation for "invalid cred.", which they list apart from invalid_grant.
    assert caught.value.vendor_message == (
        "Provided password or login is incorrect or was mistyped."
    )
    assert "invalid_grant" not in str(caught.value)


TRANSPORT_FAILURES = [
    (httpx2.ConnectError("connection refused"), errors.APIConnectionError),
    (httpx2.RemoteProtocolError("server disconnected"), errors.APIConnectionError),
    (httpx2.ReadError("connection reset"), errors.APIConnectionError),
    (httpx2.ConnectTimeout("connect timed out"), errors.APITimeoutError),
    (httpx2.ReadTimeout("read timed out"), errors.APITimeoutError),
]


@pytest.mark.parametrize(("failure", "error"), TRANSPORT_FAILURES)
@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_transport_failures_are_connection_errors(
    operation: Operation, failure: httpx2.HTTPError, error: type[errors.APIConnectionError]
) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise failure

    with token_client(handler, max_retries=0) as envi, pytest.raises(error) as caught:
        operation(envi)
    assert type(caught.value) is error
    assert (caught.value.vendor, caught.value.method) == ("envi", "GET")


# --- secrets --------------------------------------------------------------------------------

PASSWORD = "hunter2-correct-horse"
ACCESS_TOKEN = "access-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c"
REFRESH_TOKEN = "refresh-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
SECRETS = (PASSWORD, ACCESS_TOKEN, REFRESH_TOKEN, SECRET_TOKEN)


def login_then(
    data: httpx2.Response, refresh: httpx2.Response | None = None
) -> httpx2.MockTransport:
    """Logs in with the secret tokens, then answers every data request with `data`."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        if is_token_request(request):
            if b"grant_type=refresh_token" in request.content and refresh is not None:
                return refresh
            body = {
                "access_token": ACCESS_TOKEN,
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": REFRESH_TOKEN,
            }
            return httpx2.Response(200, json=body)
        return data

    return httpx2.MockTransport(handler)


def token_body_cut_short() -> httpx2.Response:
    return httpx2.Response(200, text=json.dumps({"access_token": ACCESS_TOKEN})[:-3])


SCENARIOS: dict[str, tuple[httpx2.MockTransport, type[errors.AttachkitError]]] = {
    "401-twice": (login_then(unauthorized()), errors.AuthenticationError),
    "refresh-refused": (
        login_then(
            unauthorized(),
            httpx2.Response(400, json={"error": "invalid_grant", "error_description": "Nope."}),
        ),
        errors.AuthenticationError,
    ),
    "server-error": (login_then(httpx2.Response(500, text="Internal error")), errors.ServerError),
    "quota": (
        login_then(httpx2.Response(429, text="quota", headers={"Retry-After": "1256"})),
        errors.RateLimitError,
    ),
    "token-cut-short": (
        httpx2.MockTransport(lambda request: token_body_cut_short()),
        errors.UnexpectedResponseError,
    ),
}


def chain(error: BaseException) -> Iterator[BaseException]:
    current: BaseException | None = error
    while current is not None:
        yield current
        current = current.__cause__ or current.__context__


def shown(error: BaseException) -> str:
    """Everything an exception shows: messages and reprs, causes included, and every
    attribute of attachkit's own exceptions (status, URL, body...)."""
    parts: list[str] = []
    for link in chain(error):
        parts += [str(link), repr(link), *map(str, link.args)]
        if isinstance(link, errors.AttachkitError):
            parts += [str(value) for value in vars(link).values()]
    return "\n".join(parts)


@pytest.mark.parametrize(("transport", "error"), SCENARIOS.values(), ids=SCENARIOS.keys())
def test_no_secret_in_errors_reprs_or_logs(
    transport: httpx2.MockTransport,
    error: type[errors.AttachkitError],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    auth = EnviPasswordAuth(MOCK_URL, username="buyer@example.com", password=PASSWORD)
    with EnviClient(MOCK_URL, auth=auth, transport=transport, max_retries=0) as envi:
        with pytest.raises(error) as caught:
            envi.get_file(FILE_ID)
        visible = [shown(caught.value), repr(envi), repr(auth), caplog.text]
    assert caplog.records  # the requests were logged, so the check below means something
    for text in visible:
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.parametrize(
    "auth",
    [EnviTokenAuth(SECRET_TOKEN), EnviTokenAuth(lambda: SECRET_TOKEN)],
    ids=["token", "provider"],
)
def test_token_auth_repr_hides_the_token(auth: EnviTokenAuth) -> None:
    with EnviClient(MOCK_URL, auth=auth) as envi:
        assert SECRET_TOKEN not in repr(auth) + repr(envi)


def test_client_repr_names_the_host_only() -> None:
    with token_client(answer({})) as envi:
        assert repr(envi) == f"EnviClient(base_url='{MOCK_URL}')"


@pytest.mark.parametrize(("token", "masked"), [("t", False), ("not", False), ("tion", True)])
def test_a_secret_shorter_than_four_characters_is_not_searched_for(
    token: str, masked: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    message = "The attachment was not found: no file with this identification"
    body = {"error": {"code": "NotFound", "message": message}}

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(404, json=body)

    transport = httpx2.MockTransport(handler)
    with (
        EnviClient(MOCK_URL, token=token, transport=transport) as envi,
        pytest.raises(errors.NotFoundError) as caught,
    ):
        envi.get_file(FILE_ID)
    shown_message = caught.value.vendor_message or ""
    if masked:  # a real credential is masked wherever it appears, even inside words
        assert shown_message == f"NotFound: {message}".replace(token, "***")
    else:  # a short one would blur every message: it is left alone
        assert shown_message == f"NotFound: {message}"
        assert "***" not in str(caught.value) + caplog.text
