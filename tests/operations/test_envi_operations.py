"""Every operation of the generated Envi client, its success and each documented error."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from attachkit.sandbox import ENVI_CLIENT_ID, ENVI_PO_ID
from attachkit.sandbox.data import EnviFile, envi_data
from attachkit.sandbox.envi_auth import ENVI_LOCKED_USERNAME, ENVI_NO_ACCESS_USERNAME
from attachkit_envi_client import AuthenticatedClient, Client
from attachkit_envi_client.api.auth import request_token
from attachkit_envi_client.api.file_attachments import (
    get_file_attachment_content,
    get_file_attachment_metadata,
    list_file_attachments,
)
from attachkit_envi_client.models import (
    FileAttachmentEntity,
    FileAttachmentList,
    GrantType,
    ODataError,
    TokenError,
    TokenRequest,
    TokenResponse,
)
from attachkit_envi_client.types import UNSET, File, Unset
from tests.operations.helpers import (
    FAULT_429,
    FAULT_500,
    DetailedResponse,
    envi_anonymous,
    envi_authenticated,
    envi_password_grant,
    parsed_as,
)
from tests.support.targets import Target

V1 = "1.0"
PO_FILE_COUNT = 17  # the PO's own files plus those of the invoices linked to it
UNKNOWN_FILE_ID = uuid.UUID("00000000-0000-4000-8000-000000000404")
# The sandbox's 429 without a configured quota: the example on the vendor's rate-limit page.
QUOTA_TEXT = "API calls quota exceeded! Maximum admitted 1000 per Hour."


def po_file(name: str) -> EnviFile:
    """A file of the sandbox's purchase order, as the data set holds it."""
    return next(file for file in envi_data().listing(ENVI_PO_ID) if file.name == name)


def odata_error(response: DetailedResponse, status: int) -> tuple[str | Unset, str]:
    detail = parsed_as(response, status, ODataError).error
    return detail.code, detail.message


# --- auth.request_token -------------------------------------------------------------------


def _token(target: Target, body: TokenRequest) -> DetailedResponse:
    with envi_anonymous(target) as client:
        return request_token.sync_detailed(client=client, body=body)


@pytest.mark.vcr
def test_password_grant_issues_a_bearer_token(envi_target: Target) -> None:
    response = _token(envi_target, envi_password_grant(envi_target.credentials))
    token = parsed_as(response, 200, TokenResponse)
    assert token.token_type == "bearer"
    assert token.expires_in == 59
    assert token.access_token
    assert isinstance(token.refresh_token, str)
    assert token.refresh_token


@pytest.mark.vcr
@pytest.mark.anyio
async def test_password_grant_async(envi_target: Target) -> None:
    body = envi_password_grant(envi_target.credentials)
    async with envi_anonymous(envi_target) as client:
        token = await request_token.asyncio(client=client, body=body)
    assert isinstance(token, TokenResponse)
    assert token.token_type == "bearer"


@pytest.mark.vcr
def test_refresh_grant_rotates_the_refresh_token(envi_target: Target) -> None:
    first = parsed_as(
        _token(envi_target, envi_password_grant(envi_target.credentials)), 200, TokenResponse
    )
    assert isinstance(first.refresh_token, str)
    refresh = TokenRequest(
        grant_type=GrantType.REFRESH_TOKEN,
        client_id=ENVI_CLIENT_ID,
        refresh_token=first.refresh_token,
    )
    second = parsed_as(_token(envi_target, refresh), 200, TokenResponse)
    assert second.token_type == "bearer"
    assert isinstance(second.refresh_token, str)
    # The old refresh token was used up by the rotation.
    reused = parsed_as(_token(envi_target, refresh), 400, TokenError)
    assert reused.error == "invalid_grant"
    assert reused.error_description == "The refresh token is invalid or has expired."


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("fields", "error", "description"),
    [
        # The descriptions are the explanations of the vendor's error table; the codes are
        # what we assume (see the spec's x-attachkit-assumption on this response).
        pytest.param(
            {"password": "not-the-password"},
            "invalid_credentials",
            "Provided password or login is incorrect or was mistyped.",
            id="wrong-password",
        ),
        pytest.param(
            {"username": ENVI_LOCKED_USERNAME},
            "locked",
            "This account has been locked. Check your email or contact your administrator "
            "to unlock it.",
            id="locked-account",
        ),
        pytest.param(
            {"organizationNo": "9999"},
            "invalid_organization",
            "The user has no access to the organization '9999'.",
            id="foreign-organization",
        ),
        pytest.param(
            {"client_id": "0" * 32},
            "invalid_client",
            "Provided client ID is invalid.",
            id="invalid-client",
        ),
        pytest.param(
            {"grant_type": "client_credentials"},
            "invalid_grant",
            "Grant Type is invalid.",
            id="unsupported-grant",
        ),
    ],
)
def test_token_errors(
    envi_target: Target, fields: dict[str, str], error: str, description: str
) -> None:
    response = _token(envi_target, envi_password_grant(envi_target.credentials, **fields))
    token_error = parsed_as(response, 400, TokenError)
    assert (token_error.error, token_error.error_description) == (error, description)


