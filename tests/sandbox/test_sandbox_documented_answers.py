"""Every operation of every spec, in each answer its spec documents (or, marked there,
assumes): the sandbox gives that status and the vendor's own message, and the whole answer
matches the spec (as every answer of a sandbox test must: see conftest.make_client)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import httpx2
import pytest

from attachkit_sandbox import FAULT_HEADER
from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_AUTH_HEADERS,
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_VIEWER_TOKEN,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_CLIENT_ID, ENVI_PO_ID, envi_password_grant
from attachkit_sandbox.vendors.envi.auth import ENVI_NO_ACCESS_USERNAME
from attachkit_sandbox.vendors.envi.data import envi_data

Send = Callable[[httpx2.Client, dict[str, str]], httpx2.Response]
"""One request of an operation, with extra headers."""


@pytest.fixture
def client(make_client: Callable[..., httpx2.Client]) -> httpx2.Client:
    return make_client(rate_limits=False)


# --- Envi ------------------------------------------------------------------------------------

SIGNED_PO = next(f for f in envi_data().listing(ENVI_PO_ID) if f.name == "PO 100234 signed.pdf")
DELETED = next(f for f in envi_data().listing(ENVI_PO_ID) if f.status == "Deleted")
UNKNOWN_FILE = "00000000-0000-4000-8000-000000000404"
ENVI_OPERATIONS: dict[str, str] = {
    "list": f"/envi/odata/FileAttachments({ENVI_PO_ID})",
    "metadata": f"/envi/odata/FileAttachments/{SIGNED_PO.file_id}/metadata",
    "content": f"/envi/odata/FileAttachments/{SIGNED_PO.file_id}/content",
    "purchase-orders": "/envi/odata/PurchaseOrders",
    "inventory": "/envi/odata/Inventory",
    "requisitions": "/envi/odata/Requisitions",
    "requisition-fills": "/envi/odata/RequisitionFills",
    "adjustment-items": "/envi/odata/AdjustmentItems",
}
QUOTA_TEXT = "API calls quota exceeded! Maximum admitted 1000 per Hour."


def _envi_token(client: httpx2.Client, **fields: str) -> str:
    token: str = envi_password_grant(client, **fields).json()["access_token"]
    return token


def _envi_error(response: httpx2.Response, status: int) -> tuple[str, str]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    return error["code"], error["message"]


@pytest.mark.parametrize("operation", ENVI_OPERATIONS)
def test_envi_answers_each_operation(client: httpx2.Client, operation: str) -> None:
    path = ENVI_OPERATIONS[operation]
    token = _envi_token(client)
    answer = client.get(path, headers={"Authorization": f"Bearer {token}", "api-version": "1.0"})
    assert answer.status_code == 200
    assert answer.headers["api-supported-versions"] == "1.0"
    assert "api-deprecated-versions" not in answer.headers


@pytest.mark.parametrize("operation", ENVI_OPERATIONS)
def test_envi_refusals_of_each_operation(client: httpx2.Client, operation: str) -> None:
    path = ENVI_OPERATIONS[operation]
    bearer = {"Authorization": f"Bearer {_envi_token(client)}"}
    version = client.get(path, headers={**bearer, "api-version": "2.0"})
    assert _envi_error(version, 400) == (
        "UnsupportedApiVersion",
        "The HTTP resource that matches the request URI does not support the API version '2.0'.",
    )
    assert _envi_error(client.get(path), 401) == (
        "Unauthorized",
        "Authorization has been denied for this request.",
    )
    denied = {"Authorization": f"Bearer {_envi_token(client, username=ENVI_NO_ACCESS_USERNAME)}"}
    if operation in ("list", "metadata", "content"):
        assert _envi_error(client.get(path, headers=denied), 403) == (
            "Forbidden",
            "User doesn't have appropriate privileges.",
        )
    failed = client.get(path, headers={**bearer, FAULT_HEADER: "status=500"})
    assert _envi_error(failed, 500) == ("InternalServerError", "Internal Server Error")
    quota = client.get(path, headers={**bearer, FAULT_HEADER: "status=429;retry-after=7"})
    assert quota.status_code == 429
    assert (quota.text, quota.headers["retry-after"]) == (QUOTA_TEXT, "7")


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        pytest.param(
            f"/envi/odata/FileAttachments/{UNKNOWN_FILE}/metadata",
            "NotFound",
            f"The file '{UNKNOWN_FILE}' was not found.",
            id="metadata-unknown-file",
        ),
        pytest.param(
            f"/envi/odata/FileAttachments/{UNKNOWN_FILE}/content",
            "NotFound",
            f"The file '{UNKNOWN_FILE}' was not found.",
            id="content-unknown-file",
        ),
        pytest.param(
            f"/envi/odata/FileAttachments/{DELETED.file_id}/content",
            "FileContentUnavailable",
            "The file has no content: its status is Deleted.",
            id="content-deleted-file",
        ),
    ],
)
def test_envi_not_found(client: httpx2.Client, path: str, code: str, message: str) -> None:
    headers = {"Authorization": f"Bearer {_envi_token(client)}"}
    assert _envi_error(client.get(path, headers=headers), 404) == (code, message)


@pytest.mark.parametrize(
    ("path", "query", "message"),
    [
        pytest.param(
            ENVI_OPERATIONS["list"],
            {"$top": "5001"},
            "The limit for the $top query has been exceeded. "
            "The value from the incoming request is '5001'",
            id="list-top-over-5000",
        ),
        pytest.param(
            ENVI_OPERATIONS["list"],
            {"$filter": "fileType eq 'pdf' or fileType eq 'png'"},
            "The property 'fileType' is used more than once in $filter.",
            id="list-same-field-twice",
        ),
        pytest.param(
            ENVI_OPERATIONS["list"],
            {"$filter": "fileType eq 'pdf' and fileSize gt 1 or fileSize lt 9"},
            "Combining 'and' with 'or' in one $filter is not supported.",
            id="list-and-with-or",
        ),
        pytest.param(
            ENVI_OPERATIONS["list"],
            {"$filter": "fileName gt 'a'"},
            "The operator 'gt' needs a number or date property, not 'fileName'.",
            id="list-gt-on-text",
        ),
        pytest.param(
            ENVI_OPERATIONS["requisitions"],
            {"$top": "5001"},
            "The limit for the $top query has been exceeded. "
            "The value from the incoming request is '5001'",
            id="requisitions-top-over-5000",
        ),
        pytest.param(
            ENVI_OPERATIONS["adjustment-items"],
            {"$filter": "lastUpdated ge 2025-01-01"},
            "The operator 'ge' is not supported on this list.",
            id="adjustments-take-no-ge",
        ),
        pytest.param(
            ENVI_OPERATIONS["purchase-orders"],
            {"$filter": "lastUpdated ge 'yesterday'"},
            "'lastUpdated' is compared with a date or date-time, not ''yesterday''.",
            id="not-a-date",
        ),
    ],
)
def test_envi_refuses_bad_queries(
    client: httpx2.Client, path: str, query: dict[str, str], message: str
) -> None:
    headers = {"Authorization": f"Bearer {_envi_token(client)}"}
    answer = client.get(path, params=query, headers=headers)
    assert _envi_error(answer, 400) == ("BadRequest", message)


def test_envi_token_answers(client: httpx2.Client) -> None:
    first = envi_password_grant(client)
    assert first.status_code == 200
    form = {
        "grant_type": "refresh_token",
        "client_id": ENVI_CLIENT_ID,
        "refresh_token": first.json()["refresh_token"],
    }
    assert client.post("/envi/oauth2/token", data=form).status_code == 200
    reused = client.post("/envi/oauth2/token", data=form)
    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_grant",
        "error_description": "The refresh token is invalid or has expired.",
    }


# --- Amili -----------------------------------------------------------------------------------

AMILI_FILES = f"/amili/clients/{AMILI_CLIENT_NO}/files"
OVER_INT64 = 2**63
UNKNOWN_CLIENT_NO = 4242


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_amili_answers_with_every_filter_at_once(client: httpx2.Client, clock: FakeClock) -> None:
    query: dict[str, Any] = {
        "logitemid": 9100006,
        "type": "Invoice",
        "name": "Faktura 350025.pdf",
        "referenceno": 350025,
        "jobqueueid": 44001,
        "documentno": "350025",
        "serialize": "batch-01",
        "regenerate": "false",
    }
    token = mint_amili_token([AMILI_CLIENT_NO], 3600, now=clock())
    answer = client.get(AMILI_FILES, params=query, headers=_bearer(token))
    assert answer.status_code == 200
    body = answer.json()
    assert [record["name"] for record in body["files"]] == ["Faktura 350025.pdf"]
    record = body["files"][0]
    assert (record["serialize"], record["description"], record["arAccountNo"]) == (
        "batch-01",
        "Invoice",
        500002,
    )


@pytest.mark.parametrize(
    ("token", "path", "query", "status", "detail"),
    [
        pytest.param(
            [AMILI_CLIENT_NO],
            AMILI_FILES,
            {"logitemid": str(OVER_INT64)},
            400,
            f"The value '{OVER_INT64}' is not valid for 'logitemid': expected a 64-bit integer.",
            id="400-logitemid-out-of-range",
        ),
        pytest.param(
            [AMILI_CLIENT_NO],
            f"/amili/clients/{OVER_INT64}/files",
            {},
            400,
            f"The value '{OVER_INT64}' is not valid for 'clientno': expected a 64-bit integer.",
            id="400-clientno-out-of-range",
        ),
        pytest.param(None, AMILI_FILES, {}, 401, "A bearer token is required.", id="401-no-token"),
        pytest.param("expired", AMILI_FILES, {}, 401, "The token has expired.", id="401-expired"),
        pytest.param(
            "not-a-jwt", AMILI_FILES, {}, 401, "The token is not a JWT.", id="401-not-a-jwt"
        ),
        pytest.param(
            [AMILI_OTHER_CLIENT_NO],
            AMILI_FILES,
            {},
            403,
            f"The token does not grant access to client {AMILI_CLIENT_NO}.",
            id="403-other-client",
        ),
        pytest.param(
            [UNKNOWN_CLIENT_NO],
            f"/amili/clients/{UNKNOWN_CLIENT_NO}/files",
            {},
            404,
            f"Client {UNKNOWN_CLIENT_NO} was not found.",
            id="404-unknown-client",
        ),
    ],
)
def test_amili_refusals(
    client: httpx2.Client,
    clock: FakeClock,
    token: list[int] | str | None,
    path: str,
    query: dict[str, str],
    status: int,
    detail: str,
) -> None:
    if isinstance(token, list):
        headers = _bearer(mint_amili_token(token, 3600, now=clock()))
    elif token == "expired":
        headers = _bearer(mint_amili_token([AMILI_CLIENT_NO], 60, now=clock() - 3600))
    else:
        headers = {} if token is None else _bearer(token)
    answer = client.get(path, params=query, headers=headers)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    assert (body["status"], body["title"], body["detail"]) == (
        status,
        HTTPStatus(status).phrase,
        detail,
    )


# --- Altegio ---------------------------------------------------------------------------------

PARTNER = {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}"}
LOGIN = {"login": ALTEGIO_LOGIN, "password": ALTEGIO_PASSWORD}
EDITABLE_FILE_ID = 789  # the vendor's example `photo.jpg`, `can_edit: true`
READ_ONLY_FILE_ID = 123  # the vendor's example `test.txt`, `can_edit: false`
REFERRAL = ("referral.pdf", b"%PDF-1.4\n% a referral letter\n", "application/pdf")


def _files(location: int = ALTEGIO_LOCATION_ID, client_id: int = ALTEGIO_CLIENT_ID) -> str:
    return f"/altegio/v1/company/{location}/clients/files/{client_id}"


def _list(client: httpx2.Client, headers: dict[str, str], **where: int) -> httpx2.Response:
    return client.get(_files(**where), headers=headers)


def _delete(
    client: httpx2.Client, headers: dict[str, str], file_id: int = EDITABLE_FILE_ID, **where: int
) -> httpx2.Response:
    return client.delete(f"{_files(**where)}/{file_id}", headers=headers)


def _upload(client: httpx2.Client, headers: dict[str, str], **where: int) -> httpx2.Response:
    return client.post(_files(**where), headers=headers, files={"file": REFERRAL})


def _search(client: httpx2.Client, headers: dict[str, str], **where: int) -> httpx2.Response:
    location = where.get("location", ALTEGIO_LOCATION_ID)
    path = f"/altegio/v1/company/{location}/clients/search"
    return client.post(path, headers=headers, json={"page_size": 3})


ALTEGIO_OPERATIONS = {"list": _list, "delete": _delete, "upload": _upload, "search": _search}


def _altegio_message(response: httpx2.Response, status: int) -> str | None:
    """`meta.message` of an error envelope; None when `meta` is the vendor's empty array."""
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["success"], body["data"]) == (False, None)
    return None if body["meta"] == [] else str(body["meta"]["message"])


