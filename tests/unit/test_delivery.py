"""The check every download passes: the size the listing allows, and no web page in place
of a file. Vendor-neutral: an attachment's listed size and type, and the bytes that come."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator

import anyio.lowlevel
import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachkit import Attachment, errors
from attachkit._core.delivery import (
    HEAD_BYTES,
    DeliveryCheck,
    ListedSize,
    achecked,
    checked,
    html_verdict,
    looks_like_html,
)
from tests.support import models

SIGN_IN_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head>'
    b'<body><form action="/login"><input name="login"></form></body></html>'
)
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 4


def attachment(
    *, size: int | None = None, mime_type: str | None = "application/pdf", name: str = "scan.pdf"
) -> Attachment:
    return models.attachment(size=size, mime_type=mime_type, name=name)


def check(
    size: ListedSize | None = None, *, hint: str = "", listed: Attachment | None = None
) -> DeliveryCheck:
    return DeliveryCheck(listed or attachment(), size, hint=hint)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(cut % (len(data) + 1) for cut in cuts)})
    return [data[start:end] for start, end in itertools.pairwise(points)]


def taken(chunks: list[bytes], delivery: DeliveryCheck) -> bytes:
    return b"".join(checked(chunks, delivery))


# --- sizes ----------------------------------------------------------------------------------


def test_an_exact_size_allows_that_many_bytes_only() -> None:
    size = ListedSize.exact(1003)
    assert size.allows(1003)
    assert not size.allows(1002)
    assert not size.allows(1004)
    assert str(size) == "1003 bytes"


def test_a_rounded_size_shows_what_it_allows() -> None:
    size = ListedSize(((96645, 96659), (98965, 98979)), "96.65 KB")
    assert [size.allows(n) for n in (96644, 96645, 96659, 96660, 98964, 98979, 98980)] == [
        False, True, True, False, False, True, False,
    ]  # fmt: skip
    assert size.most == 98979
    assert str(size) == "96.65 KB (96645 to 96659 or 98965 to 98979 bytes)"


def test_a_short_body_is_refused_with_both_sizes_after_the_last_chunk() -> None:
    delivery = check(ListedSize.exact(1003))
    given_out: list[bytes] = []
    with pytest.raises(errors.SizeMismatchError) as caught:
        given_out.extend(checked([PDF[:500], PDF[500:903]], delivery))
    assert b"".join(given_out) == PDF[:903]  # streamed as it came; the error ends the stream
    error = caught.value
    assert (error.received, error.more, error.listed) == (903, False, "1003 bytes")
    assert str(error) == "test: received 903 bytes of 'scan.pdf', but the vendor lists 1003 bytes"
    assert isinstance(error, errors.ContentMismatchError)
    assert isinstance(error, errors.UnexpectedResponseError)
    assert (error.vendor, error.file_id, error.name) == ("test", "f-1", "scan.pdf")


def test_a_body_too_large_is_refused_as_soon_as_it_is() -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        for index in range(1000):
            produced.append(index)
            yield PDF[:100]

    with pytest.raises(errors.SizeMismatchError) as caught:
        b"".join(checked(endless(), check(ListedSize.exact(250))))
    assert len(produced) == 3
    assert (caught.value.received, caught.value.more) == (300, True)
    assert "received more than 250 bytes (stopped at 300)" in str(caught.value)


def test_no_listed_size_checks_no_size() -> None:
    assert taken([PDF], check(None)) == PDF
    assert taken([], check(None)) == b""


def test_the_stream_underneath_is_closed_when_the_check_refuses() -> None:
    closed: list[bool] = []

    def stream() -> Iterator[bytes]:
        try:
            yield from [PDF[:10]] * 100
        finally:
            closed.append(True)

    with pytest.raises(errors.SizeMismatchError):
        b"".join(checked(stream(), check(ListedSize.exact(15))))
    assert closed == [True]


# --- web pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        SIGN_IN_PAGE,
        b"\n\n   <html><body>Please log in</body></html>",
        b"\xef\xbb\xbf<!doctype HTML><title>x</title>",
        b"<HEAD><meta charset=utf-8>",
        b"<body>",
        b"<html",
        b"<script>location='/login'</script>",
    ],
)
def test_a_body_that_starts_like_a_web_page_is_one(body: bytes) -> None:
    assert looks_like_html(body)


@pytest.mark.parametrize(
    "body",
    [
        PDF,
        b"",
        b"   ",
        b"<?xml version='1.0'?><svg/>",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"<!-- a comment --><svg/>",
        b"<header>not a page</header>",
        b"<htmlx>",
        b"plain text <html> later",
        b"\x89PNG\r\n\x1a\n",
    ],
)
def test_other_bodies_are_not_web_pages(body: bytes) -> None:
    assert not looks_like_html(body)


@given(st.binary(max_size=2 * HEAD_BYTES), st.lists(st.integers(min_value=0), max_size=8))
def test_the_verdict_does_not_depend_on_how_the_body_is_cut(body: bytes, cuts: list[int]) -> None:
    whole = looks_like_html(body[:HEAD_BYTES])
    delivery = check(None)
    try:
        assert taken(split(body, cuts), delivery) == body
        refused = False
    except errors.WebPageError:
        refused = True
    assert refused == whole


def test_a_web_page_for_a_pdf_is_refused_before_any_of_it_is_given_out() -> None:
    given_out: list[bytes] = []
    delivery = check(ListedSize.exact(1_500_000), hint=": check the download host")
    with pytest.raises(errors.WebPageError) as caught:
        given_out.extend(checked(split(SIGN_IN_PAGE, [3, 9, 40]), delivery))
    assert given_out == []
    error = caught.value
    assert (error.listed_type, error.received_type) == (
        "application/pdf",
        "a body that starts like HTML",
    )
    assert str(error) == (
        "test: 'scan.pdf' is listed as application/pdf, but test answered with a web page "
        "(a body that starts like HTML), perhaps a sign-in page: check the download host"
    )


def test_a_text_html_answer_is_refused_before_its_body_is_read() -> None:
    request = httpx2.Request("GET", "https://files.example/download/1")
    response = httpx2.Response(
        200, headers={"content-type": "text/html; charset=utf-8"}, request=request
    )
    with pytest.raises(errors.WebPageError) as caught:
        check().answered(response)
    error = caught.value
    assert (error.received_type, error.listed_type) == ("text/html", "application/pdf")
    assert "files.example answered with a web page (text/html)" in str(error)
    assert (error.method, error.url, error.status_code) == ("GET", str(request.url), 200)


@pytest.mark.parametrize(
    "listed",
    [
        attachment(mime_type="text/html", name="receipt.html"),
        attachment(mime_type=None, name="receipt.HTM"),
        attachment(mime_type="application/xhtml+xml", name="page"),
        attachment(mime_type=None, name="no type at all"),
    ],
    ids=["text/html", "htm", "xhtml", "untyped"],
)
def test_a_file_listed_as_a_web_page_or_without_a_type_may_be_one(listed: Attachment) -> None:
    request = httpx2.Request("GET", "https://files.example/download/1")
    response = httpx2.Response(200, headers={"content-type": "text/html"}, request=request)
    delivery = check(listed=listed)
    delivery.answered(response)
    assert taken([SIGN_IN_PAGE], delivery) == SIGN_IN_PAGE


def test_a_file_listed_by_extension_only_is_named_so() -> None:
    delivery = check(listed=attachment(mime_type=None, name="scan.tif"))
    with pytest.raises(errors.WebPageError) as caught:
        taken([SIGN_IN_PAGE], delivery)
    assert caught.value.listed_type == ".tif file"


def test_a_file_that_does_not_start_like_a_page_streams_at_once() -> None:
    produced: list[int] = []

    def stream() -> Iterator[bytes]:
        for index, start in enumerate(range(0, len(PDF), 4)):
            produced.append(index)
            yield PDF[start : start + 4]

    delivery = check(ListedSize.exact(len(PDF)))
    seen = []
    for _chunk in checked(stream(), delivery):
        seen.append(len(produced))
    assert seen == list(range(1, len(seen) + 1))  # no chunk held back


def test_html_verdict_waits_only_while_the_start_is_ambiguous() -> None:
    assert html_verdict(b"<!DO", complete=False) is None
    assert html_verdict(b"<!DO", complete=True) is False
    assert html_verdict(b"%PD", complete=False) is False
    assert html_verdict(b"  ", complete=False) is None
    assert html_verdict(b"<html>", complete=False) is True


# --- async ----------------------------------------------------------------------------------


async def _stream(parts: list[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        await anyio.lowlevel.checkpoint()
        yield part


async def collect(chunks: AsyncIterator[bytes], into: list[bytes]) -> None:
    async for chunk in chunks:
        into.append(chunk)


@pytest.mark.anyio
async def test_async_streams_are_held_to_the_same_check() -> None:
    delivery = check(ListedSize.exact(1003))
    with pytest.raises(errors.SizeMismatchError):
        async for _chunk in achecked(_stream([PDF[:903]]), delivery):
            pass
    given_out: list[bytes] = []
    with pytest.raises(errors.WebPageError):
        await collect(achecked(_stream(split(SIGN_IN_PAGE, [1, 2, 3])), check()), given_out)
    assert given_out == []
    exact = check(ListedSize.exact(len(PDF)))
    assert b"".join([chunk async for chunk in achecked(_stream(split(PDF, [5, 77])), exact)]) == PDF