# --- file_attachments.list_file_attachments -----------------------------------------------


def _page(client: AuthenticatedClient, **query: Any) -> FileAttachmentList:
    response = list_file_attachments.sync_detailed(
        ENVI_PO_ID, client=client, api_version=V1, **query
    )
    return parsed_as(response, 200, FileAttachmentList)


def _next_query(link: str) -> dict[str, int]:
    query = parse_qs(urlsplit(link).query)
    return {"top": int(query["$top"][0]), "skip": int(query["$skip"][0])}


@pytest.mark.vcr
def test_list_pages_through_next_links(envi_target: Target, envi_api: AuthenticatedClient) -> None:
    page = _page(envi_api, top=5)
    pages = [page]
    while isinstance(page.odata_next_link, str):
        # An absolute link on the host the client called, keeping $top and moving $skip.
        assert page.odata_next_link.startswith(f"{envi_target.base_url}/odata/FileAttachments(")
        page = _page(envi_api, **_next_query(page.odata_next_link))
        pages.append(page)
    assert [len(p.value) for p in pages] == [5, 5, 5, 2]
    assert {p.odata_count for p in pages} == {PO_FILE_COUNT}
    assert pages[-1].odata_next_link is UNSET
    rows = [row for p in pages for row in p.value]
    expected = envi_data().listing(ENVI_PO_ID)
    assert [row.file_id for row in rows] == [file.file_id for file in expected]
    # Linked files: rows of the invoices share the PO's list but name their own entity.
    assert {row.entity_type_value for row in rows} == {
        "Purchase Order",
        "Received Invoice",
        "OCR Invoice",
    }
    first = rows[0]
    assert first.entity_id == ENVI_PO_ID
    assert first.file_name == "PO 100234 signed.pdf"
    assert first.date_created == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    assert first.file_size == po_file("PO 100234 signed.pdf").size


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("query", "names", "count"),
    [
        pytest.param(
            {"entity_type_pk": 10}, ["ocr scan 9001.png", "ocr result.txt"], 2, id="entityTypePK"
        ),
        pytest.param(
            {"search": "invoice"},
            [
                "счёт.pdf",
                "INV-55012.pdf",
                "remittance advice.csv",
                "ocr scan 9001.png",
                "ocr result.txt",
            ],
            5,
            id="search",
        ),
        pytest.param(
            {"filter_": "fileType eq 'png'"},
            ["packing slip scan.png", "ocr scan 9001.png"],
            2,
            id="filter",
        ),
        pytest.param(
            {"filter_": "fileSize gt 2008"},
            ["pallet photo.jpg", "old quote.pdf"],
            2,
            id="filter-gt",
        ),
        pytest.param(
            {"filter_": "fileSize ge 2008 and fileType in ('png', 'jpg')"},
            ["pallet photo.jpg", "ocr scan 9001.png"],
            2,
            id="filter-ge-in",
        ),
        pytest.param(
            {"filter_": "dateCreated lt 2025-03-03T09:05:00Z or fileSize le 0"},
            [
                "PO 100234 signed.pdf",
                "Faktura nr 12 \u2013 ÆØÅ.pdf",
                "upload in progress.pdf",
                "failed scan.tif",
            ],
            4,
            id="filter-lt-le",
        ),
        pytest.param(
            {"filter_": "entityTypeValue eq 'OCR Invoice'"},
            ["ocr scan 9001.png", "ocr result.txt"],
            2,
            id="filter-entityTypeValue",
        ),
        pytest.param(
            {"orderby": "fileSize desc", "top": 3},
            ["old quote.pdf", "pallet photo.jpg", "ocr scan 9001.png"],
            PO_FILE_COUNT,
            id="orderby-top",
        ),
        pytest.param(
            {"top": 2, "skip": 15},
            ["ocr scan 9001.png", "ocr result.txt"],
            PO_FILE_COUNT,
            id="top-skip",
        ),
    ],
)
def test_list_query_parameters(
    envi_api: AuthenticatedClient, query: dict[str, Any], names: list[str], count: int
) -> None:
    page = _page(envi_api, **query)
    assert [row.file_name for row in page.value] == names
    assert page.odata_count == count
    more_remain = query.get("skip", 0) + len(names) < count
    assert isinstance(page.odata_next_link, str) == more_remain