def test_altegio_login_answers(client: httpx2.Client) -> None:
    answer = client.post("/altegio/v1/auth", headers=PARTNER, json=LOGIN)
    assert answer.status_code == 201
    user = answer.json()["data"]
    assert (user["id"], user["name"], user["is_approved"]) == (1000001, "Sandbox Owner", True)
    assert (user["is_email_confirmed"], user["avatar"]) == (True, "/images/no-master.png")
    wrong = client.post("/altegio/v1/auth", headers=PARTNER, json={**LOGIN, "password": "x"})
    assert _altegio_message(wrong, 401) == "Incorrect login or password"
    partner = {"Authorization": "Bearer not-the-partner-token"}
    refused = client.post("/altegio/v1/auth", headers=partner, json=LOGIN)
    assert _altegio_message(refused, 401) == "Partner authentication failed."
    empty = client.post("/altegio/v1/auth", headers=PARTNER, json={"login": "", "password": ""})
    assert _altegio_message(empty, 422) == "The given data was invalid."
    assert empty.json()["meta"]["errors"] == {
        "login": ["The login field is required."],
        "password": ["The password field is required."],
    }
    limited = client.post(
        "/altegio/v1/auth", headers={**PARTNER, FAULT_HEADER: "status=429"}, json=LOGIN
    )
    assert _altegio_message(limited, 429) == "Too Many Requests"


