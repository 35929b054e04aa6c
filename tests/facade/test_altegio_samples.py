"""Altegio's own samples through the clients, sync and async: rows without `client_id`
(its MCP server's fixtures and mocked upload answer), a login refused on a 200 (its MCP
server's mock), and the YCLIENTS blueprint's licence refusals.

The answers are the spec's examples and the blueprint's texts, which
tests/specs/test_altegio_sources.py holds to their sources.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.cli import ExitCode, run
from tests.specs.spec_examples import load_spec
from tests.specs.test_altegio_sources import BLUEPRINT, RENEW_LICENCE, blueprint_refusal

SPEC = load_spec("altegio")
FILES_PATH = "/v1/company/{location_id}/clients/files/{client_id}"
PARTNER, USER, PASSWORD = "partner-token-0001", "user-token-0001", "password-0001"
# The MCP server's tests list and upload for location 7, client 8.
LOCATION, CLIENT = 7, 8


def example(operation: str, status: str, name: str, path: str = FILES_PATH) -> Any:
    content = SPEC["paths"][path][operation]["responses"][status]["content"]
    return content["application/json"]["examples"][name]["value"]


MCP_ROWS = example("get", "200", "mcpFixture")
MCP_UPLOAD = example("post", "200", "mcpAnswer")
MCP_LOGIN_REFUSED = example("post", "200", "mcpMock", path="/v1/auth")

Handler = Callable[[httpx2.Request], httpx2.Response]


def answering(status: int, body: object) -> Handler:
    return lambda request: httpx2.Response(status, json=body)


def sync_client(handler: Handler, *, login: bool = False) -> AltegioClient:
    transport = httpx2.MockTransport(handler)
    if login:
        return AltegioClient.from_login(
            PARTNER, "owner@example.com", PASSWORD, rate_limits=None, transport=transport
        )
    return AltegioClient(
        partner_token=PARTNER, user_token=USER, rate_limits=None, transport=transport
    )


def async_client(handler: Handler, *, login: bool = False) -> AsyncAltegioClient:
    async def respond(request: httpx2.Request) -> httpx2.Response:
        return handler(request)

    transport = httpx2.MockTransport(respond)
    if login:
        return AsyncAltegioClient.from_login(
            PARTNER, "owner@example.com", PASSWORD, rate_limits=None, transport=transport
        )
    return AsyncAltegioClient(
        partner_token=PARTNER, user_token=USER, rate_limits=None, transport=transport
    )


def listed(handler: Handler, is_async: bool, *, login: bool = False) -> list[Any]:
    if not is_async:
        with sync_client(handler, login=login) as altegio:
            return list(altegio.list_files(LOCATION, CLIENT))

    async def listing() -> list[Any]:
        async with async_client(handler, login=login) as altegio:
            return [att async for att in altegio.list_files(LOCATION, CLIENT)]

    return anyio.run(listing)


SYNC_AND_ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


# --- rows without client_id ----------------------------------------------------------------


@SYNC_AND_ASYNC
def test_the_mcp_servers_rows_are_the_clients_the_path_names(is_async: bool) -> None:
    assert all("client_id" not in row for row in MCP_ROWS["data"])
    files = listed(answering(200, MCP_ROWS), is_async)
    assert [(att.id, att.name, att.entity.id) for att in files] == [
        ("1", "consent.pdf", "8"),
        ("2", "x.pdf", "8"),
    ]
    assert [att.size for att in files] == [9, 9]
    assert "client_id" not in files[0].raw.to_dict()  # `raw` is the row as it was sent


@SYNC_AND_ASYNC
def test_a_row_that_names_another_client_keeps_it(is_async: bool) -> None:
    rows = {**MCP_ROWS, "data": [{**MCP_ROWS["data"][0], "client_id": 99}, MCP_ROWS["data"][1]]}
    files = listed(answering(200, rows), is_async)
    assert [att.entity.id for att in files] == ["99", "8"]


@SYNC_AND_ASYNC
def test_the_mcp_servers_upload_answer_is_the_new_file(is_async: bool) -> None:
    handler = answering(200, MCP_UPLOAD)
    if is_async:

        async def upload() -> Any:
            async with async_client(handler) as altegio:
                return await altegio.upload_file(
                    LOCATION, CLIENT, b"\x00\x01\x02", name="signed.pdf"
                )

        uploaded = anyio.run(upload)
    else:
        with sync_client(handler) as altegio:
            uploaded = altegio.upload_file(LOCATION, CLIENT, b"\x00\x01\x02", name="signed.pdf")
    assert (uploaded.id, uploaded.name, uploaded.entity.id) == ("91", "signed.pdf", "8")


# --- a login refused on a success status -----------------------------------------------------


@SYNC_AND_ASYNC
def test_a_login_refused_with_200_is_an_authentication_error(is_async: bool) -> None:
    requests: list[str] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request.url.path)
        return httpx2.Response(200, json=MCP_LOGIN_REFUSED)

    with pytest.raises(errors.AuthenticationError) as caught:
        listed(handler, is_async, login=True)
    error = caught.value
    assert (error.status_code, error.vendor_message) == (200, "Invalid credentials")
    assert str(error) == "altegio: login refused: Invalid credentials"
    assert requests == ["/api/v1/auth"]  # refused once, not retried
    assert PASSWORD not in repr(vars(error))


@pytest.mark.parametrize("status", [200, 201, 202])
def test_any_success_status_with_success_false_is_a_refusal(status: int) -> None:
    body: dict[str, Any] = {"success": False, "data": None, "meta": []}
    with pytest.raises(errors.AuthenticationError) as caught:
        listed(answering(status, body), False, login=True)
    assert str(caught.value) == f"altegio: login refused: HTTP {status}"


def test_the_command_says_the_credentials_were_refused() -> None:
    async def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json=MCP_LOGIN_REFUSED)

    environ = {
        "ATTACHKIT_ALTEGIO_PARTNER_TOKEN": PARTNER,
        "ATTACHKIT_ALTEGIO_LOGIN": "owner@example.com",
        "ATTACHKIT_ALTEGIO_PASSWORD": PASSWORD,
    }
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["altegio", "list", "--location", str(LOCATION), str(CLIENT)],
        environ=environ,
        stdin=io.StringIO(),
        stdout=out,
        stderr=err,
        transport=httpx2.MockTransport(handler),
    )
    assert code == ExitCode.AUTH  # the vendor's refusal, not a setting to check (exit 2)
    assert err.getvalue().splitlines() == ["attachkit: altegio: login refused: Invalid credentials"]
    assert PASSWORD not in out.getvalue() + err.getvalue()


# --- licence refusals ----------------------------------------------------------------------


@SYNC_AND_ASYNC
@pytest.mark.parametrize("source_id", BLUEPRINT)
def test_the_blueprints_licence_refusals_are_payment_required(
    source_id: str, is_async: bool
) -> None:
    status, message = blueprint_refusal(source_id)
    body = {"success": False, "data": None, "meta": {"message": message}}
    with pytest.raises(errors.PaymentRequiredError) as caught:
        listed(answering(status, body), is_async)
    error = caught.value
    assert (error.status_code, error.vendor_message) == (status, RENEW_LICENCE)
    assert str(error).endswith(f": {RENEW_LICENCE}")


@pytest.mark.parametrize(
    "message",
    [
        "The license for this location has expired.",
        "You need to renew the licence of this branch",
        "Please extend your license to continue",
        "Лицензия истекла",
    ],
)
@pytest.mark.parametrize("status", [402, 403])
def test_a_licence_message_in_english_or_russian_is_payment_required(
    status: int, message: str
) -> None:
    body = {"success": False, "data": None, "meta": {"message": message}}
    with pytest.raises(errors.PaymentRequiredError) as caught:
        listed(answering(status, body), False)
    assert caught.value.vendor_message == message


@pytest.mark.parametrize(
    ("status", "message", "error"),
    [
        (403, "Access denied.", errors.PermissionDeniedError),
        (403, "No access to the license settings page", errors.PermissionDeniedError),
        (401, RENEW_LICENCE, errors.AuthenticationError),
        (404, RENEW_LICENCE, errors.NotFoundError),
        (402, "Payment required", errors.PaymentRequiredError),
    ],
)
def test_other_refusals_keep_their_status_class(
    status: int, message: str, error: type[errors.APIStatusError]
) -> None:
    body = {"success": False, "data": None, "meta": {"message": message}}
    with pytest.raises(errors.APIStatusError) as caught:
        listed(answering(status, body), False)
    assert type(caught.value) is error
