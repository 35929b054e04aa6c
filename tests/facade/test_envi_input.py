"""Bad input to the Envi clients: refused with TypeError/ValueError before any request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

from attachkit.envi import AsyncEnviClient, EnviClient, EnviTokenAuth
from tests.facade.test_envi_support import ENTITY_ID, FILE_ID, MOCK_URL, attachment, entries

BAD_LIST_ARGUMENTS = {
    "entity_id-int": ({"entity_id": 123}, TypeError),
    "entity_id-none": ({"entity_id": None}, TypeError),
    "entity_id-bytes": ({"entity_id": ENTITY_ID.bytes}, TypeError),
    "entity_id-word": ({"entity_id": "not-a-uuid"}, ValueError),
    "entity_id-empty": ({"entity_id": ""}, ValueError),
    "entity_id-number-string": ({"entity_id": "123"}, ValueError),
    "entity_id-too-long": ({"entity_id": f"{ENTITY_ID}0"}, ValueError),
    "entity_id-odata-injection": ({"entity_id": f"{ENTITY_ID})?$top=1&x=("}, ValueError),
    "page_size-string": ({"page_size": "10"}, TypeError),
    "page_size-float": ({"page_size": 10.0}, TypeError),
    "page_size-bool": ({"page_size": True}, TypeError),
    "page_size-zero": ({"page_size": 0}, ValueError),
    "page_size-negative": ({"page_size": -5}, ValueError),
    "entity_type-bool": ({"entity_type": True}, TypeError),
    "entity_type-label": ({"entity_type": "Purchase Order"}, TypeError),
    "entity_type-float": ({"entity_type": 1.0}, TypeError),
    "filter-int": ({"filter": 5}, TypeError),
    "search-list": ({"search": ["gloves"]}, TypeError),
    "order_by-dict": ({"order_by": {"fileSize": "desc"}}, TypeError),
    "max_retries-string": ({"max_retries": "2"}, TypeError),
    "max_retries-negative": ({"max_retries": -1}, ValueError),
}
BAD_FILE_IDS = {
    "int": (123, TypeError),
    "none": (None, TypeError),
    "word": ("report.pdf", ValueError),
    "path": (f"{FILE_ID}/../../other", ValueError),
}
NOT_ATTACHMENTS = {
    "string": ("Packing slip.pdf", TypeError),
    "dict": ({"id": str(FILE_ID)}, TypeError),
    "none": (None, TypeError),
    "amili-attachment": (attachment(vendor="amili", id="7"), ValueError),
    "forged-id": (attachment(id="../../etc/passwd"), ValueError),
}


def refuse(request: httpx2.Request) -> httpx2.Response:
    raise AssertionError(f"no request should be sent, got {request.method} {request.url}")


async def refuse_async(request: httpx2.Request) -> httpx2.Response:
    return refuse(request)


def sync_client() -> EnviClient:
    return EnviClient(MOCK_URL, token="t", transport=httpx2.MockTransport(refuse))


def async_client() -> AsyncEnviClient:
    return AsyncEnviClient(MOCK_URL, token="t", transport=httpx2.MockTransport(refuse_async))


@pytest.mark.parametrize(
    ("arguments", "error"), BAD_LIST_ARGUMENTS.values(), ids=BAD_LIST_ARGUMENTS.keys()
)
def test_list_files_refuses_bad_arguments_when_called(
    arguments: dict[str, Any], error: type[Exception]
) -> None:
    with sync_client() as envi, pytest.raises(error):
        envi.list_files(**{"entity_id": ENTITY_ID, **arguments})


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "error"), BAD_LIST_ARGUMENTS.values(), ids=BAD_LIST_ARGUMENTS.keys()
)
async def test_async_list_files_refuses_bad_arguments_when_called(
    arguments: dict[str, Any], error: type[Exception]
) -> None:
    async with async_client() as envi:
        with pytest.raises(error):
            envi.list_files(**{"entity_id": ENTITY_ID, **arguments})


@pytest.mark.parametrize(("file_id", "error"), BAD_FILE_IDS.values(), ids=BAD_FILE_IDS.keys())
def test_get_file_refuses_bad_ids(file_id: Any, error: type[Exception]) -> None:
    with sync_client() as envi, pytest.raises(error):
        envi.get_file(file_id)


@pytest.mark.anyio
@pytest.mark.parametrize(("file_id", "error"), BAD_FILE_IDS.values(), ids=BAD_FILE_IDS.keys())
async def test_async_get_file_refuses_bad_ids(file_id: Any, error: type[Exception]) -> None:
    async with async_client() as envi:
        with pytest.raises(error):
            await envi.get_file(file_id)


@pytest.mark.parametrize(("value", "error"), NOT_ATTACHMENTS.values(), ids=NOT_ATTACHMENTS.keys())
def test_content_calls_refuse_anything_but_an_envi_attachment(
    tmp_path: Path, value: Any, error: type[Exception]
) -> None:
    with sync_client() as envi:
        with pytest.raises(error):
            envi.download(value)
        with pytest.raises(error):
            envi.save(value, tmp_path)
        with pytest.raises(error), envi.open(value):
            pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.anyio
@pytest.mark.parametrize(("value", "error"), NOT_ATTACHMENTS.values(), ids=NOT_ATTACHMENTS.keys())
async def test_async_content_calls_refuse_anything_but_an_envi_attachment(
    tmp_path: Path, value: Any, error: type[Exception]
) -> None:
    async with async_client() as envi:
        with pytest.raises(error):
            await envi.download(value)
        with pytest.raises(error):
            await envi.save(value, tmp_path)
    assert await entries(tmp_path) == []


def test_content_calls_refuse_a_bad_max_retries() -> None:
    with sync_client() as envi:
        with pytest.raises(TypeError):
            envi.download(attachment(), max_retries="3")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_retries"):
            envi.get_file(FILE_ID, max_retries=-2)


Constructor = Callable[..., object]
CONSTRUCTORS = {
    "sync": (EnviClient, EnviClient.from_password),
    "async": (AsyncEnviClient, AsyncEnviClient.from_password),
}
BAD_CONSTRUCTIONS = {
    "base_url-int": (lambda new, login: new(123, token="t"), TypeError),
    "base_url-no-scheme": (lambda new, login: new("envi.example", token="t"), ValueError),
    "base_url-ftp": (lambda new, login: new("ftp://envi.example", token="t"), ValueError),
    "no-credentials": (lambda new, login: new(MOCK_URL), TypeError),
    "token-empty": (lambda new, login: new(MOCK_URL, token=""), ValueError),
    "token-int": (lambda new, login: new(MOCK_URL, token=5), TypeError),
    "token-and-auth": (
        lambda new, login: new(MOCK_URL, token="t", auth=EnviTokenAuth("t")),
        TypeError,
    ),
    "auth-string": (lambda new, login: new(MOCK_URL, auth="t"), TypeError),
    "max_retries-negative": (
        lambda new, login: new(MOCK_URL, token="t", max_retries=-1),
        ValueError,
    ),
    "timeout-negative": (lambda new, login: new(MOCK_URL, token="t", timeout=-1), ValueError),
    "username-empty": (lambda new, login: login(MOCK_URL, username="", password="p"), ValueError),
    "password-none": (lambda new, login: login(MOCK_URL, username="u", password=None), TypeError),
    "organization-int": (
        lambda new, login: login(MOCK_URL, username="u", password="p", organization_no=2000),
        TypeError,
    ),
    "login-base_url-relative": (
        lambda new, login: login("/envi", username="u", password="p"),
        ValueError,
    ),
}


@pytest.mark.parametrize(
    ("make", "error"), BAD_CONSTRUCTIONS.values(), ids=BAD_CONSTRUCTIONS.keys()
)
@pytest.mark.parametrize("constructors", CONSTRUCTORS.values(), ids=CONSTRUCTORS.keys())
def test_constructors_refuse_bad_arguments(
    constructors: tuple[Constructor, Constructor],
    make: Callable[[Constructor, Constructor], object],
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        make(*constructors)


def test_a_token_provider_must_give_a_token() -> None:
    transport = httpx2.MockTransport(refuse)
    with (
        EnviClient(MOCK_URL, token=lambda: "", transport=transport) as envi,
        pytest.raises(TypeError, match="token provider"),
    ):
        envi.get_file(FILE_ID)