@pytest.mark.vcr
def test_list_top_over_the_limit(envi_api: AuthenticatedClient) -> None:
    response = list_file_attachments.sync_detailed(
        ENVI_PO_ID, client=envi_api, api_version=V1, top=5001
    )
    assert odata_error(response, 400) == (
        "BadRequest",
        "The limit for the $top query has been exceeded. "
        "The value from the incoming request is '5001'",
    )


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("filter_", "message"),
    [
        pytest.param(
            "fileType eq 'pdf' or fileType eq 'png'",
            "The property 'fileType' is used more than once in $filter.",
            id="same-field-twice",
        ),
        pytest.param(
            "fileType eq 'pdf' and fileSize gt 1 or fileSize lt 9",
            "Combining 'and' with 'or' in one $filter is not supported.",
            id="and-with-or",
        ),
        pytest.param(
            "fileName gt 'a'",
            "The operator 'gt' needs a number or date property, not 'fileName'.",
            id="gt-on-text",
        ),
    ],
)
def test_list_refuses_a_filter_envi_does_not_allow(
    envi_api: AuthenticatedClient, filter_: str, message: str
) -> None:
    response = list_file_attachments.sync_detailed(
        ENVI_PO_ID, client=envi_api, api_version=V1, filter_=filter_
    )
    assert odata_error(response, 400) == ("BadRequest", message)


@pytest.mark.vcr
@pytest.mark.parametrize("operation", ["list", "metadata", "content"])
def test_responses_advertise_the_supported_versions(
    envi_api: AuthenticatedClient, operation: str
) -> None:
    response = OPERATIONS[operation](envi_api, V1)
    assert response.status_code == 200
    assert response.headers["api-supported-versions"] == "1.0"
    assert "api-deprecated-versions" not in response.headers


@pytest.mark.vcr
@pytest.mark.anyio
async def test_list_async(envi_target: Target) -> None:
    async with envi_authenticated(envi_target) as client:
        response = await list_file_attachments.asyncio_detailed(
            ENVI_PO_ID, client=client, api_version=V1, top=2
        )
    page = parsed_as(response, 200, FileAttachmentList)
    assert [row.file_name for row in page.value] == [
        "PO 100234 signed.pdf",
        "Faktura nr 12 \u2013 ÆØÅ.pdf",
    ]
    assert page.odata_count == PO_FILE_COUNT


# --- get_file_attachment_metadata / get_file_attachment_content -----------------------------


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("name", "status", "created"),
    [
        pytest.param(
            "Faktura nr 12 \u2013 ÆØÅ.pdf",
            "Active",
            datetime(2025, 3, 3, 10, 3, tzinfo=timezone(timedelta(hours=1))),
            id="active",
        ),
        pytest.param(
            "old quote.pdf",
            "Deleted",
            datetime(2025, 3, 3, 9, 29, tzinfo=UTC),
            id="deleted",
        ),
    ],
)
def test_metadata(envi_api: AuthenticatedClient, name: str, status: str, created: datetime) -> None:
    file = po_file(name)
    response = get_file_attachment_metadata.sync_detailed(
        file.file_id, client=envi_api, api_version=V1
    )
    record = parsed_as(response, 200, FileAttachmentEntity)
    assert isinstance(record.odata_context, str)
    assert record.odata_context.endswith("/odata/$metadata#FileAttachments/$entity")
    assert (record.file_id, record.entity_id, record.file_name) == (file.file_id, ENVI_PO_ID, name)
    assert (record.entity_type_value, record.file_status) == ("Purchase Order", status)
    assert (record.file_size, record.date_created) == (file.size, created)


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        pytest.param("PO 100234 signed.pdf", "application/pdf", id="pdf"),
        pytest.param("packing slip scan.png", "image/png", id="png"),
    ],
)
def test_content(envi_api: AuthenticatedClient, name: str, media_type: str) -> None:
    file = po_file(name)
    response = get_file_attachment_content.sync_detailed(
        file.file_id, client=envi_api, api_version=V1
    )
    body = parsed_as(response, 200, File)
    assert body.payload.read() == file.content()
    assert response.headers["content-type"] == media_type


