"""Users coming from httpx: the clients take httpx2 objects (`transport=`, `auth=`,
`timeout=`), and refuse httpx's own, when the client is made, with a TypeError that names
the object and points to the README's "Migrating from httpx" (an httpx transport would
otherwise fail deep inside the first request with a bare AssertionError).

The old package is installed here only because the code generator needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import httpx
import httpx2
import pytest

from attachkit import errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient

ENTITY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
MIGRATING = 'see "Migrating from httpx" in the README'
pytestmark = pytest.mark.anyio


class TokenAuth(httpx2.Auth):
    """An httpx2.Auth, as a user writes one: a fixed header."""

    def __init__(self, token: str) -> None:
        self._header = f"Token {token}"

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response]:
        request.headers["Authorization"] = self._header
        yield request


def _never(request: Any) -> Any:
    raise AssertionError(f"no request should be sent, got {request.method} {request.url}")


def _envi(is_async: bool, **options: Any) -> Any:
    return (AsyncEnviClient if is_async else EnviClient)("https://envi.example", **options)


def _amili(is_async: bool, **options: Any) -> Any:
    return (AsyncAmiliClient if is_async else AmiliClient)(
        "https://amili.example", token="t", **options
    )


def _altegio(is_async: bool, **options: Any) -> Any:
    return (AsyncAltegioClient if is_async else AltegioClient)(
        partner_token="p", user_token="u", **options
    )


MAKERS: dict[str, Callable[..., Any]] = {
    "envi": lambda is_async, **options: _envi(is_async, token="t", **options),
    "amili": _amili,
    "altegio": _altegio,
}
CLIENTS = [
    pytest.param(vendor, is_async, id=f"{vendor}-{'async' if is_async else 'sync'}")
    for vendor in MAKERS
    for is_async in (False, True)
]


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
def test_an_httpx_transport_is_refused_with_the_way_out(vendor: str, is_async: bool) -> None:
    old = httpx.MockTransport(_never)
    with pytest.raises(TypeError, match="transport") as refused:
        MAKERS[vendor](is_async, transport=old)
    expected = "httpx2.AsyncBaseTransport" if is_async else "httpx2.BaseTransport"
    assert f"must be an {expected}, not httpx.MockTransport" in str(refused.value)
    assert MIGRATING in str(refused.value)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
def test_a_subclass_of_an_httpx_transport_is_named_with_its_base(
    vendor: str, is_async: bool
) -> None:
    base: type[Any] = httpx.AsyncHTTPTransport if is_async else httpx.HTTPTransport
    counting = type("Counting", (base,), {})()
    with pytest.raises(TypeError, match=rf"not Counting, an httpx\.{base.__name__}: build it"):
        MAKERS[vendor](is_async, transport=counting)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize("transport", ["http://proxy.example", object(), 5])
def test_what_is_no_transport_at_all_is_refused(
    vendor: str, is_async: bool, transport: object
) -> None:
    refusal = rf"transport must be an httpx2\.\w+, not {type(transport).__name__}$"
    with pytest.raises(TypeError, match=refusal):
        MAKERS[vendor](is_async, transport=transport)


@pytest.mark.parametrize("vendor", MAKERS)
def test_a_sync_client_refuses_an_async_only_transport(vendor: str) -> None:
    with pytest.raises(TypeError, match="not AsyncHTTPTransport"):
        MAKERS[vendor](False, transport=httpx2.AsyncHTTPTransport())


@pytest.mark.parametrize("vendor", MAKERS)
async def test_an_async_client_refuses_a_sync_only_transport(vendor: str) -> None:
    with pytest.raises(TypeError, match="not HTTPTransport"):
        MAKERS[vendor](True, transport=httpx2.HTTPTransport())


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
def test_an_httpx_timeout_is_refused_with_the_way_out(vendor: str, is_async: bool) -> None:
    with pytest.raises(TypeError, match=r"timeout must be an httpx2\.Timeout or a number") as no:
        MAKERS[vendor](is_async, transport=httpx2.MockTransport(_never), timeout=httpx.Timeout(5))
    assert "not httpx.Timeout" in str(no.value)
    assert MIGRATING in str(no.value)


class OldTokenAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer old"
        yield request


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_an_httpx_auth_is_refused_with_the_way_out(is_async: bool) -> None:
    with pytest.raises(TypeError) as refused:
        _envi(is_async, auth=OldTokenAuth(), transport=httpx2.MockTransport(_never))
    assert "auth must be an httpx2.Auth, not OldTokenAuth, an httpx.Auth" in str(refused.value)
    assert MIGRATING in str(refused.value)


def _listing_answer(request: httpx2.Request) -> httpx2.Response:
    if request.headers.get("Authorization") != "Token migrated":
        return httpx2.Response(401, json={"error": {"code": "401", "message": "no token"}})
    return httpx2.Response(200, json={"@odata.count": 0, "value": []})


async def test_migrated_objects_work_as_the_httpx_ones_did() -> None:
    """An httpx2 transport, Auth and Timeout, as a user passes them after changing imports."""
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return _listing_answer(request)

    async def answer_async(request: httpx2.Request) -> httpx2.Response:
        return answer(request)

    timeout = httpx2.Timeout(5.0, connect=2.0)
    transport = httpx2.MockTransport(answer)
    with EnviClient(
        "https://envi.example", auth=TokenAuth("migrated"), transport=transport, timeout=timeout
    ) as envi:
        assert list(envi.list_files(ENTITY)) == []
    async_transport = httpx2.MockTransport(answer_async)
    async with AsyncEnviClient(
        "https://envi.example",
        auth=TokenAuth("migrated"),
        transport=async_transport,
        timeout=timeout,
    ) as envi_async:
        assert [att async for att in envi_async.list_files(ENTITY)] == []
    assert len(seen) == 2
    assert all(request.extensions["timeout"]["connect"] == 2.0 for request in seen)


def test_a_wrong_token_through_a_migrated_auth_is_still_an_attachkit_error() -> None:
    transport = httpx2.MockTransport(_listing_answer)
    with (
        EnviClient("https://envi.example", auth=TokenAuth("wrong"), transport=transport) as envi,
        pytest.raises(errors.AuthenticationError),
    ):
        list(envi.list_files(ENTITY))
