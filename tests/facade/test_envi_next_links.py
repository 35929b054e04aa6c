"""Envi listings follow `@odata.nextLink` on the configured base URL, whatever host it names,
so a server behind a TLS-terminating proxy pages on and the token never leaves that host."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest

from attachkit import errors
from attachkit.envi import EnviClient
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, EnviSettings
from tests.facade.test_envi_support import (
    ENTITY_ID,
    SECRET_TOKEN,
    ConfiguredSandbox,
    async_password_client,
    configured_sandbox,
    file_record,
    list_body,
    listing_names,
    password_client,
)
from tests.support.targets import Target

INTERNAL = "http://internal.example:8080"
"""Where the proxied sandbox says its pages are: another host, on another port, over http."""
TLS_BASE = "https://envi-tls.attachkit.test"
"""The base its cassettes are replayed against: https, as behind a TLS-terminating proxy."""


# --- recorded against a sandbox whose next links name an internal host ----------------------


@pytest.fixture(scope="module")
def proxied_sandbox(pytestconfig: pytest.Config) -> Iterator[ConfiguredSandbox]:
    # Cassettes name the sandbox's Envi without its /envi mount; so do their next links.
    renamed = {f"{INTERNAL}/envi": INTERNAL}
    with configured_sandbox(
        pytestconfig,
        renamed=renamed,
        placeholder=TLS_BASE,
        vendor_settings=(EnviSettings(next_link_base=INTERNAL),),
    ) as sandbox:
        yield sandbox


@pytest.fixture
def proxied(proxied_sandbox: ConfiguredSandbox) -> Target:
    return proxied_sandbox.reset()


@pytest.fixture
def vcr_config(vcr_config: dict[str, Any], proxied_sandbox: ConfiguredSandbox) -> dict[str, Any]:
    return proxied_sandbox.vcr_config(vcr_config)


def _recorded_hosts(cassette: Any) -> set[str]:
    return {urlsplit(request.uri).netloc for request in cassette.requests}


def _recorded_next_links(cassette: Any) -> list[str]:
    return [
        link
        for response in cassette.responses
        for link in [httpx2.Response(200, content=response["body"]["string"]).text]
        if "@odata.nextLink" in link
    ]


@pytest.mark.vcr
def test_next_links_to_an_internal_host_are_followed_on_the_base_url(
    proxied: Target, vcr: Any
) -> None:
    with password_client(proxied) as envi:
        pages = list(envi.list_files(ENVI_PO_ID, page_size=5).pages())
    assert [att.name for page in pages for att in page.items] == listing_names(ENVI_PO_ID)
    assert [len(page.items) for page in pages] == [5, 5, 5, 2]
    # Every page was asked of the configured host, though the vendor named another.
    bodies = _recorded_next_links(vcr)
    assert len(bodies) == 3
    assert all(f'"@odata.nextLink":"{INTERNAL}/odata/FileAttachments(' in body for body in bodies)
    assert _recorded_hosts(vcr) == {urlsplit(TLS_BASE).netloc}
    assert {urlsplit(request.uri).scheme for request in vcr.requests} == {"https"}
    for page in pages[:-1]:
        assert isinstance(page.next_cursor, str)
        assert page.next_cursor.startswith(f"{proxied.base_url}/odata/FileAttachments(")


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_next_links_to_an_internal_host_are_followed_on_the_base_url(
    proxied: Target, vcr: Any
) -> None:
    async with async_password_client(proxied) as envi:
        files = envi.list_files(ENVI_PO_ID, page_size=7)
        names = [att.name async for att in files]
    assert names == listing_names(ENVI_PO_ID)
    assert len(_recorded_next_links(vcr)) == 2
    assert _recorded_hosts(vcr) == {urlsplit(TLS_BASE).netloc}
    assert {urlsplit(request.uri).scheme for request in vcr.requests} == {"https"}


# --- hand-written answers ---------------------------------------------------------------------

HTTPS_BASE = "https://files.example/envi"
LIST_PATH = f"/envi/odata/FileAttachments({ENTITY_ID})"


def two_pages(next_link: str) -> tuple[EnviClient, list[httpx2.Request]]:
    """A client on an https base whose first page links to `next_link`."""
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        link = next_link if len(seen) == 1 else None
        name = f"page{len(seen)}.pdf"
        body = list_body([file_record(fileName=name)], count=2, next_link=link)
        # ASCII JSON: a lone surrogate travels as its \u escape, as a server would send it.
        content = json.dumps(body).encode()
        return httpx2.Response(200, content=content, headers={"content-type": "application/json"})

    client = EnviClient(HTTPS_BASE, token=SECRET_TOKEN, transport=httpx2.MockTransport(handler))
    return client, seen


@pytest.mark.parametrize(
    "origin",
    [
        "http://files.example",
        "http://internal.example",
        "https://files.example:8443",
        "https://files.example@evil.example",
        "https://files.example.evil.example",
        "//evil.example",
    ],
    ids=["plain-http", "internal-host", "other-port", "userinfo", "suffix-host", "no-scheme"],
)
def test_any_host_in_a_next_link_is_replaced_by_the_base_urls(origin: str) -> None:
    query = "?$filter=fileName%20eq%20'a.pdf'&$top=1&$skip=1"
    client, seen = two_pages(f"{origin}{LIST_PATH}{query}")
    with client:
        names = [att.name for att in client.list_files(ENTITY_ID, page_size=1)]
    assert names == ["page1.pdf", "page2.pdf"]
    assert str(seen[1].url) == f"https://files.example{LIST_PATH}{query}"
    # The token and the api-version go with it, to the configured host only.
    assert {request.url.host for request in seen} == {"files.example"}
    assert seen[1].headers["authorization"] == f"Bearer {SECRET_TOKEN}"
    assert seen[1].headers["api-version"] == "1.0"


UNUSABLE = {
    "outside-the-base-path": f"http://internal.example/other/odata/FileAttachments({ENTITY_ID})",
    "dot-segments": f"http://internal.example/envi/%2e%2e/other/odata/FileAttachments({ENTITY_ID})",
    "control-characters": f"{HTTPS_BASE}/odata/FileAttachments({ENTITY_ID})\r\nX-Evil: 1",
    "nul": f"{HTTPS_BASE}/odata/FileAttachments({ENTITY_ID})\x00",
    "lone-surrogate": f"{HTTPS_BASE}/odata/FileAttachments({ENTITY_ID})?$skip=\ud83d",
    "huge": f"{HTTPS_BASE}/odata/FileAttachments({ENTITY_ID})?$skip=1&pad=" + "x" * 100_000,
    "bad-ipv6": "http://[::1/envi/odata/FileAttachments",
    "not-http": "ftp://files.example/envi/odata/FileAttachments",
}


@pytest.mark.parametrize("link", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_a_next_link_that_cannot_be_followed_is_unexpected_response(link: str) -> None:
    client, seen = two_pages(link)
    with client, pytest.raises(errors.UnexpectedResponseError) as caught:
        list(client.list_files(ENTITY_ID))
    error = caught.value
    assert (error.vendor, error.status_code) == ("envi", 200)
    assert "next link refused" in str(error)
    assert len(seen) == 1
    # The message names the page that held the link, not the link.
    assert error.url.startswith(f"https://files.example{LIST_PATH}")
    assert "evil" not in str(error).lower()


@pytest.mark.parametrize("link", UNUSABLE.values(), ids=UNUSABLE.keys())
def test_the_page_that_names_an_unusable_link_is_handed_on_before_the_error(link: str) -> None:
    client, seen = two_pages(link)
    names: list[str] = []
    with client, pytest.raises(errors.UnexpectedResponseError, match="next link refused"):
        names.extend(att.name for att in client.list_files(ENTITY_ID))
    assert names == ["page1.pdf"]
    assert len(seen) == 1
