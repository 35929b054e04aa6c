"""Every vendor's clients refuse the same bad arguments the same way, before any request:
a wrong type is a TypeError, a wrong value a ValueError. The vendors are those of
tests/support/vendors.py, each with its kit's client and listing."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from attachkit import Attachment
from attachkit._core.base import AsyncClientBase
from tests.support.models import attachment
from tests.support.vendors import ALL

pytestmark = pytest.mark.anyio


def _refuse(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"no request should be sent, got {request.method} {request.url}")


async def _refuse_async(request: httpx2.Request) -> httpx2.Response:
    return _refuse(request)


def _transport(is_async: bool) -> Any:
    return httpx2.MockTransport(_refuse_async if is_async else _refuse)


KITS = {vendor.name: vendor.kit for vendor in ALL}
CLIENTS = [
    pytest.param(name, is_async, id=f"{name}-{'async' if is_async else 'sync'}")
    for name in KITS
    for is_async in (False, True)
]


def _client(vendor: str, is_async: bool, options: dict[str, Any]) -> Any:
    """A client with made-up credentials that must send nothing."""
    return KITS[vendor].client(is_async, _transport(is_async), **options)


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
    with pytest.raises(error):
        _client(vendor, is_async, dict(options))


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
@pytest.mark.parametrize(
    ("retries", "error"), list(BAD_CALL_RETRIES.values()), ids=list(BAD_CALL_RETRIES)
)
def test_listings_refuse_bad_max_retries(
    vendor: str, is_async: bool, retries: object, error: type[Exception]
) -> None:
    client = _client(vendor, is_async, {})
    with pytest.raises(error, match="max_retries"):
        KITS[vendor].list_one(client, max_retries=retries)


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
    client = _client(vendor, is_async, {})
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
    client = _client(vendor, is_async, {})
    with pytest.raises(error, match="Attachment"):
        await _download(client, attachment)


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
async def test_downloads_refuse_another_vendors_attachment(vendor: str, is_async: bool) -> None:
    client = _client(vendor, is_async, {})
    other = next(name for name in KITS if name != vendor)
    with pytest.raises(ValueError, match=f"{other} attachment passed to the {vendor} client"):
        await _download(client, _attachment(other))


@pytest.mark.parametrize(("vendor", "is_async"), CLIENTS)
def test_listings_refuse_bools_and_wrong_types_as_ids(vendor: str, is_async: bool) -> None:
    kit = KITS[vendor]
    client = _client(vendor, is_async, {})
    assert kit.bad_entities, f"{vendor}: its kit names no bad entity arguments"
    for bad, error in kit.bad_entities:
        with pytest.raises(error):
            client.list_files(**{**kit.entity, **bad})
