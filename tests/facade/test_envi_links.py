"""Where the next page is asked for, given Envi's `@odata.nextLink` (attachkit.envi.links)."""

from __future__ import annotations

import random
import re
import string

import httpx2
import pytest

from attachkit.envi.links import MAX_LINK_LENGTH, NextLinkError, next_page_url

BASE = httpx2.URL("https://envi.example/envi")
PAGE = httpx2.URL("https://envi.example/envi/odata/FileAttachments(e1)?$top=5")
LIST = "/envi/odata/FileAttachments(e1)"


def follow(link: str, base: httpx2.URL = BASE) -> str:
    return str(next_page_url(link, base, PAGE))


@pytest.mark.parametrize(
    "origin",
    [
        "https://envi.example",
        "http://envi.example",  # a TLS-terminating proxy
        "http://internal.example",
        "https://envi.example:8443",
        "http://10.0.0.7:8080",
        "https://envi.example@evil.example",
        "https://envi.example.evil.example",
        "//evil.example",
        "",  # an absolute path without a host
    ],
)
def test_the_path_and_query_go_to_the_base_url(origin: str) -> None:
    query = "?$filter=fileName%20eq%20'O''Brien.pdf'&$top=5&$skip=5&$skiptoken=a%2Fb"
    assert follow(f"{origin}{LIST}{query}") == f"https://envi.example{LIST}{query}"


def test_the_fragment_is_dropped_and_the_query_kept_byte_for_byte() -> None:
    link = f"http://internal.example{LIST}?$search=%C3%A6%20%C3%B8&a=1&a=2#part"
    assert follow(link) == f"https://envi.example{LIST}?$search=%C3%A6%20%C3%B8&a=1&a=2"


def test_characters_a_url_may_not_hold_are_percent_encoded() -> None:
    link = f"http://internal.example{LIST}?$filter=fileName eq 'æ ø.pdf'"
    assert (
        follow(link) == f"https://envi.example{LIST}?$filter=fileName%20eq%20'%C3%A6%20%C3%B8.pdf'"
    )


def test_a_relative_link_is_resolved_against_the_page() -> None:
    assert follow("FileAttachments(e1)?$skip=5") == f"https://envi.example{LIST}?$skip=5"


def test_a_base_url_at_the_root_takes_any_path() -> None:
    root = httpx2.URL("https://envi.example")
    assert follow("http://internal/odata/FileAttachments(e1)?$skip=5", root) == (
        "https://envi.example/odata/FileAttachments(e1)?$skip=5"
    )


def test_the_base_urls_port_is_kept() -> None:
    base = httpx2.URL("http://127.0.0.1:8765/envi")
    assert follow(f"https://internal.example{LIST}?$skip=5", base) == (
        f"http://127.0.0.1:8765{LIST}?$skip=5"
    )


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("http://internal.example/other/odata/FileAttachments(e1)", "not under the base URL"),
        ("http://internal.example/odata/FileAttachments(e1)", "not under the base URL"),
        ("http://internal.example/envious/odata/FileAttachments(e1)", "not under the base URL"),
        ("http://internal.example/envi/../other/odata", "not under the base URL"),
        ("http://internal.example/envi/%2e%2e/other/odata", "dot segments"),
        ("http://internal.example/envi/%2E%2E%2Fother/odata", "dot segments"),
        ("http://internal.example/envi\\..\\other", "backslashes"),
        ("http://internal.example/envi/%5C..%5Cother", "backslashes"),
        ("http://internal.example/envi/odata%00/x", "control character"),
        ("http://internal.example/envi/odata%C2%85/x", "control character"),
        ("javascript:alert(1)", "not an http(s) URL"),
        ("file:///envi/odata", "not an http(s) URL"),
        ("http://[::1/envi/odata", "not a valid URL"),
        (f"{BASE}/odata\r\nX-Injected: 1", "control character at position 31"),
        (f"{BASE}/odata\x00", "control character"),
        (f"{BASE}/odata\x7f", "control character"),
        (f"{BASE}/odata\u0085", "control character"),
        (f"{BASE}/odata\ud800", "lone surrogate"),
        (f"{BASE}/odata?" + "a" * MAX_LINK_LENGTH, "longer than"),
    ],
)
def test_links_that_cannot_be_followed(link: str, reason: str) -> None:
    with pytest.raises(NextLinkError, match=re.escape(reason)):
        follow(link)


def test_refusals_do_not_echo_the_link() -> None:
    secret = "http://internal.example/other?token=hunter2"
    with pytest.raises(NextLinkError) as caught:
        follow(secret)
    assert "hunter2" not in str(caught.value)


ALPHABET = string.printable + "\x00\x7f\u0085\ud800\u00e6/\\%?#@:[]"


def test_any_text_gives_a_url_on_the_base_host_or_a_refusal() -> None:
    # A seeded fuzz: whatever the vendor sends, the caller gets a URL on the configured
    # host under its path, or NextLinkError; never another exception.
    generator = random.Random(20260)
    prefixes = ["", "http://", "https://x/envi/", f"{BASE}/", "//", "/envi/"]
    for _ in range(3000):
        length = generator.randint(0, 40)
        tail = "".join(generator.choice(ALPHABET) for _ in range(length))
        link = generator.choice(prefixes) + tail
        try:
            url = next_page_url(link, BASE, PAGE)
        except NextLinkError:
            continue
        assert (url.scheme, url.host, url.port) == ("https", "envi.example", None)
        assert url.path == "/envi" or url.path.startswith("/envi/")
