"""A download is the file that was listed, or an error: through `download`, `open` and
`save`, sync and async, for every vendor.

Each case lists one file from a hand-written answer (so the attachment is what the vendor
listed) and answers its download with something else: a body shorter or longer than an
exact listed size, one outside what a rounded size can mean, a web page. A save leaves
nothing on disk, and the error says what was listed and what came.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit.envi import AsyncEnviClient, EnviClient

ENTITY_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
FILE_ID = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
FULL_LINK = "https://app.alteg.io/client_files/download/456/123/"
# What a web application sends instead of a file: its sign-in page (202 bytes).
SIGN_IN_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Sign in</title>'
    b'</head><body><form action="/sign-in/g"><input name="login">'
    b'<input name="password" type="password"></form></body></html>\n'
)
assert len(SIGN_IN_PAGE) == 202
PDF_1003 = (b"%PDF-1.7\n" + bytes(range(256)) * 4)[:1003]
MIB = 1024 * 1024


@attrs.frozen
class Case:
    """One vendor's listing of one file, and the answer its download gets."""

    vendor: str
    listing: dict[str, Any]
    content: httpx2.Response | None  # None: the vendor sends the content inline


def envi(size: int | None, content: httpx2.Response, **record: Any) -> Case:
    row: dict[str, Any] = {
        "fileId": FILE_ID, "entityId": ENTITY_ID, "fileName": "scan.pdf",
        "fileStatus": "Active", "fileType": "pdf", **record,
    }  # fmt: skip
    if size is not None:
        row["fileSize"] = size
    return Case("envi", {"@odata.count": 1, "value": [row]}, content)


def altegio(size: str | None, content: httpx2.Response, **row: Any) -> Case:
    record: dict[str, Any] = {
        "id": 123, "client_id": 123456, "name": "scan.pdf", "extension": "pdf",
        "mime": "application/pdf", "link": "/client_files/download/456/123/",
        "full_link": FULL_LINK, **row,
    }  # fmt: skip
    if size is not None:
        record["size"] = size
    return Case("altegio", {"success": True, "data": [record], "meta": {"count": 1}}, content)


def amili(content: bytes, name: str = "Faktura 1.pdf") -> Case:
    row = {"clientNo": 2218, "name": name, "content": base64.b64encode(content).decode()}
    return Case("amili", {"summary": {"totalCount": 1, "maximumCount": 10}, "files": [row]}, None)


def answer(body: bytes, content_type: str = "application/pdf") -> httpx2.Response:
    return httpx2.Response(200, headers={"content-type": content_type}, content=body)


def _respond(case: Case, request: httpx2.Request) -> httpx2.Response:
    is_listing = request.url.path.endswith(("/files/123456", "/files")) or (
        "FileAttachments(" in request.url.path
    )
    if is_listing:
        return httpx2.Response(200, json=case.listing)
    assert case.content is not None, f"unexpected request {request.url}"
    return httpx2.Response(
        case.content.status_code, headers=case.content.headers, content=case.content.content
    )


def sync_client(case: Case) -> Any:
    transport = httpx2.MockTransport(lambda request: _respond(case, request))
    if case.vendor == "envi":
        return EnviClient("https://envi.example", token="token-envi-1", transport=transport)
    if case.vendor == "amili":
        return AmiliClient("https://armrest.example", token="token-amili", transport=transport)
    return AltegioClient(
        partner_token="partner-1", user_token="user-1", rate_limits=None, transport=transport
    )


def async_client(case: Case) -> Any:
    async def respond(request: httpx2.Request) -> httpx2.Response:
        return _respond(case, request)

    transport = httpx2.MockTransport(respond)
    if case.vendor == "envi":
        return AsyncEnviClient("https://envi.example", token="token-envi-1", transport=transport)
    if case.vendor == "amili":
        return AsyncAmiliClient("https://armrest.example", token="token-amili", transport=transport)
    return AsyncAltegioClient(
        partner_token="partner-1", user_token="user-1", rate_limits=None, transport=transport
    )


