"""Envi's `list_entities`: the ids of every record of a type through its module list, page
by page, with next links, the `lastUpdated ge` filter, and the vendor's errors."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs

import httpx2
import pytest

from attachkit import errors
from attachkit.envi import AsyncEnviClient, EnviClient, EnviEntityType
from attachkit_sandbox.vendors.envi import (
    ENVI_BIG_ENTITY_ID,
    ENVI_HOSTILE_NAMES_ID,
    ENVI_PO_ID,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import (
    ENVI_ADJUSTMENT_ID,
    ENVI_EMPTY_ADJUSTMENT_ID,
    ENVI_PO_RELEASE_2_ID,
    ENVI_PROOF_OF_DELIVERY_ID,
    envi_data,
)
from tests.facade.test_envi_support import (
    MOCK_URL,
    SECRET_TOKEN,
    async_password_client,
    password_client,
)
from tests.support.targets import Target
from tests.unit.scripted import Script, Sleeps, json_response

EXPECTED = {
    EnviEntityType.PURCHASE_ORDER: [ENVI_PO_ID, ENVI_PO_RELEASE_2_ID],
    EnviEntityType.INVENTORY: [ENVI_BIG_ENTITY_ID],
    EnviEntityType.PROOF_OF_DELIVERY: [ENVI_PROOF_OF_DELIVERY_ID],
    EnviEntityType.ADJUSTMENT: sorted([ENVI_ADJUSTMENT_ID, ENVI_EMPTY_ADJUSTMENT_ID], key=str),
}
REQUISITIONS = [ENVI_HOSTILE_NAMES_ID, *envi_bulk_entity_ids()]


# --- against the sandbox ------------------------------------------------------------------


@pytest.mark.vcr
@pytest.mark.parametrize("entity_type", EXPECTED, ids=lambda t: t.name.lower())
def test_each_type_lists_its_records_ids(envi_target: Target, entity_type: EnviEntityType) -> None:
    with password_client(envi_target) as envi:
        ids = envi.list_entities(entity_type, page_size=1)
        assert list(ids) == EXPECTED[entity_type]
        # One row a page: the adjustment's three items come on three pages, named once.
        pages = list(ids.pages())
    assert all(isinstance(entity, uuid.UUID) for entity in EXPECTED[entity_type])
    if entity_type is EnviEntityType.ADJUSTMENT:
        assert [len(page.items) for page in pages] == [1, 0, 0, 1]


@pytest.mark.vcr
def test_requisitions_come_in_pages_of_the_size_asked(envi_target: Target) -> None:
    with password_client(envi_target) as envi:
        ids = envi.list_entities(EnviEntityType.REQUISITION, page_size=700)
        pages = [list(page.items) for page in ids.pages()]
    assert [len(page) for page in pages] == [700, 700, 601]
    assert [entity for page in pages for entity in page] == REQUISITIONS
    assert ids.total_count == 2001


@pytest.mark.vcr
@pytest.mark.anyio
async def test_changed_since_a_date_async(envi_target: Target) -> None:
    since = date(2025, 2, 22)
    async with async_password_client(envi_target) as envi:
        ids = envi.list_entities(EnviEntityType.REQUISITION, updated_since=since)
        found = [entity async for entity in ids]
    data = envi_data()
    cutoff = datetime(2025, 2, 22, tzinfo=UTC)
    assert found == [entity for entity in REQUISITIONS if data.last_updated[entity] >= cutoff]
    assert 0 < len(found) < len(REQUISITIONS)


@pytest.mark.vcr
def test_a_moment_is_widened_to_the_day_before_its_utc_date(envi_target: Target) -> None:
    # 2025-02-23 00:30 in UTC+2 is 2025-02-22 22:30 UTC: Envi is asked from 2025-02-21.
    moment = datetime(2025, 2, 23, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    with password_client(envi_target) as envi:
        found = list(envi.list_entities(EnviEntityType.REQUISITION, updated_since=moment))
    data = envi_data()
    cutoff = datetime(2025, 2, 21, tzinfo=UTC)
    assert found == [entity for entity in REQUISITIONS if data.last_updated[entity] >= cutoff]


# --- what a cassette cannot hold ----------------------------------------------------------


def _page(key: str, ids: list[str], *, count: int | None = None, link: str | None = None) -> Any:
    body: dict[str, object] = {
        "value": [{key: entity, "lastUpdated": "2026-01-01"} for entity in ids]
    }
    if count is not None:
        body["@odata.count"] = count
    if link is not None:
        body["@odata.nextLink"] = link
    return json_response(200, body)


def _client(transport: httpx2.BaseTransport, **options: Any) -> EnviClient:
    return EnviClient(MOCK_URL, token=SECRET_TOKEN, transport=transport, sleep=Sleeps(), **options)


def _query(request: httpx2.Request) -> dict[str, list[str]]:
    return parse_qs(request.url.query.decode())


A, B, C = (str(uuid.UUID(int=n)) for n in (1, 2, 3))


def test_the_first_page_asks_for_the_list_with_top_and_the_filter() -> None:
    transport = Script(_page("purchaseOrderId", [A]))
    with _client(transport) as envi:
        assert list(envi.list_entities(1, updated_since=date(2026, 1, 2), page_size=50)) == [
            uuid.UUID(A)
        ]
    request = transport.only
    assert request.url.path == "/odata/PurchaseOrders"
    assert _query(request) == {"$top": ["50"], "$filter": ["lastUpdated ge 2026-01-02"]}
    assert request.headers["api-version"] == "1.0"
    assert request.headers["authorization"] == f"Bearer {SECRET_TOKEN}"


@pytest.mark.parametrize(
    ("entity_type", "path", "key", "extra"),
    [
        (EnviEntityType.INVENTORY, "/odata/Inventory", "inventoryId", {}),
        (EnviEntityType.REQUISITION, "/odata/Requisitions", "requisitionId", {}),
        (EnviEntityType.PROOF_OF_DELIVERY, "/odata/RequisitionFills", "requisitionFillId", {}),
        (
            EnviEntityType.ADJUSTMENT,
            "/odata/AdjustmentItems",
            "adjustmentId",
            {"$orderby": ["adjustmentId"]},
        ),
    ],
)
def test_each_type_has_its_list_and_key(
    entity_type: EnviEntityType, path: str, key: str, extra: dict[str, list[str]]
) -> None:
    transport = Script(_page(key, [A, B]))
    with _client(transport) as envi:
        assert list(envi.list_entities(entity_type)) == [uuid.UUID(A), uuid.UUID(B)]
    assert transport.only.url.path == path
    assert _query(transport.only) == {"$top": ["500"], **extra}


def test_next_links_are_followed_on_the_configured_host() -> None:
    link = "http://internal.example/odata/Inventory?$top=1&$skip=1"
    transport = Script(
        _page("inventoryId", [A], count=2, link=link), _page("inventoryId", [B], count=2)
    )
    with _client(transport) as envi:
        assert list(envi.list_entities(11, page_size=1)) == [uuid.UUID(A), uuid.UUID(B)]
    second = transport.requests[1]
    assert str(second.url) == f"{MOCK_URL}/odata/Inventory?$top=1&$skip=1"
    assert second.headers["api-version"] == "1.0"


def test_a_next_link_off_the_base_path_ends_the_listing() -> None:
    transport = Script(_page("inventoryId", [A], link="https://elsewhere.example/other?$skip=1"))
    with EnviClient(f"{MOCK_URL}/tenant", token=SECRET_TOKEN, transport=transport) as envi:
        ids = envi.list_entities(11)
        with pytest.raises(errors.UnexpectedResponseError, match="next link refused"):
            list(ids)
    assert len(transport.requests) == 1


def test_an_adjustment_named_by_many_items_is_yielded_once() -> None:
    link = f"{MOCK_URL}/odata/AdjustmentItems?$orderby=adjustmentId&$skip=3"
    transport = Script(
        _page("adjustmentId", [A, A, B], link=link), _page("adjustmentId", [B, B, C])
    )
    with _client(transport) as envi:
        assert list(envi.list_entities(EnviEntityType.ADJUSTMENT, page_size=3)) == [
            uuid.UUID(A),
            uuid.UUID(B),
            uuid.UUID(C),
        ]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"value": [{"purchaseOrderNo": "1"}]}, id="no-key"),
        pytest.param({"value": [{"purchaseOrderId": "not-a-uuid"}]}, id="key-not-uuid"),
        pytest.param({"value": [{"purchaseOrderId": 7}]}, id="key-number"),
        pytest.param({"value": ["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"]}, id="row-not-object"),
        pytest.param({"value": None}, id="value-null"),
        pytest.param({"value": [], "@odata.count": "1"}, id="count-text"),
        pytest.param({"value": [], "@odata.nextLink": 5}, id="link-number"),
    ],
)
def test_answers_off_the_spec_are_unexpected_responses(body: object) -> None:
    with (
        _client(Script(json_response(200, body))) as envi,
        pytest.raises(errors.UnexpectedResponseError),
    ):
        list(envi.list_entities(1))


def test_ids_in_other_forms_of_a_uuid_are_read_canonically() -> None:
    upper = "{9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D}"
    with _client(Script(_page("purchaseOrderId", [upper]))) as envi:
        assert list(envi.list_entities(1)) == [uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")]


def test_a_server_error_is_retried_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    failing = json_response(500, {"error": {"code": "Error", "message": "busy"}})
    transport = Script(failing, _page("purchaseOrderId", [A]))
    caplog.set_level(logging.INFO, logger="attachkit")
    with _client(transport) as envi:
        assert list(envi.list_entities(1)) == [uuid.UUID(A)]
    assert len(transport.requests) == 2
    assert "retrying GET" in caplog.text


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
    ],
)
def test_error_statuses(status: int, error: type[errors.APIStatusError]) -> None:
    body = {"error": {"code": "BadRequest", "message": "no such list here"}}
    with (
        _client(Script(json_response(status, body))) as envi,
        pytest.raises(error, match="no such list here"),
    ):
        list(envi.list_entities(1))


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"entity_type": 4}, ValueError, "received invoices, contracts and OCR invoices"),
        ({"entity_type": EnviEntityType.CONTRACT}, ValueError, "not 6"),
        ({"entity_type": "1"}, TypeError, "entity_type must be an int"),
        ({"entity_type": 1, "updated_since": "2026-01-01"}, TypeError, "a date or a datetime"),
        ({"entity_type": 1, "updated_since": datetime(2026, 1, 1)}, ValueError, "timezone"),
        (
            {"entity_type": EnviEntityType.ADJUSTMENT, "updated_since": date(2026, 1, 1)},
            ValueError,
            "AdjustmentItems list takes no date filter",
        ),
        ({"entity_type": 1, "page_size": 0}, ValueError, "page_size"),
        ({"entity_type": 1, "max_retries": "2"}, TypeError, "max_retries"),
    ],
)
def test_bad_arguments_are_refused_before_a_request(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    transport = Script(_page("purchaseOrderId", [A]))
    with _client(transport) as envi, pytest.raises(error, match=message):
        envi.list_entities(**arguments)
    assert transport.requests == []


def test_the_page_size_is_capped_at_5000() -> None:
    transport = Script(_page("purchaseOrderId", [A]))
    with _client(transport) as envi:
        list(envi.list_entities(1, page_size=100_000))
    assert _query(transport.only)["$top"] == ["5000"]


@pytest.mark.anyio
async def test_the_async_client_follows_the_same_pages() -> None:
    link = f"{MOCK_URL}/odata/Requisitions?$top=1&$skip=1"
    transport = Script(
        _page("requisitionId", [A], count=2, link=link), _page("requisitionId", [B], count=2)
    )
    async with AsyncEnviClient(MOCK_URL, token=SECRET_TOKEN, transport=transport) as envi:
        ids = envi.list_entities(EnviEntityType.REQUISITION, page_size=1)
        assert [entity async for entity in ids] == [uuid.UUID(A), uuid.UUID(B)]
        assert ids.total_count == 2
