"""Envi's FileAttachments list, metadata and content endpoints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest

from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.vendors.envi import (
    ENVI_BIG_ENTITY_ID,
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    EnviSettings,
    envi_auth_headers,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import (
    ENVI_BIG_FILE_COUNT,
    ENVI_CONTRACT_ID,
    ENVI_PO_RELEASE_2_ID,
    envi_data,
)
from tests.specs.vendor_sources import source_text as vendor_text

PO_LIST = f"/envi/odata/FileAttachments({ENVI_PO_ID})"


@pytest.fixture
def envi_auth(client: httpx2.Client) -> dict[str, str]:
    return envi_auth_headers(client)


def po_file_named(prefix: str) -> str:
    """The full name of a file of the purchase order (some hold control characters)."""
    return next(f.name for f in envi_data().listing(ENVI_PO_ID) if f.name.startswith(prefix))


BIG_LIST = f"/envi/odata/FileAttachments({ENVI_BIG_ENTITY_ID})"
RECORD_FIELDS = [
    "fileId",
    "entityId",
    "entityNo",
    "entityTypeValue",
    "fileName",
    "fileStatus",
    "fileSize",
    "fileType",
    "dateCreated",
    "createdBy",
    "createdByName",
    "lastUpdated",
    "lastUpdatedBy",
    "lastUpdatedByName",
]


def names(response: httpx2.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [record["fileName"] for record in response.json()["value"]]


def test_list_shape(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    body = client.get(PO_LIST, headers=envi_auth).json()
    assert list(body)[:3] == ["@odata.context", "@odata.count", "value"]
    assert body["@odata.context"] == "http://sandbox.test/envi/odata/$metadata#FileAttachments"
    assert all(list(record) == RECORD_FIELDS for record in body["value"])
    assert "@odata.nextLink" not in body


def documented_unsupported_version_body() -> object:
    """The body the vendor's API Versioning page shows for the version '1.1'."""
    text = vendor_text("envi", "api-versioning")
    return json.JSONDecoder().raw_decode(text, text.index("{"))[0]


@pytest.mark.parametrize(
    ("headers", "params"),
    [({"api-version": "1.1"}, {}), ({}, {"api-version": "1.1"})],
    ids=["header", "query"],
)
def test_unsupported_api_version_is_the_documented_answer(
    client: httpx2.Client,
    envi_auth: dict[str, str],
    headers: dict[str, str],
    params: dict[str, str],
) -> None:
    response = client.get(PO_LIST, headers={**envi_auth, **headers}, params=params)
    assert response.status_code == 400
    assert response.json() == documented_unsupported_version_body()
    assert response.headers["api-supported-versions"] == "1.0"


