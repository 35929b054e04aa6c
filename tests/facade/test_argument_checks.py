"""Every vendor's clients refuse the same bad arguments the same way, before any request:
a wrong type is a TypeError, a wrong value a ValueError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from attachkit import Attachment
from attachkit._core.base import AsyncClientBase
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient
from tests.support.models import attachment

ENTITY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
pytestmark = pytest.mark.anyio


def _refuse(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"no request should be sent, got {request.method} {request.url}")


async def _refuse_async(request: httpx2.Request) -> httpx2.Response:
    return _refuse(request)


def _transport(is_async: bool) -> Any:
    return httpx2.MockTransport(_refuse_async if is_async else _refuse)


# Per vendor: how to build a client with extra options, and how to list one entity.
Vendor = tuple[
    Callable[[bool, dict[str, Any]], Any],
    Callable[[Any, dict[str, Any]], Any],
]


def _envi(is_async: bool, options: dict[str, Any]) -> Any:
    client = AsyncEnviClient if is_async else EnviClient
    url = options.pop("base_url", "https://envi.example")
    return client(url, token="t", transport=_transport(is_async), **options)


def _amili(is_async: bool, options: dict[str, Any]) -> Any:
    client = AsyncAmiliClient if is_async else AmiliClient
    url = options.pop("base_url", "https://amili.example")
    return client(url, token="t", transport=_transport(is_async), **options)


def _altegio(is_async: bool, options: dict[str, Any]) -> Any:
    client = AsyncAltegioClient if is_async else AltegioClient
    url = options.pop("base_url", "https://altegio.example")
    return client(
        partner_token="p", user_token="u", base_url=url, transport=_transport(is_async), **options
    )


VENDORS: dict[str, Vendor] = {
    "envi": (_envi, lambda c, kw: c.list_files(ENTITY, **kw)),
    "amili": (_amili, lambda c, kw: c.list_files(2218, **kw)),
    "altegio": (_altegio, lambda c, kw: c.list_files(456, 123456, **kw)),
}
CLIENTS = [
    pytest.param(vendor, is_async, id=f"{vendor}-{'async' if is_async else 'sync'}")
    for vendor in VENDORS
    for is_async in (False, True)
]

BAD_OPTIONS = {
    "max_retries-string": ({"max_retries": "2"}, TypeError),
    "max_retries-bool": ({"max_retries": True}, TypeError),
    "max_retries-float": ({"max_retries": 2.0}, TypeError),
    "max_retries-negative": ({"max_retries": -1}, ValueError),
    "timeout-negative": ({"timeout": -1}, ValueError),
    "timeout-string": ({"timeout": "10"}, ValueError),
    "retry-dict": ({"retry": {"max_retries": 1}}, TypeError),
    "base_url-int": ({"base_url": 5}, TypeError),
    "base_url-relative": ({"base_url": "vendor.example/api"}, ValueError),
    "base_url-ftp": ({"base_url": "ftp://vendor.example"}, ValueError),
    "base_url-broken": ({"base_url": "https://[::1"}, ValueError),
}
BAD_CALL_RETRIES = {
    "string": ("2", TypeError),
    "bool": (False, TypeError),
    "float": (1.5, TypeError),
    "negative": (-1, ValueError),
}


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize(("options", "error"), list(BAD_OPTIONS.values()), ids=list(BAD_OPTIONS))
def test_constructors_refuse_bad_options(
    vendor: str, is_async: bool, options: dict[str, Any], error: type[Exception]
) -> None:
    make, _list = VENDORS[vendor]
    with pytest.raises(error):
        make(is_async, dict(options))


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize(
    ("retries", "error"), list(BAD_CALL_RETRIES.values()), ids=list(BAD_CALL_RETRIES)
)
def test_listings_refuse_bad_max_retries(
    vendor: str, is_async: bool, retries: object, error: type[Exception]
) -> None:
    make, list_files = VENDORS[vendor]
    client = make(is_async, {})
    with pytest.raises(error, match="max_retries"):
        list_files(client, {"max_retries": retries})


async def _download(client: Any, attachment: object, **options: object) -> bytes:
    """`download` on either kind of client."""
    result = client.download(attachment, **options)
    return await result if isinstance(client, AsyncClientBase) else result  # type: ignore[no-any-return]


def _attachment(vendor: str) -> Attachment:
    return attachment(vendor=vendor, id="1", size=1)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize(
    ("retries", "error"), list(BAD_CALL_RETRIES.values()), ids=list(BAD_CALL_RETRIES)
)
async def test_downloads_refuse_bad_max_retries(
    vendor: str, is_async: bool, retries: object, error: type[Exception]
) -> None:
    make, _list = VENDORS[vendor]
    client = make(is_async, {})
    with pytest.raises(error, match="max_retries"):
        await _download(client, _attachment(vendor), max_retries=retries)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize(
    ("attachment", "error"),
    [("a.txt", TypeError), (None, TypeError), ({"id": "1"}, TypeError)],
    ids=["name", "none", "dict"],
)
async def test_downloads_refuse_what_is_not_an_attachment(
    vendor: str, is_async: bool, attachment: object, error: type[Exception]
) -> None:
    make, _list = VENDORS[vendor]
    client = make(is_async, {})
    with pytest.raises(error, match="Attachment"):
        await _download(client, attachment)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
async def test_downloads_refuse_another_vendors_attachment(vendor: str, is_async: bool) -> None:
    make, _list = VENDORS[vendor]
    client = make(is_async, {})
    other = next(name for name in VENDORS if name != vendor)
    with pytest.raises(ValueError, match=f"{other} attachment passed to the {vendor} client"):
        await _download(client, _attachment(other))


ENTITY_ARGUMENTS: dict[str, list[tuple[dict[str, Any], type[Exception]]]] = {
    "envi": [({"entity_id": True}, TypeError), ({"entity_id": "PO-1"}, ValueError)],
    "amili": [({"client_no": True}, TypeError), ({"client_no": "2218"}, TypeError)],
    "altegio": [({"location_id": True}, TypeError), ({"client_id": "1"}, TypeError)],
}


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
def test_listings_refuse_bools_and_wrong_types_as_ids(vendor: str, is_async: bool) -> None:
    make, _list = VENDORS[vendor]
    client = make(is_async, {})
    every: dict[str, dict[str, Any]] = {
        "envi": {"entity_id": ENTITY},
        "amili": {"client_no": 2218},
        "altegio": {"location_id": 456, "client_id": 123456},
    }
    defaults = every[vendor]
    for bad, error in ENTITY_ARGUMENTS[vendor]:
        with pytest.raises(error):
            client.list_files(**{**defaults, **bad})
