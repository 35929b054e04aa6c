"""Amili through the public client, against recorded sandbox exchanges: listing with the
eight filters, the ten-file cap, inline content, saving, and the vendor's errors."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from attachkit import Attachment, EntityRef, errors
from attachkit.amili import AmiliClient, AsyncAmiliClient
from attachkit_amili_client.models import OsFile
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO
from attachkit_sandbox.vendors.amili.data import amili_files
from tests.support.targets import Target

DATA = {file.name: file for file in amili_files()[AMILI_CLIENT_NO]}
FIRST_TEN = [file.name for file in amili_files()[AMILI_CLIENT_NO][:10]]


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"no retry or pacing wait expected, asked for {seconds} s")


@pytest.fixture
def amili(amili_target: Target) -> Iterator[AmiliClient]:
    with AmiliClient(
        amili_target.base_url, token=amili_target.credentials["token"], sleep=_no_sleep
    ) as client:
        yield client


@pytest.fixture
async def async_amili(amili_target: Target) -> AsyncIterator[AsyncAmiliClient]:
    async with AsyncAmiliClient(
        amili_target.base_url, token=amili_target.credentials["token"]
    ) as client:
        yield client


def _by_name(amili: AmiliClient, name: str) -> Attachment:
    (attachment,) = amili.list_files(AMILI_CLIENT_NO, name=name)
    return attachment


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.vcr
def test_more_than_ten_matches_are_truncated_with_a_warning(amili: AmiliClient) -> None:
    files = amili.list_files(AMILI_CLIENT_NO)
    with pytest.warns(errors.TruncatedResultWarning, match="14 files matched but 10") as caught:
        names = [attachment.name for attachment in files]
    assert names == FIRST_TEN
    assert files.total_count == 14
    assert files.truncated is True
    # The warning points at the caller's loop, not at attachkit's internals.
    assert [warning.filename for warning in caught] == [__file__]


@pytest.mark.vcr
def test_no_warning_when_every_match_was_returned(amili: AmiliClient) -> None:
    files = amili.list_files(AMILI_CLIENT_NO, type="Invoice")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        names = [attachment.name for attachment in files]
    assert len(names) == files.total_count == 4
    assert files.truncated is False


# Every filter, under its Python name, narrows the list as the vendor documents. The
# cassettes are matched on the query string, so replay also proves the names on the wire.
FILTERS: list[Any] = [
    pytest.param({"log_item_id": 9100005}, ["Inkassovarsel 350024.pdf"], id="log_item_id"),
    pytest.param(
        {"type": "Reminder"},
        ["Purring 350023.pdf", "Purring 350024.pdf", "Purring 350026.pdf"],
        id="type",
    ),
    pytest.param({"name": "kvittering.txt"}, ["kvittering.txt"], id="name"),
    pytest.param(
        {"reference_no": 350024},
        [
            "Faktura 350024.pdf",
            "Purring 350024.pdf",
            "Inkassovarsel 350024.pdf",
            "kvittering.txt",
        ],
        id="reference_no",
    ),
    pytest.param({"reference_no": 0}, ["Kontoutskrift 500002.pdf"], id="reference_no_zero"),
    pytest.param(
        {"job_queue_id": 44001}, ["Faktura 350025.pdf", "Faktura 350026.pdf"], id="job_queue_id"
    ),
    pytest.param(
        {"document_no": "350023"}, ["Faktura 350023.pdf", "Purring 350023.pdf"], id="document_no"
    ),
    pytest.param(
        {"serialize": "batch-01"}, ["Faktura 350025.pdf", "Faktura 350026.pdf"], id="serialize"
    ),
    pytest.param(
        {"type": "Invoice", "regenerate": True},
        ["Faktura 350023.pdf", "Faktura 350024.pdf", "Faktura 350025.pdf", "Faktura 350026.pdf"],
        id="regenerate",
    ),
    pytest.param(
        {"type": "Invoice", "reference_no": 350025}, ["Faktura 350025.pdf"], id="combined"
    ),
    pytest.param({"name": "no such file.pdf"}, [], id="no_match"),
]


@pytest.mark.vcr
@pytest.mark.parametrize(("filters", "expected"), FILTERS)
def test_filters(amili: AmiliClient, filters: dict[str, Any], expected: list[str]) -> None:
    files = amili.list_files(AMILI_CLIENT_NO, **filters)
    assert [attachment.name for attachment in files] == expected
    assert files.total_count == len(expected)
    assert files.truncated is False


@pytest.mark.vcr
def test_attachment_fields(amili: AmiliClient) -> None:
    (invoice,) = amili.list_files(AMILI_CLIENT_NO, log_item_id=9100001)
    assert invoice == Attachment(
        vendor="amili",
        id=f"{AMILI_CLIENT_NO}:9100001:Faktura 350023.pdf",
        entity=EntityRef(type="client", id=str(AMILI_CLIENT_NO), number="350023"),
        name="Faktura 350023.pdf",
        extension="pdf",
        mime_type="application/pdf",  # the vendor sends none: derived from the extension
        size=DATA["Faktura 350023.pdf"].size,
        created_at=None,
        updated_at=None,
        created_by=None,
        status=None,
        description="Invoice",
        raw=None,
    )
    assert isinstance(invoice.raw, OsFile)
    assert invoice.raw.type_ == "Invoice"
    assert invoice.raw.log_item_id == 9100001


@pytest.mark.vcr
def test_mime_types_come_from_the_extension(amili: AmiliClient) -> None:
    with pytest.warns(errors.TruncatedResultWarning):
        mime_types = {
            attachment.name: attachment.mime_type
            for attachment in amili.list_files(AMILI_CLIENT_NO)
        }
    assert mime_types["Attachment1.png"] == "image/png"
    assert mime_types["Kontrakt 350023.pdf"] == "application/pdf"
    assert mime_types["kvittering.txt"] == "text/plain"


@pytest.mark.vcr
def test_pages_gives_the_single_page(amili: AmiliClient) -> None:
    pages = list(amili.list_files(AMILI_CLIENT_NO, type="Reminder").pages())
    assert len(pages) == 1
    assert pages[0].total_count == 3
    assert [attachment.name for attachment in pages[0].items] == [
        "Purring 350023.pdf",
        "Purring 350024.pdf",
        "Purring 350026.pdf",
    ]


@pytest.mark.vcr
def test_download_and_open_return_the_decoded_content(amili: AmiliClient) -> None:
    csv = _by_name(amili, "betalingsplan ÆØÅ.csv")
    expected = DATA["betalingsplan ÆØÅ.csv"]
    assert csv.size == expected.size
    assert _sha256(amili.download(csv)) == expected.sha256
    with amili.open(csv, chunk_size=10) as chunks:
        parts = list(chunks)
    assert len(parts) == -(-expected.size // 10)
    assert all(len(part) <= 10 for part in parts)
    assert _sha256(b"".join(parts)) == expected.sha256


@pytest.mark.vcr
def test_save_writes_the_file_under_its_name_and_numbers_collisions(
    amili: AmiliClient, tmp_path: Path
) -> None:
    png = _by_name(amili, "Attachment1.png")
    first = amili.save(png, tmp_path)
    second = amili.save(png, tmp_path)
    renamed = amili.save(png, tmp_path / "new" / "dir", filename="../../escape.png")
    assert first == tmp_path / "Attachment1.png"
    assert second == tmp_path / "Attachment1 (1).png"
    assert renamed == tmp_path / "new" / "dir" / "_.._escape.png"
    for path in (first, second, renamed):
        assert _sha256(path.read_bytes()) == DATA["Attachment1.png"].sha256
    first.write_bytes(b"old")
    assert amili.save(png, tmp_path, overwrite=True) == first
    assert _sha256(first.read_bytes()) == DATA["Attachment1.png"].sha256
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "Attachment1 (1).png",
        "Attachment1.png",
        "new",
    ]


@pytest.mark.vcr
@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Attachment2.png", id="png"),
        pytest.param("Purring 350024.pdf", id="pdf"),
    ],
)
def test_empty_content_is_unavailable(amili: AmiliClient, tmp_path: Path, name: str) -> None:
    attachment = _by_name(amili, name)
    assert attachment.size is None
    with pytest.raises(errors.ContentUnavailableError) as caught:
        amili.download(attachment)
    assert caught.value.vendor == "amili"
    assert caught.value.file_id == attachment.id
    assert name in str(caught.value)
    with pytest.raises(errors.ContentUnavailableError):
        amili.save(attachment, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.vcr
def test_a_client_the_token_does_not_cover_is_forbidden(amili: AmiliClient) -> None:
    with pytest.raises(errors.PermissionDeniedError) as caught:
        list(amili.list_files(AMILI_OTHER_CLIENT_NO))
    error = caught.value
    assert (error.vendor, error.status_code) == ("amili", 403)
    assert error.vendor_message == "The token does not grant access to client 3000."
    assert "The token does not grant access to client 3000." in str(error)


@pytest.mark.vcr
def test_a_token_the_vendor_rejects(amili_target: Target) -> None:
    token = "not-a-jwt-but-a-secret-0123456789"
    with (
        AmiliClient(amili_target.base_url, token=token, sleep=_no_sleep) as amili,
        pytest.raises(errors.AuthenticationError) as caught,
    ):
        list(amili.list_files(AMILI_CLIENT_NO))
    assert caught.value.status_code == 401
    assert caught.value.vendor_message == "The token is not a JWT."
    assert token not in str(caught.value)
    assert token not in repr(caught.value)


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_client_lists_downloads_and_saves(
    async_amili: AsyncAmiliClient, tmp_path: Path
) -> None:
    files = async_amili.list_files(AMILI_CLIENT_NO)
    with pytest.warns(errors.TruncatedResultWarning, match="14 files matched") as caught:
        names = [attachment.name async for attachment in files]
    assert [warning.filename for warning in caught] == [__file__]
    assert names == FIRST_TEN
    assert (files.total_count, files.truncated) == (14, True)
    pages = [
        page async for page in async_amili.list_files(AMILI_CLIENT_NO, type="Reminder").pages()
    ]
    assert [len(page.items) for page in pages] == [3]
    (contract,) = [
        attachment
        async for attachment in async_amili.list_files(AMILI_CLIENT_NO, name="Kontrakt 350023.pdf")
    ]
    expected = DATA["Kontrakt 350023.pdf"]
    assert _sha256(await async_amili.download(contract)) == expected.sha256
    async with async_amili.open(contract, chunk_size=64) as chunks:
        assert _sha256(b"".join([chunk async for chunk in chunks])) == expected.sha256
    path = await async_amili.save(contract, tmp_path)
    assert path == tmp_path / "Kontrakt 350023.pdf"
    assert _sha256(path.read_bytes()) == expected.sha256
