"""The generated Amili client's one operation, `files.get_files`: every filter and error."""

from __future__ import annotations

import base64
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import pytest

from attachkit.sandbox import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO, mint_amili_token
from attachkit.sandbox.data import AMILI_MAXIMUM_COUNT, amili_files
from attachkit_amili_client import AuthenticatedClient, Client
from attachkit_amili_client.api.files import get_files
from attachkit_amili_client.models import FilesResponse, OsFile, ProblemDetails
from tests.operations.helpers import DetailedResponse, amili_authenticated, parsed_as
from tests.support.targets import Target

ALL_FILE_COUNT = 14
UNKNOWN_CLIENT_NO = 4242
OVER_INT64 = 2**63
LONG_AGO = 1_000_000_000  # a fixed issue time, so the expired token is the same every run


def assert_sandbox_files(files: list[OsFile]) -> None:
    """Every returned record, content included, is the data set's file of that name."""
    expected = {file.name: file for file in amili_files()[AMILI_CLIENT_NO]}
    for record in files:
        file = expected[record.name]
        assert record.client_no == AMILI_CLIENT_NO
        assert (record.log_item_id, record.reference_no) == (file.log_item_id, file.reference_no)
        assert (record.type_, record.extension) == (file.type, file.extension)
        assert base64.b64decode(record.content) == file.content()


def _files(
    client: AuthenticatedClient | Client, clientno: int = AMILI_CLIENT_NO, **query: Any
) -> DetailedResponse:
    return get_files.sync_detailed(clientno, client=client, **query)


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("query", "names"),
    [
        pytest.param({"logitemid": 9100001}, ["Faktura 350023.pdf"], id="logitemid"),
        pytest.param(
            {"type_": "Reminder"},
            ["Purring 350023.pdf", "Purring 350024.pdf", "Purring 350026.pdf"],
            id="type",
        ),
        pytest.param({"name": "Attachment2.png"}, ["Attachment2.png"], id="name"),
        pytest.param(
            {"referenceno": 350024},
            [
                "Faktura 350024.pdf",
                "Purring 350024.pdf",
                "Inkassovarsel 350024.pdf",
                "kvittering.txt",
            ],
            id="referenceno",
        ),
        pytest.param(
            {"jobqueueid": 44001}, ["Faktura 350025.pdf", "Faktura 350026.pdf"], id="jobqueueid"
        ),
        pytest.param(
            {"documentno": "350026"}, ["Faktura 350026.pdf", "Purring 350026.pdf"], id="documentno"
        ),
        pytest.param(
            {"serialize": "batch-01"}, ["Faktura 350025.pdf", "Faktura 350026.pdf"], id="serialize"
        ),
    ],
)
def test_each_filter(
    amili_api: AuthenticatedClient, query: dict[str, Any], names: list[str]
) -> None:
    result = parsed_as(_files(amili_api, **query), 200, FilesResponse)
    assert [record.name for record in result.files] == names
    assert (result.summary.total_count, result.summary.maximum_count) == (len(names), 10)
    assert_sandbox_files(result.files)


@pytest.mark.vcr
def test_all_eight_filters_at_once(amili_api: AuthenticatedClient) -> None:
    response = _files(
        amili_api,
        logitemid=9100006,
        type_="Invoice",
        name="Faktura 350025.pdf",
        referenceno=350025,
        jobqueueid=44001,
        documentno="350025",
        serialize="batch-01",
        regenerate=False,
    )
    result = parsed_as(response, 200, FilesResponse)
    assert [record.name for record in result.files] == ["Faktura 350025.pdf"]
    record = result.files[0]
    assert (record.serialize, record.description, record.ar_account_no) == (
        "batch-01",
        "Invoice",
        500002,
    )
    assert_sandbox_files(result.files)


@pytest.mark.vcr
@pytest.mark.parametrize("regenerate", [True, False])
def test_at_most_ten_files_without_paging(amili_api: AuthenticatedClient, regenerate: bool) -> None:
    result = parsed_as(_files(amili_api, regenerate=regenerate), 200, FilesResponse)
    assert result.summary.total_count == ALL_FILE_COUNT
    assert result.summary.maximum_count == AMILI_MAXIMUM_COUNT
    assert len(result.files) == AMILI_MAXIMUM_COUNT
    # The vendor's own example: a file delivered with no content at all.
    assert result.files[1].name == "Attachment2.png"
    assert result.files[1].content == ""
    assert_sandbox_files(result.files)


@pytest.mark.vcr
@pytest.mark.anyio
async def test_get_files_async(amili_target: Target) -> None:
    async with amili_authenticated(amili_target, None) as client:
        result = await get_files.asyncio(AMILI_CLIENT_NO, client=client, referenceno=350023)
    assert isinstance(result, FilesResponse)
    assert result.summary.total_count == 5
    assert_sandbox_files(result.files)


def _token(*clients: int) -> Callable[[], str | None]:
    return lambda: mint_amili_token(list(clients), lifetime_s=3600)


def _client(target: Target, token: str | None) -> AuthenticatedClient | Client:
    """A client sending `token`, or no Authorization header at all."""
    if token is None:
        return Client(base_url=target.base_url)
    return amili_authenticated(target, token)


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("token", "clientno", "query", "status", "detail"),
    [
        pytest.param(
            _token(AMILI_CLIENT_NO),
            AMILI_CLIENT_NO,
            {"logitemid": OVER_INT64},
            400,
            f"The value '{OVER_INT64}' is not valid for 'logitemid': expected a 64-bit integer.",
            id="400-logitemid-out-of-range",
        ),
        pytest.param(
            _token(AMILI_CLIENT_NO),
            OVER_INT64,
            {},
            400,
            f"The value '{OVER_INT64}' is not valid for 'clientno': expected a 64-bit integer.",
            id="400-clientno-out-of-range",
        ),
        pytest.param(
            lambda: None, AMILI_CLIENT_NO, {}, 401, "A bearer token is required.", id="401-no-token"
        ),
        pytest.param(
            lambda: mint_amili_token([AMILI_CLIENT_NO], lifetime_s=60, now=LONG_AGO),
            AMILI_CLIENT_NO,
            {},
            401,
            "The token has expired.",
            id="401-expired",
        ),
        pytest.param(
            lambda: "not-a-jwt",
            AMILI_CLIENT_NO,
            {},
            401,
            "The token is not a JWT.",
            id="401-not-a-jwt",
        ),
        pytest.param(
            _token(AMILI_OTHER_CLIENT_NO),
            AMILI_CLIENT_NO,
            {},
            403,
            f"The token does not grant access to client {AMILI_CLIENT_NO}.",
            id="403-other-client",
        ),
        pytest.param(
            _token(UNKNOWN_CLIENT_NO),
            UNKNOWN_CLIENT_NO,
            {},
            404,
            f"Client {UNKNOWN_CLIENT_NO} was not found.",
            id="404-unknown-client",
        ),
    ],
)
def test_errors(
    amili_target: Target,
    token: Callable[[], str | None],
    clientno: int,
    query: dict[str, Any],
    status: int,
    detail: str,
) -> None:
    with _client(amili_target, token()) as client:
        problem = parsed_as(_files(client, clientno, **query), status, ProblemDetails)
    assert (problem.status, problem.title, problem.detail) == (
        status,
        HTTPStatus(status).phrase,
        detail,
    )
