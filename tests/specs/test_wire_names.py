"""Requests built by the generated clients carry the vendors' own names on the wire."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx2
import pytest

ENTITY = UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
FILE = UUID("6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")


class Recorder:
    """A transport that answers every request with one canned response and keeps the request."""

    def __init__(self, status: int = 200, body: Any = None, content: bytes | None = None) -> None:
        self.requests: list[httpx2.Request] = []
        self._status = status
        self._body = body
        self._content = content

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self._content is not None:
            return httpx2.Response(self._status, content=self._content)
        return httpx2.Response(self._status, json=self._body)

    @property
    def only(self) -> httpx2.Request:
        assert len(self.requests) == 1
        return self.requests[0]


def _query(request: httpx2.Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(request.url)).query, keep_blank_values=True)


def _client(
    module: str, recorder: Recorder, base_url: str = "https://vendor.test", strict: bool = True
) -> Any:
    client_module = __import__(f"{module}.client", fromlist=["Client"])
    transport = httpx2.MockTransport(recorder)
    return client_module.Client(
        base_url=base_url, raise_on_unexpected_status=strict
    ).set_httpx_client(httpx2.Client(base_url=base_url, transport=transport))


def _async_client(module: str, recorder: Recorder, base_url: str = "https://vendor.test") -> Any:
    client_module = __import__(f"{module}.client", fromlist=["Client"])
    transport = httpx2.MockTransport(recorder)
    return client_module.Client(
        base_url=base_url, raise_on_unexpected_status=True
    ).set_async_httpx_client(httpx2.AsyncClient(base_url=base_url, transport=transport))


ENVI_PAGE = {"@odata.count": 0, "value": []}


def test_envi_list_sends_odata_names_and_api_version_header() -> None:
    from attachkit_envi_client.api.file_attachments import list_file_attachments
    from attachkit_envi_client.models import FileAttachmentList

    recorder = Recorder(body=ENVI_PAGE)
    parsed = list_file_attachments.sync(
        ENTITY,
        client=_client("attachkit_envi_client", recorder),
        entity_type_pk=10,
        search="slip",
        filter_="fileName eq 'a.pdf'",
        orderby="fileName desc",
        top=5000,
        skip=40,
        api_version="1.1",
    )
    assert isinstance(parsed, FileAttachmentList)
    request = recorder.only
    assert request.method == "GET"
    assert request.url.path == f"/odata/FileAttachments({ENTITY})"
    assert _query(request) == {
        "entityTypePK": ["10"],
        "$search": ["slip"],
        "$filter": ["fileName eq 'a.pdf'"],
        "$orderby": ["fileName desc"],
        "$top": ["5000"],
        "$skip": ["40"],
    }
    # A plain string: a version Envi ships later needs no new release of the client.
    assert request.headers["api-version"] == "1.1"


def test_envi_list_omits_unset_parameters_and_defaults_the_api_version() -> None:
    from attachkit_envi_client.api.file_attachments import list_file_attachments

    recorder = Recorder(body=ENVI_PAGE)
    list_file_attachments.sync(ENTITY, client=_client("attachkit_envi_client", recorder))
    assert _query(recorder.only) == {}
    assert recorder.only.headers["api-version"] == "1.0"


@pytest.mark.parametrize(
    ("operation", "suffix"),
    [("get_file_attachment_metadata", "metadata"), ("get_file_attachment_content", "content")],
)
def test_envi_file_paths(operation: str, suffix: str) -> None:
    module = __import__(
        f"attachkit_envi_client.api.file_attachments.{operation}", fromlist=["sync"]
    )
    recorder = Recorder(status=204, content=b"")
    client = _client("attachkit_envi_client", recorder, strict=False)
    module.sync_detailed(FILE, client=client)
    assert recorder.only.url.path == f"/odata/FileAttachments/{FILE}/{suffix}"
    assert recorder.only.headers["api-version"] == "1.0"


def test_envi_content_is_returned_as_bytes() -> None:
    from attachkit_envi_client.api.file_attachments import get_file_attachment_content
    from attachkit_envi_client.types import File

    recorder = Recorder(content=b"%PDF-1.7 body")
    parsed = get_file_attachment_content.sync(
        FILE, client=_client("attachkit_envi_client", recorder), api_version="1.0"
    )
    assert isinstance(parsed, File)
    assert parsed.payload.read() == b"%PDF-1.7 body"


def test_envi_token_request_is_form_encoded_with_vendor_field_names() -> None:
    from attachkit_envi_client.api.auth import request_token
    from attachkit_envi_client.models import GrantType, TokenRequest, TokenResponse

    recorder = Recorder(
        body={"access_token": "a", "token_type": "bearer", "expires_in": 59, "refresh_token": "r"}
    )
    body = TokenRequest(
        grant_type=GrantType.PASSWORD,
        client_id="099153c2625149bc8ecb3e85e03f0022",
        username="user@example.com",
        password="pw",
        organization_no="2000",
    )
    parsed = request_token.sync(client=_client("attachkit_envi_client", recorder), body=body)
    assert isinstance(parsed, TokenResponse)
    assert parsed.expires_in == 59
    request = recorder.only
    assert request.url.path == "/oauth2/token"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {
        "grant_type": ["password"],
        "client_id": ["099153c2625149bc8ecb3e85e03f0022"],
        "username": ["user@example.com"],
        "password": ["pw"],
        "organizationNo": ["2000"],
    }


def test_envi_token_error_parses() -> None:
    from attachkit_envi_client.api.auth import request_token
    from attachkit_envi_client.models import GrantType, TokenError, TokenRequest

    recorder = Recorder(400, {"error": "invalid_grant", "error_description": "Used token."})
    parsed = request_token.sync(
        client=_client("attachkit_envi_client", recorder),
        body=TokenRequest(grant_type=GrantType.REFRESH_TOKEN, client_id="c", refresh_token="r"),
    )
    assert isinstance(parsed, TokenError)
    assert parsed.error == "invalid_grant"
    assert parse_qs(recorder.only.content.decode())["grant_type"] == ["refresh_token"]


AMILI_BODY = {"summary": {"totalCount": 0, "maximumCount": 10}, "files": []}


def test_amili_sends_all_eight_lower_case_query_names() -> None:
    from attachkit_amili_client.api.files import get_files
    from attachkit_amili_client.models import FilesResponse

    recorder = Recorder(body=AMILI_BODY)
    parsed = get_files.sync(
        2218,
        client=_client("attachkit_amili_client", recorder),
        logitemid=7,
        type_="DocAttachment",
        name="Attachment1.png",
        referenceno=350023,
        jobqueueid=9,
        documentno="D-1",
        serialize="x",
        regenerate=True,
    )
    assert isinstance(parsed, FilesResponse)
    assert recorder.only.url.path == "/clients/2218/files"
    assert _query(recorder.only) == {
        "logitemid": ["7"],
        "type": ["DocAttachment"],
        "name": ["Attachment1.png"],
        "referenceno": ["350023"],
        "jobqueueid": ["9"],
        "documentno": ["D-1"],
        "serialize": ["x"],
        "regenerate": ["true"],
    }


def test_altegio_paths_and_auth_body() -> None:
    from attachkit_altegio_client.api.auth import authorize_user
    from attachkit_altegio_client.api.client_files import delete_client_file, list_client_files
    from attachkit_altegio_client.models import AuthRequest

    recorder = Recorder(status=204, content=b"")
    client = _client("attachkit_altegio_client", recorder, "https://api.alteg.io/api", strict=False)
    list_client_files.sync_detailed(456, 123456, client=client)
    delete_client_file.sync_detailed(456, 123456, 789, client=client)
    authorize_user.sync_detailed(client=client, body=AuthRequest(login="a@b.c", password="pw"))
    first, second, third = recorder.requests
    assert (first.method, first.url.path) == ("GET", "/api/v1/company/456/clients/files/123456")
    assert (second.method, second.url.path) == (
        "DELETE",
        "/api/v1/company/456/clients/files/123456/789",
    )
    assert (third.method, third.url.path) == ("POST", "/api/v1/auth")
    assert json.loads(third.content) == {"login": "a@b.c", "password": "pw"}


@pytest.mark.anyio
async def test_every_operation_has_an_async_twin_that_sends_the_same_request() -> None:
    from attachkit_altegio_client.api.client_files import list_client_files
    from attachkit_amili_client.api.files import get_files
    from attachkit_envi_client.api.file_attachments import list_file_attachments

    envi = Recorder(body=ENVI_PAGE)
    await list_file_attachments.asyncio(
        ENTITY, client=_async_client("attachkit_envi_client", envi), top=3, api_version="1.0"
    )
    amili = Recorder(body=AMILI_BODY)
    await get_files.asyncio(
        2218, client=_async_client("attachkit_amili_client", amili), logitemid=1
    )
    altegio = Recorder(body={"success": True, "data": [], "meta": {"count": 0}})
    await list_client_files.asyncio(1, 2, client=_async_client("attachkit_altegio_client", altegio))
    assert _query(envi.only) == {"$top": ["3"]}
    assert _query(amili.only) == {"logitemid": ["1"]}
    assert altegio.only.url.path == "/v1/company/1/clients/files/2"


OPERATIONS = [
    "attachkit_envi_client.api.auth.request_token",
    "attachkit_envi_client.api.file_attachments.list_file_attachments",
    "attachkit_envi_client.api.file_attachments.get_file_attachment_metadata",
    "attachkit_envi_client.api.file_attachments.get_file_attachment_content",
    "attachkit_amili_client.api.files.get_files",
    "attachkit_altegio_client.api.auth.authorize_user",
    "attachkit_altegio_client.api.client_files.list_client_files",
    "attachkit_altegio_client.api.client_files.delete_client_file",
]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_has_sync_and_async_functions(operation: str) -> None:
    import inspect

    module = __import__(operation, fromlist=["sync"])
    for name in ("sync", "sync_detailed"):
        assert inspect.isfunction(getattr(module, name))
    for name in ("asyncio", "asyncio_detailed"):
        assert inspect.iscoroutinefunction(getattr(module, name))