def _listing(client: Any, case: Case) -> Any:
    if case.vendor == "envi":
        return client.list_files(ENTITY_ID)
    if case.vendor == "amili":
        return client.list_files(2218)
    return client.list_files(456, 123456)


# --- every way of downloading, sync and async ---------------------------------------------

Way = Callable[[Case, Path], Awaitable[bytes]]


def _sync(use: Callable[[Any, Attachment, Path], bytes]) -> Way:
    async def run(case: Case, directory: Path) -> bytes:
        with sync_client(case) as client:
            (attachment,) = _listing(client, case)
            return use(client, attachment, directory)

    return run


def _async(use: Callable[[Any, Attachment, Path], Awaitable[bytes]]) -> Way:
    async def run(case: Case, directory: Path) -> bytes:
        async with async_client(case) as client:
            (attachment,) = [item async for item in _listing(client, case)]
            return await use(client, attachment, directory)

    return run


def _opened(client: Any, attachment: Attachment, directory: Path) -> bytes:
    with client.open(attachment, chunk_size=64) as chunks:
        return b"".join(chunks)


async def _async_opened(client: Any, attachment: Attachment, directory: Path) -> bytes:
    async with client.open(attachment, chunk_size=64) as chunks:
        return b"".join([chunk async for chunk in chunks])


async def _async_saved(client: Any, attachment: Attachment, directory: Path) -> bytes:
    path = await client.save(attachment, directory)
    return await anyio.Path(path).read_bytes()


WAYS: dict[str, Way] = {
    "download": _sync(lambda client, att, directory: client.download(att)),
    "open": _sync(_opened),
    "save": _sync(lambda client, att, directory: client.save(att, directory).read_bytes()),
    "async-download": _async(lambda client, att, directory: client.download(att)),
    "async-open": _async(_async_opened),
    "async-save": _async(_async_saved),
}


@pytest.fixture(params=WAYS, ids=list(WAYS))
def way(request: pytest.FixtureRequest) -> Way:
    return WAYS[request.param]


def refused(case: Case, way: Way, directory: Path, error: type[Exception]) -> Any:
    """Runs `way` and returns the error it raised; nothing is left in `directory`."""

    async def attempt() -> None:
        await way(case, directory)

    with pytest.raises(error) as caught:
        anyio.run(attempt)
    assert not directory.exists() or list(directory.iterdir()) == []
    return caught.value


def taken(case: Case, way: Way, directory: Path) -> bytes:
    return anyio.run(way, case, directory)


# --- exact sizes ---------------------------------------------------------------------------


def test_an_envi_body_shorter_than_its_file_size_is_refused(way: Way, tmp_path: Path) -> None:
    # A consistent Content-Length: the transport sees nothing wrong, only the listing does.
    case = envi(1003, answer(PDF_1003[:903]))
    error = refused(case, way, tmp_path / "out", errors.SizeMismatchError)
    assert str(error) == "envi: received 903 bytes of 'scan.pdf', but the vendor lists 1003 bytes"
    assert (error.received, error.listed, error.file_id) == (903, "1003 bytes", FILE_ID)


def test_an_envi_body_longer_than_its_file_size_is_refused(way: Way, tmp_path: Path) -> None:
    case = envi(903, answer(PDF_1003))
    error = refused(case, way, tmp_path / "out", errors.SizeMismatchError)
    assert error.more
    assert "received more than 903 bytes" in str(error)


def test_an_envi_file_of_its_listed_size_is_taken(way: Way, tmp_path: Path) -> None:
    assert taken(envi(1003, answer(PDF_1003)), way, tmp_path / "out") == PDF_1003


def test_without_a_listed_size_no_size_is_checked(way: Way, tmp_path: Path) -> None:
    assert taken(envi(None, answer(PDF_1003[:17])), way, tmp_path / "out") == PDF_1003[:17]


def test_an_amili_file_is_its_decoded_content(way: Way, tmp_path: Path) -> None:
    assert taken(amili(PDF_1003), way, tmp_path / "out") == PDF_1003


