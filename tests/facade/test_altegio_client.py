"""Altegio client behaviour a cassette cannot hold: the headers on every call, login and
re-login, 200 answers with `success: false`, off-spec bodies, download links that point
elsewhere, bad input and secrets."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.altegio import AltegioAuth, AltegioClient, AsyncAltegioClient, parse_size
from attachkit_altegio_client.models import ClientFile
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_USER_TOKEN,
)
from tests.support.models import attachment
from tests.support.records import documented_record
from tests.unit.scripted import BrokenStream, Script, Sleeps, json_response

API = "https://api.altegio.example/api"
WEB = "https://web.altegio.example/app"
ACCEPT = "application/vnd.api.v2+json"
PARTNER = "partner-secret-token"
USER = "user-secret-token"
SANDBOX_API = f"{IN_PROCESS_BASE_URL}/altegio"
SANDBOX_WEB = f"{IN_PROCESS_BASE_URL}/altegio-web"


def client_file(**fields: Any) -> dict[str, Any]:
    return documented_record("altegio", "ClientFile", **{"client_id": ALTEGIO_CLIENT_ID, **fields})


def listing(*files: Any) -> httpx2.Response:
    data = list(files) if files else [client_file()]
    return json_response(200, {"success": True, "data": data, "meta": {"count": len(data)}})


def login_answer(token: str = USER) -> httpx2.Response:
    return json_response(201, {"success": True, "data": {"id": 1, "user_token": token}, "meta": []})


def client(transport: httpx2.BaseTransport, **options: Any) -> AltegioClient:
    settings: dict[str, Any] = {
        "partner_token": PARTNER,
        "user_token": USER,
        "base_url": API,
        "web_base_url": WEB,
        "rate_limits": None,
        "sleep": Sleeps(),
    }
    return AltegioClient(transport=transport, **{**settings, **options})


def only_attachment(**fields: Any) -> Attachment:
    with client(Script(listing(client_file(**fields)))) as altegio:
        (attachment,) = altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)
    return attachment


class Passthrough(httpx2.BaseTransport):
    """Sends to the in-process sandbox and keeps a copy of every request."""

    def __init__(self) -> None:
        self.inner = SandboxTransport(create_app(SandboxConfig(rate_limits=False)))
        self.requests: list[httpx2.Request] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(
            httpx2.Request(request.method, request.url, headers=request.headers.copy())
        )
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def sandbox() -> Iterator[Passthrough]:
    transport = Passthrough()
    yield transport
    transport.close()


# --- the two tokens and the v2 Accept header ---------------------------------------------


def test_every_call_carries_both_tokens_and_the_v2_accept_header(sandbox: Passthrough) -> None:
    with AltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        base_url=SANDBOX_API,
        web_base_url=SANDBOX_WEB,
        transport=sandbox,
        rate_limits=None,
    ) as altegio:
        attachments = list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
        altegio.download(attachments[0])
        altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 789)
        list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))
    calls = [(request.method, request.url.path) for request in sandbox.requests]
    assert calls == [
        ("POST", "/altegio/v1/auth"),
        ("GET", f"/altegio/v1/company/456/clients/files/{ALTEGIO_CLIENT_ID}"),
        ("GET", "/altegio-web/client_files/download/456/123/"),
        ("DELETE", f"/altegio/v1/company/456/clients/files/{ALTEGIO_CLIENT_ID}/789"),
        ("GET", f"/altegio/v1/company/456/clients/files/{ALTEGIO_CLIENT_ID}"),
    ]
    login, *data_calls = sandbox.requests
    assert login.headers["authorization"] == f"Bearer {ALTEGIO_PARTNER_TOKEN}"
    for request in data_calls:
        assert request.headers["authorization"] == (
            f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_USER_TOKEN}"
        )
    for request in sandbox.requests:
        assert request.headers["accept"] == ACCEPT
        assert request.headers["content-type"] == "application/json"


def test_a_user_token_needs_no_login(sandbox: Passthrough) -> None:
    with AltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=SANDBOX_API,
        transport=sandbox,
        rate_limits=None,
    ) as altegio:
        assert len(list(altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID))) == 4
    assert [request.method for request in sandbox.requests] == ["GET"]


def test_the_default_host_is_the_vendors() -> None:
    transport = Script(listing())
    with AltegioClient(
        partner_token=PARTNER, user_token=USER, transport=transport, rate_limits=None
    ) as altegio:
        list(altegio.list_files(1, 2))
    assert str(transport.only.url) == "https://api.alteg.io/api/v1/company/1/clients/files/2"


@pytest.mark.anyio
async def test_the_async_client_sends_the_same_headers() -> None:
    transport = Script(login_answer(), listing(), httpx2.Response(202, json={"success": True}))
    async with AsyncAltegioClient.from_login(
        PARTNER, ALTEGIO_LOGIN, "pw", base_url=API, transport=transport, rate_limits=None
    ) as altegio:
        assert [att.id async for att in altegio.list_files(1, 2)] == ["123"]
        await altegio.delete_file(1, 2, 123)
    login, *data_calls = transport.requests
    assert login.headers["authorization"] == f"Bearer {PARTNER}"
    assert [request.headers["authorization"] for request in data_calls] == [
        f"Bearer {PARTNER}, User {USER}"
    ] * 2
    assert {request.headers["accept"] for request in transport.requests} == {ACCEPT}


# --- login --------------------------------------------------------------------------------


def test_a_rejected_user_token_gets_one_new_login() -> None:
    transport = Script(
        login_answer("old-user-token"),
        json_response(401, {"success": False, "data": None, "meta": {"message": "Expired"}}),
        login_answer("new-user-token"),
        listing(),
    )
    with AltegioClient.from_login(
        PARTNER, "owner", "pw", base_url=API, transport=transport, rate_limits=None
    ) as altegio:
        assert len(list(altegio.list_files(1, 2))) == 1
    assert [request.method for request in transport.requests] == ["POST", "GET", "POST", "GET"]
    assert (
        transport.requests[3].headers["authorization"] == f"Bearer {PARTNER}, User new-user-token"
    )


def test_the_login_happens_once_for_many_calls() -> None:
    transport = Script(login_answer(), listing())
    with AltegioClient.from_login(
        PARTNER, "owner", "pw", base_url=API, transport=transport, rate_limits=None
    ) as altegio:
        for _ in range(3):
            list(altegio.list_files(1, 2))
    assert [request.method for request in transport.requests] == ["POST", "GET", "GET", "GET"]


def _envelope(status: int, meta: object) -> httpx2.Response:
    return json_response(status, {"success": False, "data": None, "meta": meta})


@pytest.mark.parametrize(
    ("answer", "error_class", "message"),
    [
        pytest.param(
            _envelope(401, {"message": "Incorrect login or password"}),
            errors.AuthenticationError,
            "Incorrect login or password",
            id="401",
        ),
        pytest.param(
            _envelope(
                422,
                {
                    "message": "The given data was invalid.",
                    "errors": {"password": ["The password field is required."]},
                },
            ),
            errors.AuthenticationError,
            "The given data was invalid. (password: ['The password field is required.'])",
            id="422",
        ),
        pytest.param(
            _envelope(503, {"message": "Service Unavailable"}),
            errors.ServerError,
            "Service Unavailable",
            id="503",
        ),
        pytest.param(
            json_response(201, {"success": True, "data": {"id": 1}, "meta": []}),
            errors.UnexpectedResponseError,
            None,
            id="no-user-token",
        ),
        pytest.param(
            json_response(201, {"success": True, "data": {"user_token": ""}, "meta": []}),
            errors.UnexpectedResponseError,
            None,
            id="empty-user-token",
        ),
        pytest.param(
            httpx2.Response(201, text="<html>login</html>"),
            errors.UnexpectedResponseError,
            None,
            id="html",
        ),
    ],
)
def test_login_failures(
    answer: httpx2.Response, error_class: type[errors.APIError], message: str | None
) -> None:
    password = "login-password-secret"
    transport = Script(answer)
    with (
        AltegioClient.from_login(
            PARTNER,
            "owner",
            password,
            base_url=API,
            transport=transport,
            rate_limits=None,
            sleep=Sleeps(),
            max_retries=0,
        ) as altegio,
        pytest.raises(error_class) as caught,
    ):
        list(altegio.list_files(1, 2))
    error = caught.value
    assert type(error) is error_class
    if message is not None:
        assert isinstance(error, errors.APIStatusError)
        assert error.vendor_message == message
        assert message in str(error)
    assert [request.method for request in transport.requests] == ["POST"]
    assert password not in repr(vars(error))
    assert password not in str(error)


# --- `success: false`, off-spec bodies -------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "vendor_message"),
    [({"message": "Client is archived"}, "Client is archived"), ([], None), ({}, None)],
)
def test_a_200_with_success_false_is_an_error(meta: object, vendor_message: str | None) -> None:
    transport = Script(json_response(200, {"success": False, "data": None, "meta": meta}))
    with client(transport) as altegio:
        with pytest.raises(errors.APIStatusError) as listed:
            list(altegio.list_files(1, 2))
        with pytest.raises(errors.APIStatusError) as deleted:
            altegio.delete_file(1, 2, 3)
    for caught in (listed, deleted):
        error = caught.value
        assert type(error) is errors.APIStatusError
        assert (error.vendor, error.status_code, error.vendor_message) == (
            "altegio",
            200,
            vendor_message,
        )
        assert "success=false" in str(error)
        if vendor_message:
            assert vendor_message in str(error)
    assert len(transport.requests) == 2  # not retried


def _raw(content: bytes, content_type: str = "application/json") -> httpx2.Response:
    return httpx2.Response(200, content=content, headers={"content-type": content_type})


def _files(*files: Any) -> httpx2.Response:
    return json_response(200, {"success": True, "data": list(files), "meta": {"count": 1}})


OFF_SPEC = [
    pytest.param(_raw(b"<!DOCTYPE html><html>Login</html>", "text/html"), id="html"),
    pytest.param(_raw(b""), id="empty"),
    pytest.param(_raw(b'{"success": true, "data": ['), id="truncated-json"),
    pytest.param(json_response(200, []), id="array"),
    pytest.param(json_response(200, {"data": []}), id="no-success"),
    pytest.param(json_response(200, {"success": "true", "data": []}), id="success-str"),
    pytest.param(json_response(200, {"success": True}), id="no-data"),
    pytest.param(json_response(200, {"success": True, "data": None}), id="data-null"),
    pytest.param(json_response(200, {"success": True, "data": "files"}), id="data-str"),
    pytest.param(_files("file"), id="file-str"),
    pytest.param(_files({"client_id": 1, "name": "a"}), id="no-id"),
    pytest.param(_files(client_file(id="123")), id="id-str"),
    pytest.param(_files(client_file(id=True)), id="id-bool"),
    pytest.param(_files(client_file(client_id=None)), id="client_id-null"),
    pytest.param(_files(client_file(name=None)), id="name-null"),
    pytest.param(_files(client_file(size=9)), id="size-int"),
    pytest.param(_files(client_file(date_create="yesterday")), id="date-garbage"),
    pytest.param(_files(client_file(date_create=1767286800)), id="date-int"),
    pytest.param(_files(client_file(mime=["text/plain"])), id="mime-list"),
    pytest.param(_files(client_file(user_name=7)), id="user_name-int"),
]


@pytest.mark.parametrize("response", OFF_SPEC)
def test_off_spec_bodies_are_unexpected_responses(response: httpx2.Response) -> None:
    with (
        client(Script(response)) as altegio,
        pytest.raises(errors.UnexpectedResponseError) as caught,
    ):
        list(altegio.list_files(1, 2))
    assert (caught.value.vendor, caught.value.status_code) == ("altegio", 200)


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(_raw(b"<html>Accepted</html>", "text/html"), id="html"),
        pytest.param(json_response(202, {"data": None}), id="no-success"),
        pytest.param(json_response(202, ["Accepted"]), id="array"),
    ],
)
def test_off_spec_delete_answers_are_unexpected_responses(response: httpx2.Response) -> None:
    with client(Script(response)) as altegio, pytest.raises(errors.UnexpectedResponseError):
        altegio.delete_file(1, 2, 3)


@pytest.mark.parametrize(
    ("status", "error_class", "attempts"),
    [
        (401, errors.AuthenticationError, 1),
        (402, errors.PaymentRequiredError, 1),
        (403, errors.PermissionDeniedError, 1),
        (404, errors.NotFoundError, 1),
        (422, errors.UnprocessableEntityError, 1),
        (429, errors.RateLimitError, 3),
        (500, errors.ServerError, 3),
    ],
)
def test_error_statuses(
    status: int, error_class: type[errors.APIStatusError], attempts: int
) -> None:
    meta: object = [] if status == 404 else {"message": f"status {status}"}
    transport = Script(_envelope(status, meta))
    with client(transport) as altegio, pytest.raises(error_class) as caught:
        altegio.delete_file(1, 2, 3)
    assert caught.value.status_code == status
    assert caught.value.vendor_message == (None if status == 404 else f"status {status}")
    assert len(transport.requests) == attempts  # DELETE is idempotent: retried like GET


# --- the vendor's quirks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("9 B", 9),
        ("0 B", 0),
        ("1023 B", 1023),
        ("96.65 KB", 98970),
        ("1 KB", 1024),
        ("1.26 KB", 1290),
        ("12,5 KB", 12800),
        ("1.2 MB", 1258291),
        ("2 GB", 2 * 1024**3),
        ("1 TB", 1024**4),
        ("  7 kb ", 7168),
        ("", None),
        ("big", None),
        ("-1 KB", None),
        ("5 PB", None),
        ("1.2.3 KB", None),
        ("KB", None),
    ],
)
def test_human_sizes_become_bytes(text: str, size: int | None) -> None:
    assert parse_size(text) == size
    assert only_attachment(size=text).size == size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2026-01-01T12:00:00-0500",
            datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=-5))),
        ),
        (
            "2026-01-01T12:00:00+0330",
            datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=3.5))),
        ),
        (
            "2026-01-01T12:00:00+03:00",
            datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("2026-01-01T12:00:00Z", datetime(2026, 1, 1, 12, tzinfo=UTC)),
        ("2026-01-01T12:00:00", datetime(2026, 1, 1, 12, tzinfo=UTC)),
        (
            "2026-01-01 12:00:00-0500",
            datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_dates_are_timezone_aware(text: str, expected: datetime) -> None:
    created = only_attachment(date_create=text).created_at
    assert created == expected
    assert created is not None
    assert created.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("fields", "created_by"),
    [
        ({"user_name": "Victor Sitnikov"}, "Victor Sitnikov"),
        ({"user_name": None, "username": "Olga Petrova"}, "Olga Petrova"),
        ({"username": "Olga Petrova"}, "Victor Sitnikov"),  # both: user_name wins
        ({"user_name": ""}, None),
    ],
)
def test_both_spellings_of_the_uploader(fields: dict[str, Any], created_by: str | None) -> None:
    record = client_file(**fields)
    if fields.get("user_name") is None and "user_name" in fields:
        del record["user_name"]
    with client(Script(listing(record))) as altegio:
        (attachment,) = altegio.list_files(1, 2)
    assert attachment.created_by == created_by


@pytest.mark.parametrize(
    ("fields", "extension", "mime_type"),
    [
        ({}, "txt", "text/plain"),
        ({"mime": "application/x-custom"}, "txt", "application/x-custom"),
        ({"mime": None, "name": "scan.PDF", "extension": None}, "pdf", "application/pdf"),
        ({"mime": None, "name": "photo.jpeg", "extension": "JPEG"}, "jpeg", "image/jpeg"),
        ({"mime": None, "name": "README", "extension": None}, None, None),
    ],
)
def test_mime_type_falls_back_to_the_extension(
    fields: dict[str, Any], extension: str | None, mime_type: str | None
) -> None:
    record = {key: value for key, value in client_file(**fields).items() if value is not None}
    with client(Script(listing(record))) as altegio:
        (attachment,) = altegio.list_files(1, 2)
    assert (attachment.extension, attachment.mime_type) == (extension, mime_type)


def test_raw_keeps_the_generated_model() -> None:
    attachment = only_attachment(can_edit=True, extra_field="kept")
    assert isinstance(attachment.raw, ClientFile)
    assert attachment.raw.can_edit is True
    assert attachment.raw.link == "/client_files/download/456/123/"
    assert attachment.raw.additional_properties == {"extra_field": "kept"}


# --- downloads: only through the configured web host --------------------------------------


def test_downloads_go_to_the_configured_web_host() -> None:
    transport = Script(listing(), httpx2.Response(200, content=b"test file"))
    with client(transport) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        assert altegio.download(attachment) == b"test file"
    download = transport.requests[1]
    assert str(download.url) == f"{WEB}/client_files/download/456/123/"
    assert download.headers["authorization"] == f"Bearer {PARTNER}, User {USER}"


@pytest.mark.parametrize(
    "link",
    [
        pytest.param("https://evil.example/client_files/download/456/123/", id="absolute"),
        pytest.param("http://web.altegio.example/app/x", id="absolute-same-host"),
        pytest.param("//evil.example/x", id="scheme-relative"),
        pytest.param("client_files/download/456/123/", id="relative"),
        pytest.param("", id="empty"),
        pytest.param(None, id="null"),
        pytest.param(123, id="int"),
    ],
)
def test_links_that_are_not_paths_on_the_web_host_are_refused(link: Any, tmp_path: Path) -> None:
    transport = Script(listing(client_file(link=link)))
    with client(transport) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        with pytest.raises(errors.UnexpectedResponseError, match="no usable link"):
            altegio.download(attachment)
        with pytest.raises(errors.UnexpectedResponseError):
            altegio.save(attachment, tmp_path)
    assert len(transport.requests) == 1  # only the list: nothing was sent elsewhere
    assert list(tmp_path.iterdir()) == []


def test_downloads_need_a_web_base_url() -> None:
    transport = Script(listing())
    with client(transport, web_base_url=None) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        with pytest.raises(errors.AttachkitError, match="web_base_url"):
            altegio.download(attachment)
    assert len(transport.requests) == 1


def test_a_download_cut_off_mid_stream_leaves_no_file(tmp_path: Path) -> None:
    transport = Script(
        listing(), lambda request: httpx2.Response(200, stream=BrokenStream(b"first half"))
    )
    with client(transport) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        with pytest.raises(errors.APIConnectionError, match="broke off"):
            altegio.save(attachment, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.anyio
async def test_an_async_download_cut_off_mid_stream_leaves_no_file(tmp_path: Path) -> None:
    transport = Script(
        listing(), lambda request: httpx2.Response(200, stream=BrokenStream(b"first half"))
    )
    async with AsyncAltegioClient(
        partner_token=PARTNER,
        user_token=USER,
        base_url=API,
        web_base_url=WEB,
        transport=transport,
        rate_limits=None,
    ) as altegio:
        (attachment,) = [att async for att in altegio.list_files(1, 2)]
        with pytest.raises(errors.APIConnectionError):
            await altegio.save(attachment, tmp_path)
    assert [path async for path in anyio.Path(tmp_path).iterdir()] == []


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location_id", "client_id"),
    [(None, 1), ("456", 1), (True, 1), (4.56, 1), (456, None), (456, "123456"), (456, False)],
)
def test_ids_must_be_integers(location_id: Any, client_id: Any) -> None:
    transport = Script(listing())
    with client(transport) as altegio:
        with pytest.raises(TypeError):
            altegio.list_files(location_id, client_id)
        with pytest.raises(TypeError):
            altegio.delete_file(location_id, client_id, 1)
    with pytest.raises(TypeError):
        AsyncAltegioClient(partner_token=PARTNER, user_token=USER).list_files(
            location_id, client_id
        )
    assert transport.requests == []


@pytest.mark.parametrize("file_id", [None, "789", True, 7.0])
def test_file_ids_must_be_integers(file_id: Any) -> None:
    transport = Script(listing())
    with client(transport) as altegio, pytest.raises(TypeError):
        altegio.delete_file(1, 2, file_id)
    assert transport.requests == []


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        pytest.param({"partner_token": PARTNER}, TypeError, id="no-user-token"),
        pytest.param({"partner_token": "", "user_token": USER}, ValueError, id="empty-partner"),
        pytest.param({"partner_token": None, "user_token": USER}, TypeError, id="partner-none"),
        pytest.param({"partner_token": PARTNER, "user_token": ""}, ValueError, id="empty-user"),
        pytest.param(
            {"partner_token": PARTNER, "user_token": USER, "base_url": "api.alteg.io"},
            ValueError,
            id="relative-base",
        ),
        pytest.param(
            {"partner_token": PARTNER, "user_token": USER, "web_base_url": "/download"},
            ValueError,
            id="relative-web",
        ),
        pytest.param(
            {"partner_token": PARTNER, "user_token": USER, "rate_limits": [(0, 1.0)]},
            ValueError,
            id="rate-zero",
        ),
    ],
)
def test_constructor_arguments_are_checked(
    arguments: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        AltegioClient(**arguments)


@pytest.mark.parametrize(
    ("login", "error"),
    [(("", "pw"), ValueError), (("owner", ""), ValueError), ((None, "pw"), TypeError)],
)
def test_from_login_needs_a_login_and_password(
    login: tuple[Any, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        AltegioClient.from_login(PARTNER, *login)


def _other_vendor(vendor: str) -> Attachment:
    return attachment(vendor=vendor, id="1", size=1)


@pytest.mark.parametrize(
    ("attachment", "error"),
    [
        pytest.param(b"bytes", TypeError, id="bytes"),
        pytest.param({"link": "/x"}, TypeError, id="dict"),
        pytest.param(_other_vendor("amili"), ValueError, id="amili"),
        pytest.param(_other_vendor("envi"), ValueError, id="envi"),
        pytest.param(_other_vendor("altegio"), TypeError, id="altegio-without-raw"),
    ],
)
def test_download_refuses_what_is_not_an_altegio_attachment(
    attachment: Any, error: type[Exception], tmp_path: Path
) -> None:
    transport = Script(listing())
    with client(transport) as altegio:
        with pytest.raises(error):
            altegio.download(attachment)
        with pytest.raises(error):
            altegio.save(attachment, tmp_path)
    assert transport.requests == []


def test_save_into_a_path_that_is_a_file(tmp_path: Path) -> None:
    transport = Script(listing(), httpx2.Response(200, content=b"test file"))
    blocker = tmp_path / "file.txt"
    blocker.write_bytes(b"keep")
    with client(transport) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        with pytest.raises(errors.UnsafePathError):
            altegio.save(attachment, blocker)
    assert blocker.read_bytes() == b"keep"
    assert [path.name for path in tmp_path.iterdir()] == ["file.txt"]


# --- secrets, lifecycle ---------------------------------------------------------------------


def test_tokens_and_passwords_stay_out_of_errors_logs_and_reprs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    password = "password-secret-4242"
    transport = Script(
        login_answer(),
        listing(),
        httpx2.Response(200, content=b"test file"),
        _envelope(500, {"message": "Server error"}),
        _envelope(401, {"message": "Authentication needed."}),
        json_response(201, {"success": False, "data": {"user_token": ""}, "meta": []}),
    )
    caplog.set_level(logging.DEBUG)
    failures: list[errors.AttachkitError] = []
    with AltegioClient.from_login(
        PARTNER,
        "owner@example.com",
        password,
        base_url=API,
        web_base_url=WEB,
        transport=transport,
        sleep=Sleeps(),
        max_retries=0,
    ) as altegio:
        (attachment,) = altegio.list_files(1, 2)
        altegio.download(attachment)
        for _ in range(2):
            try:
                altegio.delete_file(1, 2, 123)
            except errors.AttachkitError as caught:
                failures.append(caught)
        shown = [repr(altegio), str(altegio), repr(attachment)]
    shown.append(repr(AltegioAuth(API, partner_token=PARTNER, login="owner", password=password)))
    shown.append(repr(AltegioAuth(API, partner_token=PARTNER, user_token=USER)))
    assert [type(failure) for failure in failures] == [
        errors.ServerError,
        errors.AuthenticationError,  # the 401 led to a login refused with success: false
    ]
    for failure in failures:
        shown += [str(failure), repr(failure), repr(vars(failure))]
    shown.append(caplog.text)
    for text in shown:
        for secret in (PARTNER, USER, password):
            assert secret not in text


def test_sync_and_async_clients_have_the_same_methods() -> None:
    def public(cls: type) -> dict[str, bool]:
        return {
            name: inspect.iscoroutinefunction(member)
            for name, member in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")
        }

    sync, asynchronous = public(AltegioClient), public(AsyncAltegioClient)
    assert set(sync) - {"close"} == set(asynchronous) - {"aclose"}
    expected = {"list_files", "list_clients", "download", "open", "save", "delete_file"}
    assert expected | {"upload_file"} <= set(sync)
    assert [name for name, is_coroutine in asynchronous.items() if is_coroutine] == [
        "aclose",
        "delete_file",
        "download",
        "save",
        "upload_file",
    ]
    methods = ["list_files", "list_clients", "download", "open", "save", "delete_file"]
    methods.append("upload_file")
    for name in (*methods, "from_login"):
        sync_parameters = list(inspect.signature(getattr(AltegioClient, name)).parameters)
        async_parameters = list(inspect.signature(getattr(AsyncAltegioClient, name)).parameters)
        assert sync_parameters == async_parameters
    assert isinstance(AltegioClient.from_login(PARTNER, "l", "p"), AltegioClient)
    assert isinstance(AsyncAltegioClient.from_login(PARTNER, "l", "p"), AsyncAltegioClient)


def test_the_context_managers_close_the_connections() -> None:
    transport = Script(listing())
    with client(transport) as altegio:
        assert isinstance(altegio, AltegioClient)
        assert not transport.closed
    assert transport.closed


@pytest.mark.anyio
async def test_the_async_context_manager_closes_the_connections() -> None:
    transport = Script(listing())
    async with AsyncAltegioClient(
        partner_token=PARTNER, user_token=USER, transport=transport
    ) as altegio:
        assert isinstance(altegio, AsyncAltegioClient)
        assert not transport.closed
    assert transport.closed


def test_clients_share_no_state() -> None:
    first_transport = Script(listing())
    second_transport = Script(listing(client_file(id=7, name="other.pdf")))
    first = client(first_transport, user_token="user-one")
    second = client(second_transport, user_token="user-two", web_base_url=None)
    with first, second:
        assert [att.name for att in first.list_files(1, 2)] == ["test.txt"]
        assert [att.name for att in second.list_files(1, 2)] == ["other.pdf"]
    assert first_transport.only.headers["authorization"].endswith("User user-one")
    assert second_transport.only.headers["authorization"].endswith("User user-two")


def test_renamed_attachment_keeps_its_link() -> None:
    # `save(filename=...)` renames the file on disk, never the link it is fetched from.
    attachment = attrs.evolve(only_attachment(), name="../../renamed.txt")
    transport = Script(httpx2.Response(200, content=b"test file"))
    with client(transport) as altegio:
        assert altegio.download(attachment) == b"test file"
    assert transport.only.url.path == "/app/client_files/download/456/123/"
