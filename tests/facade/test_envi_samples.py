"""Envi's own documentation through the clients, sync and async: the quota text that comes
as the status line's reason, the token answer's `grant_type`, and the `Accept` header its
examples send. The samples are read from tests/specs/sources/envi/."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit.envi import AsyncEnviClient, EnviClient
from attachkit_envi_client.models import TokenResponse
from tests.facade.test_envi_support import ENTITY_ID, FILE_ID, file_record, list_body
from tests.specs.vendor_sources import source_text

URL = "https://envi.example"
Handler = Callable[[httpx2.Request], httpx2.Response]
SYNC_AND_ASYNC = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


def docs_quota() -> tuple[int, str, float]:
    """The docs' 429: the status, the reason after it, and the Retry-After example."""
    text = source_text("envi", "rate-limiting")
    line = re.search(r"^\s*(429) (API calls quota exceeded!.*)$", text, re.MULTILINE)
    retry_after = re.search(r"Retry-After: (\d+)", text)
    assert line is not None
    assert retry_after is not None
    return int(line.group(1)), line.group(2), float(retry_after.group(1))


def docs_token_fields() -> list[str]:
    """The fields the docs' token properties table lists."""
    return re.findall(r"\|\*\*(\w+)\*\*: \w+", source_text("envi", "authentication-properties"))


def _async(handler: Handler) -> Callable[[httpx2.Request], Coroutine[None, None, httpx2.Response]]:
    async def respond(request: httpx2.Request) -> httpx2.Response:
        return handler(request)

    return respond


def sync_envi(handler: Handler, **options: Any) -> EnviClient:
    return EnviClient(
        URL, token="token-envi-0001", transport=httpx2.MockTransport(handler), **options
    )


def async_envi(handler: Handler, **options: Any) -> AsyncEnviClient:
    transport = httpx2.MockTransport(_async(handler))
    return AsyncEnviClient(URL, token="token-envi-0001", transport=transport, **options)


def get_file(handler: Handler, is_async: bool) -> None:
    if not is_async:
        with sync_envi(handler, max_retries=0) as envi:
            envi.get_file(FILE_ID)
        return

    async def fetch() -> None:
        async with async_envi(handler, max_retries=0) as envi:
            await envi.get_file(FILE_ID)

    anyio.run(fetch)


# --- the quota text as the reason ----------------------------------------------------------


@SYNC_AND_ASYNC
def test_the_quota_text_is_kept_from_the_reason_when_the_body_is_empty(is_async: bool) -> None:
    status, reason, retry_after = docs_quota()

    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            status,
            headers={"Retry-After": f"{retry_after:g}"},
            extensions={"reason_phrase": reason.encode("ascii")},
        )

    with pytest.raises(errors.RateLimitError) as caught:
        get_file(handler, is_async)
    error = caught.value
    assert error.vendor_message == "API calls quota exceeded! Maximum admitted 1000 per Hour."
    assert error.retry_after == 1256.0
    assert str(error).endswith(": API calls quota exceeded! Maximum admitted 1000 per Hour.")


@pytest.mark.parametrize("reason", [b"Too Many Requests", b"TOO MANY REQUESTS", b"", b"  "])
def test_a_standard_or_empty_reason_says_nothing(reason: bytes) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(429, extensions={"reason_phrase": reason})

    with pytest.raises(errors.RateLimitError) as caught:
        get_file(handler, False)
    assert caught.value.vendor_message is None


def test_a_body_says_more_than_the_reason() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            429, text="Quota text in the body.", extensions={"reason_phrase": b"Slow down"}
        )

    with pytest.raises(errors.RateLimitError) as caught:
        get_file(handler, False)
    assert caught.value.vendor_message == "Quota text in the body."


# --- the token answer ----------------------------------------------------------------------


def test_the_token_answer_has_the_fields_the_docs_list() -> None:
    fields = docs_token_fields()
    assert fields == ["grant_type", "access_token", "token_type", "expires_in", "refresh_token"]
    answer = {
        "grant_type": "refresh_token",
        "access_token": "access-0001",
        "token_type": "bearer",
        "expires_in": 59,
        "refresh_token": "refresh-0001",
    }
    token = TokenResponse.from_dict(answer)
    assert token.grant_type == "refresh_token"
    assert token.additional_properties == {}  # nothing the spec does not know
    assert token.to_dict() == answer


@SYNC_AND_ASYNC
def test_a_token_answer_with_grant_type_logs_in(is_async: bool) -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if request.url.path == "/oauth2/token":
            return httpx2.Response(
                200,
                json={
                    "grant_type": "password",
                    "access_token": "access-0001",
                    "token_type": "bearer",
                    "expires_in": 3600,
                    "refresh_token": "refresh-0001",
                },
            )
        return httpx2.Response(200, json=file_record())

    if is_async:

        async def fetch() -> None:
            async with AsyncEnviClient.from_password(
                URL, username="buyer", password="secret-0001",
                transport=httpx2.MockTransport(_async(handler)),
            ) as envi:  # fmt: skip
                await envi.get_file(FILE_ID)

        anyio.run(fetch)
    else:
        with EnviClient.from_password(
            URL, username="buyer", password="secret-0001", transport=httpx2.MockTransport(handler)
        ) as envi:
            envi.get_file(FILE_ID)
    assert seen[1].headers["authorization"] == "Bearer access-0001"


# --- Accept ---------------------------------------------------------------------------------


@SYNC_AND_ASYNC
def test_requests_accept_json_and_a_files_content_anything(is_async: bool) -> None:
    seen: dict[str, str] = {}

    def handler(request: httpx2.Request) -> httpx2.Response:
        path = request.url.path
        kind = "token" if path == "/oauth2/token" else path.rpartition("/")[2] or path
        seen[kind.split("(")[0]] = request.headers.get("accept", "")
        if path == "/oauth2/token":
            return httpx2.Response(
                200,
                json={"access_token": "a-0001", "token_type": "bearer", "expires_in": 3600},
            )
        if path.endswith("/content"):
            return httpx2.Response(200, content=b"12 bytes....")
        if path.endswith("/metadata"):
            return httpx2.Response(200, json=file_record(fileSize=12))
        return httpx2.Response(200, json=list_body([file_record(fileSize=12)]))

    if is_async:

        async def run() -> None:
            async with AsyncEnviClient.from_password(
                URL, username="buyer", password="secret-0001",
                transport=httpx2.MockTransport(_async(handler)),
            ) as envi:  # fmt: skip
                (listed,) = [att async for att in envi.list_files(ENTITY_ID)]
                await envi.get_file(FILE_ID)
                await envi.download(listed)

        anyio.run(run)
    else:
        with EnviClient.from_password(
            URL, username="buyer", password="secret-0001", transport=httpx2.MockTransport(handler)
        ) as envi:
            (listed,) = envi.list_files(ENTITY_ID)
            envi.get_file(FILE_ID)
            envi.download(listed)
    assert seen == {
        "token": "application/json",
        "FileAttachments": "application/json",
        "metadata": "application/json",
        "content": "*/*",
    }


def test_the_docs_examples_send_accept_json() -> None:
    for source_id in ("authentication-curl", "retrieving-data"):
        assert "--header 'Accept: application/json'" in source_text("envi", source_id)