# --- rounded sizes -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1_450_000, 1_500_000, 1_572_864, 1_677_721])
def test_a_file_of_about_its_rounded_size_is_taken(size: int, tmp_path: Path) -> None:
    body = b"%PDF" + bytes(size - 4)
    way = WAYS["save"]
    assert len(taken(altegio("1.5 MB", answer(body)), way, tmp_path / "out")) == size


def test_a_cut_off_body_is_refused_whatever_the_rounding(way: Way, tmp_path: Path) -> None:
    case = altegio("1.5 MB", answer(b"%PDF" + bytes(MIB - 4)))
    error = refused(case, way, tmp_path / "out", errors.SizeMismatchError)
    assert str(error) == (
        "altegio: received 1048576 bytes of 'scan.pdf', but the vendor lists "
        "1.5 MB (1450000 to 1677721 bytes)"
    )


# --- web pages -----------------------------------------------------------------------------


def test_an_altegio_sign_in_page_for_a_pdf_is_refused(way: Way, tmp_path: Path) -> None:
    case = altegio("1.5 MB", answer(SIGN_IN_PAGE, "text/html; charset=utf-8"))
    error = refused(case, way, tmp_path / "out", errors.WebPageError)
    assert (error.listed_type, error.received_type) == ("application/pdf", "text/html")
    message = str(error)
    assert message.startswith(
        "altegio: 'scan.pdf' is listed as application/pdf, but app.alteg.io answered with a "
        "web page (text/html), perhaps a sign-in page"
    )
    assert message.endswith("check the download host, and web_base_url if it is set")
    assert "download host" in message
    assert error.url == FULL_LINK


def test_a_web_page_sent_as_a_pdf_is_refused_by_its_first_bytes(way: Way, tmp_path: Path) -> None:
    # No size listed, and the answer claims to be a PDF: the body gives it away.
    case = altegio(None, answer(SIGN_IN_PAGE, "application/pdf"))
    error = refused(case, way, tmp_path / "out", errors.WebPageError)
    assert error.received_type == "a body that starts like HTML"


def test_an_envi_web_page_is_refused_too(way: Way, tmp_path: Path) -> None:
    case = envi(len(SIGN_IN_PAGE), answer(SIGN_IN_PAGE, "text/html"))
    error = refused(case, way, tmp_path / "out", errors.WebPageError)
    assert "perhaps a sign-in page" in str(error)
    assert str(error).endswith("perhaps a sign-in page")  # Envi has nothing more to say


def test_an_amili_web_page_in_place_of_a_pdf_is_refused(way: Way, tmp_path: Path) -> None:
    error = refused(amili(SIGN_IN_PAGE), way, tmp_path / "out", errors.WebPageError)
    assert error.listed_type == "application/pdf"


def test_a_file_listed_as_a_web_page_may_be_one(way: Way, tmp_path: Path) -> None:
    case = altegio(
        f"{len(SIGN_IN_PAGE)} B",
        answer(SIGN_IN_PAGE, "text/html"),
        name="receipt.html",
        extension="html",
        mime="text/html",
    )
    assert taken(case, way, tmp_path / "out") == SIGN_IN_PAGE


# --- open: when the error comes -------------------------------------------------------------


def test_open_refuses_a_web_page_before_giving_any_of_it() -> None:
    case = altegio("1.5 MB", answer(SIGN_IN_PAGE, "application/octet-stream"))
    given_out: list[bytes] = []
    with sync_client(case) as client:
        (attachment,) = client.list_files(456, 123456)
        with pytest.raises(errors.WebPageError), client.open(attachment, chunk_size=8) as chunks:
            given_out.extend(chunks)
    assert given_out == []


def test_open_gives_a_short_body_then_refuses_it_when_the_stream_ends() -> None:
    case = envi(1003, answer(PDF_1003[:903]))
    given_out: list[bytes] = []
    with sync_client(case) as client:
        (attachment,) = client.list_files(ENTITY_ID)
        with pytest.raises(errors.SizeMismatchError), client.open(attachment) as chunks:
            given_out.extend(chunks)
    assert b"".join(given_out) == PDF_1003[:903]
