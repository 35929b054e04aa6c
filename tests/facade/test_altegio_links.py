"""Where Altegio downloads may go (`attachkit.altegio.links`), and that the clients send
nothing, and no token, anywhere else.

The `full_link` values are in the form of those in Altegio's MCP server's test fixtures
(`https://app.alteg.io/client_files/download/{location}/{file}/`); the comments page on
developer.alteg.io shows the same path on `https://api.alteg.io`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from attachkit import errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.altegio.links import MAX_LENGTH, RefusedLink, WebBase, download_url
from attachkit_altegio_client.types import UNSET
from tests.facade.test_altegio_client import PARTNER, USER, client, client_file, listing
from tests.unit.scripted import Script


def escaped_listing(row: dict[str, Any]) -> httpx2.Response:
    """A list answer as a hostile server might send it: JSON with `\\u` escapes, which
    decode to control characters and lone surrogates."""
    body = {"success": True, "data": [row], "meta": {"count": 1}}
    content = json.dumps(body, ensure_ascii=True).encode("ascii")
    return httpx2.Response(200, content=content, headers={"content-type": "application/json"})


APP = "https://app.alteg.io/client_files/download/456/123/"
WEB = WebBase.parse("https://web.altegio.example/app")
LINK = "/client_files/download/456/123/"

# --- the decision ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "full_link",
    [
        APP,
        "https://api.alteg.io/client_files/download/123/123/",
        "https://alteg.io/client_files/download/1/2/",
        "https://yclients.com/client_files/download/7/1/",
        "https://app.yclients.com/client_files/download/7/1",
        "https://APP.Alteg.IO:443/client_files/download/456/123/",
        "https://app.alteg.io/client_files/download/456/123/?token=abc",
    ],
)
def test_full_links_on_altegios_own_https_hosts_are_used(full_link: str) -> None:
    url = download_url(LINK, full_link, None)
    assert url == httpx2.URL(full_link)
    assert url is not None
    assert url.scheme == "https"


HOSTILE_WITHOUT_WEB_BASE = {
    "http": "http://app.alteg.io/client_files/download/456/123/",
    "other-host": "https://evil.example/client_files/download/456/123/",
    "userinfo": "https://app.alteg.io@evil.example/client_files/download/456/123/",
    "userinfo-empty": "https://@app.alteg.io/client_files/download/456/123/",
    "suffix-host": "https://app.alteg.io.evil.example/x",
    "lookalike-domain": "https://evilalteg.io/x",
    "lookalike-legacy": "https://notyclients.com/x",
    "other-port": "https://app.alteg.io:8443/client_files/download/456/123/",
    "trailing-dot": "https://app.alteg.io./x",
    "dot-dot": "https://app.alteg.io/client_files/../../api/v1/x",
    "encoded-dot-dot": "https://app.alteg.io/client_files/%2e%2E/x",
    "single-dot": "https://app.alteg.io/./x",
    "encoded-slash": "https://app.alteg.io/client_files%2F..%2Fx",
    "backslash": "https://app.alteg.io\\@evil.example/",
    "scheme-relative": "//app.alteg.io/client_files/download/456/123/",
    "relative": "/client_files/download/456/123/",
    "ftp": "ftp://app.alteg.io/x",
    "javascript": "javascript:alert(1)",
    "no-host": "https:///client_files/download/456/123/",
    "space": "https://app.alteg.io/client files/",
    "delete-char": "/\x7f",
    "nul": "/\x00",
    "newline": "https://app.alteg.io/x\r\nHost: evil.example",
    "lone-surrogate": "\ud800",
    "surrogate-in-url": "https://app.alteg.io/\ud800/",
    "non-ascii-host": "https://\u0430pp.alteg.io.evil.example/",
    "too-long": "https://app.alteg.io/" + "a" * 70_000,
    "int": 123,
    "list": [APP],
    "dict": {"url": APP},
    "true": True,
}


@pytest.mark.parametrize(
    "full_link", HOSTILE_WITHOUT_WEB_BASE.values(), ids=HOSTILE_WITHOUT_WEB_BASE.keys()
)
def test_other_full_links_are_refused_without_a_web_base(full_link: object) -> None:
    with pytest.raises(RefusedLink) as refused:
        download_url(LINK, full_link, None)
    assert len(str(refused.value)) < 400  # a 70,000-character link is not repeated


@pytest.mark.parametrize("full_link", [None, "", UNSET])
def test_an_absent_full_link_falls_back_to_the_link(full_link: object) -> None:
    assert download_url(LINK, full_link, WEB) == httpx2.URL(
        f"https://web.altegio.example/app{LINK}"
    )
    assert download_url(LINK, full_link, None) is None


def test_with_a_web_base_full_links_must_be_under_it() -> None:
    inside = "https://web.altegio.example/app/client_files/download/456/123/"
    assert download_url(LINK, inside, WEB) == httpx2.URL(inside)
    # The web base wins: even Altegio's own hosts are refused once one is configured.
    for outside in (
        APP,
        "http://web.altegio.example/app/client_files/download/456/123/",
        "https://web.altegio.example:444/app/client_files/download/456/123/",
        "https://web.altegio.example/other/client_files/download/456/123/",
        "https://web.altegio.example/app2/client_files/download/456/123/",
        "https://web.altegio.example/app",
        "https://web.altegio.example/app/../envi/odata",
        "https://web.altegio.example/app/%2e%2e/envi/odata",
        "https://evil.example/app/client_files/download/456/123/",
    ):
        with pytest.raises(RefusedLink, match=r"not under web_base_url|climbs out"):
            download_url(LINK, outside, WEB)


def test_a_web_base_on_the_hosts_root() -> None:
    root = WebBase.parse("http://127.0.0.1:8000/")
    assert download_url(LINK, "http://127.0.0.1:8000/x/", root) == httpx2.URL(
        "http://127.0.0.1:8000/x/"
    )
    assert download_url(LINK, None, root) == httpx2.URL(f"http://127.0.0.1:8000{LINK}")
    with pytest.raises(RefusedLink):
        download_url(LINK, "http://127.0.0.1:8001/x/", root)


BAD_LINKS = {
    "relative": "client_files/download/456/123/",
    "scheme-relative": "//evil.example/x",
    "absolute": "https://evil.example/x",
    "dot-dot": "/../../envi/odata",
    "encoded-dot-dot": "/client_files/%2e%2e/%2e%2e/x",
    "delete-char": "/\x7f",
    "nul": "/\x00",
    "lone-surrogate": "/\ud800",
    "too-long": "/" + "a" * 70_000,
    "empty": "",
    "null": None,
    "int": 7,
}


@pytest.mark.parametrize("link", BAD_LINKS.values(), ids=BAD_LINKS.keys())
def test_links_that_are_not_paths_under_the_web_base_are_refused(link: object) -> None:
    with pytest.raises(RefusedLink):
        download_url(link, None, WEB)


def test_the_longest_accepted_link() -> None:
    path = "/" + "a" * (MAX_LENGTH - 1)
    assert download_url(path, None, WEB) is not None
    with pytest.raises(RefusedLink, match="characters long"):
        download_url(path + "a", None, WEB)


# --- through the clients ------------------------------------------------------------------


def test_downloads_use_the_full_link_without_a_web_base_url() -> None:
    transport = Script(
        listing(client_file(full_link=APP)), httpx2.Response(200, content=b"test file")
    )
    with client(transport, web_base_url=None) as altegio:
        (attachment,) = altegio.list_files(456, 123456)
        assert altegio.download(attachment) == b"test file"
    download = transport.requests[1]
    assert str(download.url) == APP
    assert download.headers["authorization"] == f"Bearer {PARTNER}, User {USER}"


@pytest.mark.anyio
async def test_the_async_client_uses_the_full_link_too(tmp_path: Path) -> None:
    transport = Script(
        listing(client_file(full_link=APP)), httpx2.Response(200, content=b"test file")
    )
    async with AsyncAltegioClient(
        partner_token=PARTNER, user_token=USER, transport=transport, rate_limits=None
    ) as altegio:
        (attachment,) = [att async for att in altegio.list_files(456, 123456)]
        path = await altegio.save(attachment, tmp_path)
    assert await anyio.Path(path).read_bytes() == b"test file"
    assert str(transport.requests[1].url) == APP


def _refused_everywhere(altegio: AltegioClient, tmp_path: Path) -> list[str]:
    (attachment,) = altegio.list_files(456, 123456)
    messages = []
    with pytest.raises(errors.UnexpectedResponseError) as downloaded:
        altegio.download(attachment)
    messages.append(str(downloaded.value))
    with pytest.raises(errors.UnexpectedResponseError) as opened, altegio.open(attachment):
        pass
    messages.append(str(opened.value))
    with pytest.raises(errors.UnexpectedResponseError) as saved:
        altegio.save(attachment, tmp_path)
    messages.append(str(saved.value))
    return messages


HOSTILE_ROWS = {
    "full_link-elsewhere": ({"full_link": "https://evil.example/x"}, None),
    "full_link-userinfo": ({"full_link": "https://app.alteg.io@evil.example/"}, None),
    "full_link-delete": ({"full_link": "/\x7f"}, None),
    "full_link-nul": ({"full_link": "/\x00"}, None),
    "full_link-surrogate": ({"full_link": "\ud800"}, None),
    "full_link-70000": ({"full_link": "https://app.alteg.io/" + "a" * 70_000}, None),
    "full_link-int": ({"full_link": 7}, None),
    "full_link-off-web-base": ({"full_link": APP}, "https://web.altegio.example/app"),
    "link-delete": ({"link": "/\x7f"}, "https://web.altegio.example/app"),
    "link-nul": ({"link": "/\x00"}, "https://web.altegio.example/app"),
    "link-surrogate": ({"link": "\ud800"}, "https://web.altegio.example/app"),
    "link-70000": ({"link": "/" + "a" * 70_000}, "https://web.altegio.example/app"),
    "link-escapes": ({"link": "/../altegio/v1/auth"}, "https://web.altegio.example/app"),
}


@pytest.mark.parametrize(("fields", "web"), HOSTILE_ROWS.values(), ids=HOSTILE_ROWS.keys())
def test_hostile_links_are_unexpected_responses_and_nothing_is_sent(
    fields: dict[str, Any], web: str | None, tmp_path: Path
) -> None:
    transport = Script(escaped_listing(client_file(**fields)))
    with client(transport, web_base_url=web) as altegio:
        messages = _refused_everywhere(altegio, tmp_path)
    assert len(transport.requests) == 1  # only the list: the tokens went nowhere else
    assert list(tmp_path.iterdir()) == []
    for message in messages:
        assert "no usable link" in message
        assert "nothing was sent" in message
        assert PARTNER not in message
        assert USER not in message
        assert len(message) < 500


@pytest.mark.anyio
@pytest.mark.parametrize(("fields", "web"), HOSTILE_ROWS.values(), ids=HOSTILE_ROWS.keys())
async def test_the_async_client_refuses_them_too(
    fields: dict[str, Any], web: str | None, tmp_path: Path
) -> None:
    transport = Script(escaped_listing(client_file(**fields)))
    async with AsyncAltegioClient(
        partner_token=PARTNER,
        user_token=USER,
        web_base_url=web,
        transport=transport,
        rate_limits=None,
    ) as altegio:
        (attachment,) = [att async for att in altegio.list_files(456, 123456)]
        with pytest.raises(errors.UnexpectedResponseError):
            await altegio.download(attachment)
        with pytest.raises(errors.UnexpectedResponseError):
            await altegio.save(attachment, tmp_path)
        with pytest.raises(errors.UnexpectedResponseError):
            async with altegio.open(attachment):
                pass
    assert len(transport.requests) == 1