@pytest.mark.vcr
@pytest.mark.anyio
async def test_content_async(envi_target: Target) -> None:
    file = po_file("Faktura nr 12 \u2013 ÆØÅ.pdf")
    async with envi_authenticated(envi_target) as client:
        body = await get_file_attachment_content.asyncio(
            file.file_id, client=client, api_version=V1
        )
    assert isinstance(body, File)
    assert body.payload.read() == file.content()


# --- errors of the /odata operations ------------------------------------------------------

SIGNED_PO = "PO 100234 signed.pdf"
EnviCall = Callable[[AuthenticatedClient | Client, str], DetailedResponse]


def _list(client: AuthenticatedClient | Client, api_version: str = V1) -> DetailedResponse:
    return list_file_attachments.sync_detailed(ENVI_PO_ID, client=client, api_version=api_version)


def _metadata(client: AuthenticatedClient | Client, api_version: str = V1) -> DetailedResponse:
    file_id = po_file(SIGNED_PO).file_id
    return get_file_attachment_metadata.sync_detailed(
        file_id, client=client, api_version=api_version
    )


def _content(client: AuthenticatedClient | Client, api_version: str = V1) -> DetailedResponse:
    file_id = po_file(SIGNED_PO).file_id
    return get_file_attachment_content.sync_detailed(
        file_id, client=client, api_version=api_version
    )


def _metadata_of(client: AuthenticatedClient, file_id: uuid.UUID) -> DetailedResponse:
    return get_file_attachment_metadata.sync_detailed(file_id, client=client, api_version=V1)


def _content_of(client: AuthenticatedClient, file_id: uuid.UUID) -> DetailedResponse:
    return get_file_attachment_content.sync_detailed(file_id, client=client, api_version=V1)


OPERATIONS: dict[str, EnviCall] = {"list": _list, "metadata": _metadata, "content": _content}


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("operation", "file_id", "code", "message"),
    [
        pytest.param(
            _metadata_of,
            UNKNOWN_FILE_ID,
            "NotFound",
            f"The file '{UNKNOWN_FILE_ID}' was not found.",
            id="metadata-unknown-file",
        ),
        pytest.param(
            _content_of,
            UNKNOWN_FILE_ID,
            "NotFound",
            f"The file '{UNKNOWN_FILE_ID}' was not found.",
            id="content-unknown-file",
        ),
        pytest.param(
            _content_of,
            po_file("old quote.pdf").file_id,
            "FileContentUnavailable",
            "The file has no content: its status is Deleted.",
            id="content-deleted-file",
        ),
    ],
)
def test_not_found(
    envi_api: AuthenticatedClient,
    operation: Callable[[AuthenticatedClient, uuid.UUID], DetailedResponse],
    file_id: uuid.UUID,
    code: str,
    message: str,
) -> None:
    assert odata_error(operation(envi_api, file_id), 404) == (code, message)


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str  # a regular expression
    client: Callable[[Target], AuthenticatedClient | Client]
    api_version: str = V1


REFUSALS = {
    "400-api-version": Refusal(
        400,
        "UnsupportedApiVersion",
        re.escape(
            "The HTTP resource that matches the request URI does not support the API version '2.0'."
        ),
        lambda target: envi_authenticated(target),
        api_version="2.0",
    ),
    "401-no-token": Refusal(
        401,
        "Unauthorized",
        re.escape("Authorization has been denied for this request."),
        envi_anonymous,
    ),
    "403-no-privileges": Refusal(
        403,
        "Forbidden",
        re.escape("User doesn't have appropriate privileges."),
        lambda target: envi_authenticated(target, username=ENVI_NO_ACCESS_USERNAME),
    ),
    "500-fault": Refusal(
        500,
        "InternalServerError",
        re.escape("Internal Server Error"),
        lambda target: envi_authenticated(target, headers=FAULT_500),
    ),
}


@pytest.mark.vcr
@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_refused(envi_target: Target, operation: EnviCall, refusal: Refusal) -> None:
    with refusal.client(envi_target) as client:
        code, message = odata_error(operation(client, refusal.api_version), refusal.status)
    assert code == refusal.code
    assert re.fullmatch(refusal.message, message), message


@pytest.mark.vcr
@pytest.mark.parametrize("operation", OPERATIONS.values(), ids=OPERATIONS.keys())
def test_quota_exceeded(envi_target: Target, operation: EnviCall) -> None:
    with envi_authenticated(envi_target, headers=FAULT_429) as client:
        response = operation(client, V1)
    assert parsed_as(response, 429, str) == QUOTA_TEXT
    assert response.headers["retry-after"] == "7"