def test_altegio_answers_each_file_operation(client: httpx2.Client) -> None:
    listed = _list(client, ALTEGIO_AUTH_HEADERS)
    assert listed.status_code == 200
    assert listed.json()["meta"] == {"count": 4}
    uploaded = _upload(client, ALTEGIO_AUTH_HEADERS)
    assert uploaded.status_code == 200
    rows = uploaded.json()["data"]
    assert (rows[-1]["id"], rows[-1]["name"], rows[-1]["size"]) == (
        500001,
        "referral.pdf",
        f"{len(REFERRAL[1])} B",
    )
    assert uploaded.json()["meta"] == {"count": 5}
    deleted = _delete(client, ALTEGIO_AUTH_HEADERS)
    assert deleted.status_code == 202
    assert deleted.json() == {"success": True, "data": None, "meta": {"message": "Accepted"}}
    assert _altegio_message(_delete(client, ALTEGIO_AUTH_HEADERS), 404) is None
    searched = _search(client, ALTEGIO_AUTH_HEADERS)
    assert searched.status_code == 200
    assert len(searched.json()["data"]) == 3


REFUSALS: dict[str, tuple[int, str | None, dict[str, Any]]] = {
    "401-wrong-user-token": (
        401,
        "Authentication needed.",
        {"headers": {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}, User not-the-token"}},
    ),
    "402-licence-expired": (
        402,
        "The license for this location has expired.",
        {"where": {"location": ALTEGIO_EXPIRED_LOCATION_ID, "client_id": 555001}},
    ),
    "403-unknown-location": (403, "Access denied.", {"where": {"location": 999}}),
    "404-unknown-client": (404, None, {"where": {"client_id": 999999}}),
    "429-rate-limited": (
        429,
        "Too Many Requests",
        {"headers": {**ALTEGIO_AUTH_HEADERS, FAULT_HEADER: "status=429"}},
    ),
}


@pytest.mark.parametrize(
    ("operation", "refusal"),
    [
        (operation, refusal)
        for operation in ALTEGIO_OPERATIONS
        for refusal in REFUSALS
        if not (operation == "search" and refusal.startswith("404"))  # it names no client
    ],
)
def test_altegio_refusals_of_each_operation(
    client: httpx2.Client, operation: str, refusal: str
) -> None:
    status, message, how = REFUSALS[refusal]
    send = ALTEGIO_OPERATIONS[operation]
    answer = send(client, how.get("headers", ALTEGIO_AUTH_HEADERS), **how.get("where", {}))
    assert _altegio_message(answer, status) == message


def test_altegio_refusals_of_one_file(client: httpx2.Client) -> None:
    read_only = _delete(client, ALTEGIO_AUTH_HEADERS, READ_ONLY_FILE_ID)
    assert _altegio_message(read_only, 403) == "Access denied."
    assert _altegio_message(_delete(client, ALTEGIO_AUTH_HEADERS, 1), 404) is None
    viewer = {"Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_VIEWER_TOKEN}"}
    assert _altegio_message(_upload(client, viewer), 403) == "Access denied."
    big = client.post(
        _files(),
        headers=ALTEGIO_AUTH_HEADERS,
        files={"file": ("scan.pdf", bytes(12 * 1024 * 1024), "application/pdf")},
    )
    assert _altegio_message(big, 422) == "The given data was invalid."
    assert big.json()["meta"]["errors"] == {"file": ["The file must be smaller than 12 MiB."]}


def test_altegio_search_refusals(client: httpx2.Client) -> None:
    path = f"/altegio/v1/company/{ALTEGIO_LOCATION_ID}/clients/search"
    too_big = client.post(path, headers=ALTEGIO_AUTH_HEADERS, json={"page_size": 201})
    assert _altegio_message(too_big, 422) == "The given data was invalid."
    assert too_big.json()["meta"]["errors"] == {
        "page_size": ["The page size must be between 1 and 200."]
    }
    unknown = {"filters": [{"type": "gender", "state": {"value": [1, 2]}}]}
    refused = client.post(path, headers=ALTEGIO_AUTH_HEADERS, json=unknown)
    assert _altegio_message(refused, 400) == "Недопустимое значение фильтра"
