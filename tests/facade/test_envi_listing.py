"""Envi listing: lazy auto-pagination, pages, query options, the Attachment model, get_file."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest

from attachkit import Attachment, errors
from attachkit.envi import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, EnviEntityType, odata_string
from attachkit_envi_client.models import FileAttachment, FileAttachmentEntity
from attachkit_sandbox.vendors.envi import (
    ENVI_BIG_ENTITY_ID,
    ENVI_LARGE_ENTITY_ID,
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    EnviSettings,
)
from tests.facade.test_envi_support import (
    ENTITY_ID,
    INVOICE_NAME,
    MOCK_URL,
    InProcess,
    async_password_client,
    data_requests,
    file_record,
    list_body,
    listing_names,
    password_client,
    sandbox_file,
    token_client,
)
from tests.support.targets import Target

PO_ENTITIES = {
    (str(ENVI_PO_ID), "Purchase Order", "100234"),
    (str(ENVI_RECEIVED_INVOICE_ID), "Received Invoice", "INV-55012"),
    (str(ENVI_OCR_INVOICE_ID), "OCR Invoice", "OCR-9001"),
}


def by_name(attachments: list[Attachment]) -> dict[str, Attachment]:
    return {att.name: att for att in attachments}


# --- pagination against the sandbox ---------------------------------------------------------


@pytest.mark.vcr
def test_list_files_iterates_over_every_page(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        files = envi.list_files(ENVI_PO_ID, page_size=5)
        names = [att.name for att in files]
    assert names == listing_names(ENVI_PO_ID)
    assert files.total_count == 17


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_list_files_iterates_over_every_page(envi_target: Target) -> None:
    async with async_password_client(envi_target) as envi:
        files = envi.list_files(ENVI_PO_ID, page_size=5)
        names = [att.name async for att in files]
    assert names == listing_names(ENVI_PO_ID)
    assert files.total_count == 17


@pytest.mark.vcr
def test_pages_are_the_vendor_pages(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        pages = list(envi.list_files(ENVI_PO_ID, page_size=5).pages())
    assert [len(page.items) for page in pages] == [5, 5, 5, 2]
    assert [page.total_count for page in pages] == [17] * 4
    assert pages[-1].next_cursor is None
    assert [att.name for page in pages for att in page.items] == listing_names(ENVI_PO_ID)


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_pages_are_the_vendor_pages(envi_target: Target) -> None:
    async with async_password_client(envi_target) as envi:
        pages = [page async for page in envi.list_files(ENVI_PO_ID, page_size=5).pages()]
    assert [len(page.items) for page in pages] == [5, 5, 5, 2]
    assert pages[-1].next_cursor is None


def test_pages_load_only_as_far_as_the_caller_reads() -> None:
    client, recorder = InProcess().client()
    with client:
        files = client.list_files(ENVI_PO_ID, page_size=2)
        assert recorder.requests == []
        first_three = list(itertools.islice(files, 3))
        assert len(data_requests(recorder.requests)) == 2
        next(iter(files.pages()))
        assert len(data_requests(recorder.requests)) == 3
    assert [att.name for att in first_three] == listing_names(ENVI_PO_ID)[:3]


@pytest.mark.anyio
async def test_async_pages_load_only_as_far_as_the_caller_reads() -> None:
    client, recorder = InProcess().async_client()
    async with client:
        files = client.list_files(ENVI_PO_ID, page_size=2)
        assert recorder.requests == []
        names = []
        async for att in files:
            names.append(att.name)
            if len(names) == 3:
                break
        assert len(data_requests(recorder.requests)) == 2
    assert names == listing_names(ENVI_PO_ID)[:3]


@pytest.mark.parametrize(
    ("page_size", "top"),
    [(None, DEFAULT_PAGE_SIZE), (7, 7), (MAX_PAGE_SIZE, 5000), (MAX_PAGE_SIZE + 1, 5000)],
)
def test_page_size_is_sent_as_top_and_capped_at_5000(page_size: int | None, top: int) -> None:
    client, recorder = InProcess().client()
    options: dict[str, Any] = {} if page_size is None else {"page_size": page_size}
    with client:
        files = client.list_files(ENVI_BIG_ENTITY_ID, **options)
        first = next(iter(files.pages()))
    (request,) = data_requests(recorder.requests)
    assert request.url.params["$top"] == str(top)
    assert len(first.items) == min(top, 3000)
    assert files.total_count == 3000


def test_a_next_link_on_the_base_host_is_followed_with_its_query_intact() -> None:
    next_link = (
        f"{MOCK_URL}/odata/FileAttachments({ENTITY_ID})"
        "?$filter=fileName%20eq%20'O''Brien.pdf'&$top=1&$skip=1&$skiptoken=a%2Fb"
    )
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx2.Response(200, json=list_body([file_record()], next_link=next_link))
        return httpx2.Response(200, json=list_body([file_record(fileName="b.pdf")]))

    with token_client(handler) as envi:
        names = [att.name for att in envi.list_files(ENTITY_ID, page_size=1)]
    assert names == ["Packing slip.pdf", "b.pdf"]
    assert str(seen[1].url) == next_link
    assert seen[1].headers["api-version"] == "1.0"


# --- query options --------------------------------------------------------------------------


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"entity_type": EnviEntityType.RECEIVED_INVOICE},
            ["счёт.pdf", "INV-55012.pdf", "remittance advice.csv"],
        ),
        (
            {"filter": f"fileType eq {odata_string('png')}"},
            ["packing slip scan.png", "ocr scan 9001.png"],
        ),
        (
            {"filter": f"fileName eq {odata_string(INVOICE_NAME)}"},
            [INVOICE_NAME],
        ),
        ({"search": "pallet"}, ["pallet photo.jpg"]),
    ],
    ids=["entity_type", "filter", "filter-unicode", "search"],
)
def test_query_options_narrow_the_list(
    envi_target: Target, query: dict[str, Any], expected: list[str]
) -> None:
    with password_client(envi_target) as envi:
        files = envi.list_files(ENVI_PO_ID, **query)
        assert [att.name for att in files] == expected
    assert files.total_count == len(expected)


@pytest.mark.vcr
def test_order_by_sorts_on_one_field(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        files = list(envi.list_files(ENVI_PO_ID, order_by="fileSize desc", page_size=6))
    sizes = [att.size or 0 for att in files]
    assert sizes == sorted(sizes, reverse=True)
    assert sorted(att.name for att in files) == sorted(listing_names(ENVI_PO_ID))


@pytest.mark.parametrize(("size_mib", "found"), [(11, 1), (10, 0)])
def test_files_over_10_mb_as_the_readme_shows(size_mib: int, found: int) -> None:
    # fileSize is in bytes (release 6.5.7); 10 MB = 10485760 bytes, and gt excludes it.
    client, _ = InProcess(settings=EnviSettings(large_file_mib=size_mib)).client()
    with client:
        files = list(client.list_files(ENVI_LARGE_ENTITY_ID, filter="fileSize gt 10485760"))
    assert [att.size for att in files] == [size_mib * 1024 * 1024] * found


def test_odata_string_quotes_and_doubles_quotes() -> None:
    assert odata_string("O'Brien's.pdf") == "'O''Brien''s.pdf'"


# --- the Attachment model -------------------------------------------------------------------


@pytest.mark.vcr
@pytest.mark.parametrize(
    "entity_id",
    [ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID, ENVI_OCR_INVOICE_ID],
    ids=["purchase-order", "received-invoice", "ocr-invoice"],
)
def test_linked_files_keep_their_own_entity(envi_target: Target, entity_id: uuid.UUID) -> None:
    with password_client(envi_target) as envi:
        files = list(envi.list_files(entity_id))
    assert {(att.entity.id, att.entity.type, att.entity.number) for att in files} == PO_ENTITIES
    for att in files:
        assert att.entity.id == str(sandbox_file(att).entity.entity_id)


@pytest.mark.vcr
def test_attachments_are_vendor_neutral(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        files = by_name(list(envi.list_files(ENVI_PO_ID)))
    for att in files.values():
        assert att.vendor == "envi"
        assert att.size == sandbox_file(att).size
        assert att.created_at is not None
        assert att.created_at.tzinfo is not None
        assert att.updated_at is not None
        assert att.updated_at.tzinfo is not None
        assert isinstance(att.raw, FileAttachment)
        assert str(att.raw.file_id) == att.id
    signed = files["PO 100234 signed.pdf"]
    assert (signed.extension, signed.mime_type, signed.size) == ("pdf", "application/pdf", 611)
    assert signed.created_at == datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    assert (signed.created_by, signed.status) == ("Anna Berg", "Active")
    invoice = files[INVOICE_NAME]
    assert invoice.created_at is not None
    assert invoice.created_at.utcoffset() == timedelta(hours=1)
    assert invoice.created_at == datetime(2025, 3, 3, 9, 3, tzinfo=UTC)
    assert files["damaged.xlsx"].mime_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert files["pallet photo.jpg"].mime_type == "image/jpeg"
    assert (files["../../etc/passwd"].extension, files["../../etc/passwd"].mime_type) == (
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"fileName": "scan", "fileType": "png"}, {"extension": "png", "mime_type": "image/png"}),
        ({"fileName": "NOTES.TXT"}, {"extension": "txt", "mime_type": "text/plain"}),
        ({"fileName": "blob", "fileType": None}, {"extension": None, "mime_type": None}),
        (
            {"dateCreated": "2026-03-02T09:15:00"},
            {"created_at": datetime(2026, 3, 2, 9, 15, tzinfo=UTC)},
        ),
        ({"fileSize": 0}, {"size": 0}),
        ({"fileStatus": None, "createdByName": None}, {"status": None, "created_by": None}),
    ],
    ids=[
        "type-from-fileType",
        "upper-case-extension",
        "unknown-type",
        "naive-time-is-utc",
        "empty-file",
        "nulls",
    ],
)
def test_attachment_fields_from_a_record(
    fields: dict[str, object], expected: dict[str, object]
) -> None:
    body = list_body([file_record(**fields)])
    with token_client(lambda request: httpx2.Response(200, json=body)) as envi:
        (att,) = envi.list_files(ENTITY_ID)
    assert {name: getattr(att, name) for name in expected} == expected
    if att.created_at is not None:
        assert att.created_at.tzinfo is not None


def test_a_record_without_size_or_dates_has_none() -> None:
    record = file_record()
    for field in ("fileSize", "dateCreated", "lastUpdated"):
        del record[field]
    with token_client(lambda request: httpx2.Response(200, json=list_body([record]))) as envi:
        (att,) = envi.list_files(ENTITY_ID)
    assert (att.size, att.created_at, att.updated_at) == (None, None, None)


# --- get_file -------------------------------------------------------------------------------


@pytest.mark.vcr
def test_get_file_returns_the_listed_attachment(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        listed = by_name(list(envi.list_files(ENVI_PO_ID)))
        for name in ("PO 100234 signed.pdf", "ocr result.txt", "old quote.pdf"):
            fetched = envi.get_file(listed[name].id)
            assert fetched == listed[name]
            assert isinstance(fetched.raw, FileAttachmentEntity)
        assert envi.get_file(uuid.UUID(listed["INV-55012.pdf"].id)).entity.type == (
            "Received Invoice"
        )


@pytest.mark.vcr
@pytest.mark.anyio
async def test_async_get_file_returns_the_listed_attachment(envi_target: Target) -> None:
    async with async_password_client(envi_target) as envi:
        files = [att async for att in envi.list_files(ENVI_PO_ID, page_size=20)]
        first = files[0]
        assert await envi.get_file(first.id) == first


@pytest.mark.vcr
def test_get_file_of_an_unknown_id_is_not_found(envi_target: Target) -> None:
    missing = uuid.UUID("00000000-0000-4000-8000-000000000001")
    with password_client(envi_target) as envi, pytest.raises(errors.NotFoundError) as caught:
        envi.get_file(missing)
    error = caught.value
    assert (error.vendor, error.status_code) == ("envi", 404)
    assert error.vendor_message == f"NotFound: The file '{missing}' was not found."
    assert error.vendor_message in str(error)