def test_api_version_may_be_omitted(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    headers = {"Authorization": envi_auth["Authorization"]}
    response = client.get(PO_LIST, headers=headers)
    assert response.status_code == 200
    assert response.headers["api-supported-versions"] == "1.0"
    assert "api-deprecated-versions" not in response.headers


def test_versions_are_configurable_and_deprecated_ones_still_work(
    make_client: Callable[..., httpx2.Client],
) -> None:
    client = make_client(
        vendor_settings=(EnviSettings(api_versions=("1.0", "1.1"), deprecated_versions=("1.0",)),)
    )
    auth = envi_auth_headers(client)
    for version in ("1.0", "1.1"):
        response = client.get(PO_LIST, headers={**auth, "api-version": version})
        assert response.status_code == 200
        assert response.headers["api-supported-versions"] == "1.1"
        assert response.headers["api-deprecated-versions"] == "1.0"
    refused = client.get(PO_LIST, headers={**auth, "api-version": "2.0"})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "UnsupportedApiVersion"
    assert refused.headers["api-deprecated-versions"] == "1.0"


@pytest.mark.parametrize(
    ("versions", "deprecated"), [((), ()), (("1.0",), ("1.1",))], ids=["none", "not-a-subset"]
)
def test_versions_must_make_sense(versions: tuple[str, ...], deprecated: tuple[str, ...]) -> None:
    config = SandboxConfig(
        vendor_settings=(EnviSettings(api_versions=versions, deprecated_versions=deprecated),)
    )
    with pytest.raises(ValueError, match="deprecated_versions must be among api_versions"):
        create_app(config)


def test_top_limit_message(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    response = client.get(BIG_LIST, headers=envi_auth, params={"$top": "5001"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "The limit for the $top query has been exceeded. "
        "The value from the incoming request is '5001'"
    )
    assert client.get(BIG_LIST, headers=envi_auth, params={"$top": "5000"}).status_code == 200


@pytest.mark.parametrize("param", ["$top", "$skip"])
@pytest.mark.parametrize("value", ["-1", "ten", "1.5", ""])
def test_top_and_skip_must_be_non_negative_integers(
    client: httpx2.Client, envi_auth: dict[str, str], param: str, value: str
) -> None:
    response = client.get(BIG_LIST, headers=envi_auth, params={param: value})
    assert response.status_code == 400


def test_default_page_is_20_with_absolute_next_link(
    client: httpx2.Client, envi_auth: dict[str, str]
) -> None:
    params = {"$search": "sheet", "$orderby": "fileName desc", "api-version": "1.0"}
    body = client.get(BIG_LIST, headers=envi_auth, params=params).json()
    assert len(body["value"]) == 20
    assert body["@odata.count"] == ENVI_BIG_FILE_COUNT
    link = urlsplit(body["@odata.nextLink"])
    assert (link.scheme, link.netloc) == ("http", "sandbox.test")
    assert link.path == BIG_LIST
    query = dict(parse_qsl(link.query))
    assert query == {**params, "$top": "20", "$skip": "20"}


def test_next_links_can_name_another_scheme_and_host(
    make_client: Callable[..., httpx2.Client],
) -> None:
    client = make_client(
        vendor_settings=(EnviSettings(next_link_base="https://internal.example:8443/"),)
    )
    auth = envi_auth_headers(client)
    body = client.get(BIG_LIST, headers=auth, params={"$top": "5"}).json()
    link = urlsplit(body["@odata.nextLink"])
    assert (link.scheme, link.netloc, link.path) == ("https", "internal.example:8443", BIG_LIST)
    assert dict(parse_qsl(link.query)) == {"$top": "5", "$skip": "5"}


def test_paging_the_big_entity_yields_every_file_once(
    client: httpx2.Client, envi_auth: dict[str, str]
) -> None:
    url: str | None = f"{BIG_LIST}?$top=700"
    seen: list[str] = []
    while url is not None:
        body = client.get(url, headers=envi_auth).json()
        seen += [record["fileId"] for record in body["value"]]
        url = body.get("@odata.nextLink")
    assert len(seen) == len(set(seen)) == ENVI_BIG_FILE_COUNT


def test_skip_past_the_end(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    body = client.get(BIG_LIST, headers=envi_auth, params={"$skip": "5000"}).json()
    assert body["value"] == []
    assert body["@odata.count"] == ENVI_BIG_FILE_COUNT
    assert "@odata.nextLink" not in body


def test_linked_files_of_the_purchase_order(
    client: httpx2.Client, envi_auth: dict[str, str]
) -> None:
    records = client.get(PO_LIST, headers=envi_auth, params={"$top": "100"}).json()["value"]
    by_entity = {(r["entityId"], r["entityTypeValue"]) for r in records}
    assert by_entity == {
        (str(ENVI_PO_ID), "Purchase Order"),
        (str(ENVI_RECEIVED_INVOICE_ID), "Received Invoice"),
        (str(ENVI_OCR_INVOICE_ID), "OCR Invoice"),
    }
    # Release 2 of the same PO number is not linked.
    assert str(ENVI_PO_RELEASE_2_ID) not in {r["entityId"] for r in records}


def test_received_invoice_lists_the_same_linked_set(
    client: httpx2.Client, envi_auth: dict[str, str]
) -> None:
    from_po = names(client.get(PO_LIST, headers=envi_auth, params={"$top": "100"}))
    url = f"/envi/odata/FileAttachments({ENVI_RECEIVED_INVOICE_ID})"
    from_invoice = names(client.get(url, headers=envi_auth, params={"$top": "100"}))
    assert from_invoice == from_po
    assert "счёт.pdf" in from_invoice


def test_entity_type_pk_restricts_the_type(
    client: httpx2.Client, envi_auth: dict[str, str]
) -> None:
    response = client.get(PO_LIST, headers=envi_auth, params={"entityTypePK": "4"})
    values = {r["entityTypeValue"] for r in response.json()["value"]}
    assert values == {"Received Invoice"}
    bad = client.get(PO_LIST, headers=envi_auth, params={"entityTypePK": "invoice"})
    assert bad.status_code == 400


def test_unknown_entity_is_an_empty_list(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    url = "/envi/odata/FileAttachments(00000000-0000-0000-0000-000000000001)"
    body = client.get(url, headers=envi_auth).json()
    assert (body["value"], body["@odata.count"]) == ([], 0)


def test_malformed_entity_id_is_400(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    response = client.get("/envi/odata/FileAttachments(not-a-guid)", headers=envi_auth)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message"}


def test_search_is_case_insensitive(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    found = names(client.get(PO_LIST, headers=envi_auth, params={"$search": "FAKTURA"}))
    assert found == ["Faktura nr 12 \u2013 ÆØÅ.pdf"]
    by_user = client.get(PO_LIST, headers=envi_auth, params={"$search": "anna berg"})
    assert by_user.json()["@odata.count"] > 0


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("fileName eq 'CON.txt'", ["CON.txt"]),
        ("fileStatus eq 'Deleted'", ["old quote.pdf"]),
        ("fileSize eq 1024", ["damaged.xlsx"]),
        ("entityTypeValue eq 'OCR Invoice'", ["ocr scan 9001.png", "ocr result.txt"]),
        (
            "contains(fileName,'scan')",
            ["packing slip scan.png", "failed scan.tif", "ocr scan 9001.png"],
        ),
        (
            "contains(fileName, 'scan') and fileType eq 'png'",
            ["packing slip scan.png", "ocr scan 9001.png"],
        ),
        ("fileName in ('CON.txt', 'счёт.pdf')", ["CON.txt", "счёт.pdf"]),
        ("fileName eq 'CON.txt' or fileType eq 'jpg'", ["CON.txt", "pallet photo.jpg"]),
        ("contains(fileName,'Scan')", []),
        ("fileSize gt 2008", ["pallet photo.jpg", "old quote.pdf"]),
        ("fileSize ge 2008", ["pallet photo.jpg", "old quote.pdf", "ocr scan 9001.png"]),
        ("fileSize lt 21", ["upload in progress.pdf", "failed scan.tif"]),
        (
            "fileSize le 21.5",
            [
                po_file_named("Delivery"),
                po_file_named("Quarterly"),
                "upload in progress.pdf",
                "failed scan.tif",
            ],
        ),
        ("fileSize in (593, 602)", ["Faktura nr 12 \u2013 ÆØÅ.pdf", "счёт.pdf", "INV-55012.pdf"]),
        # 10:03+01:00 is 09:03Z: instants are compared, whatever the offset.
        (
            "dateCreated lt 2025-03-03T09:05:00Z",
            ["PO 100234 signed.pdf", "Faktura nr 12 \u2013 ÆØÅ.pdf"],
        ),
        ("dateCreated ge 2025-03-03T11:05:00+01:00", ["ocr result.txt"]),
        ("dateCreated lt 2025-03-03", []),
        ("entityTypeValue in ('OCR Invoice')", ["ocr scan 9001.png", "ocr result.txt"]),
        (
            "fileSize gt 1000 and fileType eq 'png' and contains(entityTypeValue, 'Invoice')",
            ["ocr scan 9001.png"],
        ),
    ],
)
def test_filter(
    client: httpx2.Client, envi_auth: dict[str, str], expression: str, expected: list[str]
) -> None:
    response = client.get(PO_LIST, headers=envi_auth, params={"$filter": expression})
    assert names(response) == expected


def test_filter_on_ids(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    expression = f"entityId in ({ENVI_OCR_INVOICE_ID}, '{ENVI_RECEIVED_INVOICE_ID}')"
    response = client.get(PO_LIST, headers=envi_auth, params={"$filter": expression})
    assert response.json()["@odata.count"] == 5


def test_filter_quote_escaping(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    response = client.get(PO_LIST, headers=envi_auth, params={"$filter": "fileName eq 'it''s'"})
    assert response.status_code == 200
    assert response.json()["value"] == []


@pytest.mark.parametrize(
    "expression",
    [
        "fileName eq 'a' and fileName eq 'b' or fileName eq 'c'",
        "color eq 'red'",
        "fileName ne 'a'",
        "fileSize eq '12'",
        "fileName eq 12",
        "contains(fileSize,'1')",
        "fileName eq 'unterminated",
        "fileName eq",
        # The vendor: naming the same field twice is a 400.
        "fileName eq 'a' or fileName eq 'b'",
        "contains(fileName, 'a') and fileName eq 'b'",
        "fileSize gt 1 and fileSize lt 9",
        # gt/ge/lt/le take numbers and dates only; literals must fit the field.
        "fileName gt 'a'",
        "entityId le 00000000-0000-0000-0000-000000000001",
        "fileSize gt '1'",
        "dateCreated ge '2025-03-03'",
        "dateCreated ge 2025-13-45",
        "dateCreated ge 2025-03-03T09:00:00",
        "fileType in ()",
        "fileType in ('pdf' 'png')",
        "fileType in ('pdf', 12)",
    ],
)
def test_bad_filters_are_400(
    client: httpx2.Client, envi_auth: dict[str, str], expression: str
) -> None:
    response = client.get(PO_LIST, headers=envi_auth, params={"$filter": expression})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"


def test_orderby_desc(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    params = {"$orderby": "fileSize desc", "$top": "100"}
    sizes = [
        r["fileSize"] for r in client.get(PO_LIST, headers=envi_auth, params=params).json()["value"]
    ]
    assert sizes == sorted(sizes, reverse=True)
    params = {"$orderby": "dateCreated desc", "$top": "3"}
    top3 = names(client.get(PO_LIST, headers=envi_auth, params=params))
    assert top3 == ["ocr result.txt", "ocr scan 9001.png", "remittance advice.csv"]


@pytest.mark.parametrize("orderby", ["fileName,fileSize", "colour", "fileName sideways"])
def test_bad_orderby_is_400(client: httpx2.Client, envi_auth: dict[str, str], orderby: str) -> None:
    response = client.get(PO_LIST, headers=envi_auth, params={"$orderby": orderby})
    assert response.status_code == 400


def test_metadata(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    file = envi_data().files_of(ENVI_CONTRACT_ID)[0]
    response = client.get(f"/envi/odata/FileAttachments/{file.file_id}/metadata", headers=envi_auth)
    body = response.json()
    assert body["@odata.context"].endswith("/envi/odata/$metadata#FileAttachments/$entity")
    assert body["fileName"] == file.name
    assert body["fileSize"] == file.size
    assert list(body)[1:] == RECORD_FIELDS


@pytest.mark.parametrize("suffix", ["metadata", "content"])
def test_unknown_and_malformed_file_ids(
    client: httpx2.Client, envi_auth: dict[str, str], suffix: str
) -> None:
    unknown = f"/envi/odata/FileAttachments/00000000-0000-0000-0000-000000000002/{suffix}"
    assert client.get(unknown, headers=envi_auth).status_code == 404
    malformed = f"/envi/odata/FileAttachments/xyz/{suffix}"
    assert client.get(malformed, headers=envi_auth).status_code == 400


def test_content_matches_the_data_set(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    for file in envi_data().listing(ENVI_PO_ID):
        if not file.has_content:
            continue
        url = f"/envi/odata/FileAttachments/{file.file_id}/content"
        response = client.get(url, headers=envi_auth)
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == file.sha256
        assert response.headers["content-length"] == str(file.size)
        assert response.headers["content-disposition"].startswith("attachment;")


def test_content_headers(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    file = next(f for f in envi_data().files_of(ENVI_PO_ID) if f.name.startswith("Faktura"))
    response = client.get(f"/envi/odata/FileAttachments/{file.file_id}/content", headers=envi_auth)
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        "filename*=UTF-8''Faktura%20nr%2012%20%E2%80%93%20%C3%86%C3%98%C3%85.pdf"
        in (response.headers["content-disposition"])
    )


@pytest.mark.parametrize("status", ["Deleted", "Uploading", "Failed", "Corrupted"])
def test_no_content_for_unfinished_files(
    client: httpx2.Client, envi_auth: dict[str, str], status: str
) -> None:
    file = next(f for f in envi_data().files_of(ENVI_PO_ID) if f.status == status)
    response = client.get(f"/envi/odata/FileAttachments/{file.file_id}/content", headers=envi_auth)
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "FileContentUnavailable",
            "message": f"The file has no content: its status is {status}.",
        }
    }


def test_bulk_requisitions(client: httpx2.Client, envi_auth: dict[str, str]) -> None:
    ids = envi_bulk_entity_ids()
    assert len(ids) == len(set(ids)) == 2000
    counts = {
        client.get(f"/envi/odata/FileAttachments({entity_id})", headers=envi_auth).json()[
            "@odata.count"
        ]
        for entity_id in ids[:6]
    }
    assert counts == {1, 2}
