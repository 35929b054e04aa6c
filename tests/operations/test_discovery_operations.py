"""The generated discovery operations: Altegio's client search and Envi's five module lists,
each with its success, paging, and the errors the specs document (or, marked, assume)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest

import attachkit_altegio_client
import attachkit_envi_client
from attachkit.sandbox import (
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    ENVI_PO_ID,
    envi_bulk_entity_ids,
)
from attachkit.sandbox.data import (
    ENVI_ADJUSTMENT_ID,
    ENVI_BIG_ENTITY_ID,
    ENVI_PO_RELEASE_2_ID,
    ENVI_PROOF_OF_DELIVERY_ID,
    altegio_locations,
)
from attachkit.sandbox.data.envi import ENVI_EMPTY_ADJUSTMENT_ID
from attachkit_altegio_client.api.clients import search_clients
from attachkit_altegio_client.models import (
    ClientSearchFilter,
    ClientSearchFilterState,
    ClientSearchMeta,
    ClientSearchRequest,
    ClientSearchResponse,
    ErrorEnvelope,
    ErrorMeta,
    ErrorMetaErrors,
)
from attachkit_envi_client.api.entity_sets import (
    list_adjustment_items,
    list_inventory,
    list_purchase_orders,
    list_requisition_fills,
    list_requisitions,
)
from attachkit_envi_client.models import (
    AdjustmentItemList,
    InventoryList,
    ODataError,
    PurchaseOrderList,
    RequisitionFillList,
    RequisitionList,
)
from attachkit_envi_client.types import UNSET
from tests.operations.helpers import FAULT_429, altegio_message, altegio_user, parsed_as
from tests.support.targets import Target

CLIENT_IDS = sorted(altegio_locations()[ALTEGIO_LOCATION_ID].clients)
V1 = "1.0"


# --- Altegio: clients.search_clients --------------------------------------------------------


def _search(client: attachkit_altegio_client.Client, body: ClientSearchRequest) -> Any:
    return search_clients.sync_detailed(ALTEGIO_LOCATION_ID, client=client, body=body)


@pytest.mark.vcr
def test_search_pages_through_a_locations_clients(
    altegio_api: attachkit_altegio_client.Client,
) -> None:
    ids: list[int] = []
    for page in (1, 2):
        body = ClientSearchRequest(page=page, page_size=200, fields=["id"])
        result = parsed_as(_search(altegio_api, body), 200, ClientSearchResponse)
        assert result.success is True
        assert isinstance(result.meta, ClientSearchMeta)
        assert result.meta.total_count == len(CLIENT_IDS) == 303
        ids += [client.id for client in result.data]
    assert ids == CLIENT_IDS


@pytest.mark.vcr
def test_search_with_fields_order_and_a_filter(
    altegio_api: attachkit_altegio_client.Client,
) -> None:
    state = ClientSearchFilterState.from_dict({"value": CLIENT_IDS[:3]})
    body = ClientSearchRequest(
        page_size=2,
        fields=["id", "name"],
        order_by="id",
        order_by_direction="DESC",
        filters=[ClientSearchFilter(type_="id", state=state)],
    )
    result = parsed_as(_search(altegio_api, body), 200, ClientSearchResponse)
    assert [client.to_dict() for client in result.data] == [
        {"id": CLIENT_IDS[2], "name": f"Client {CLIENT_IDS[2]}"},
        {"id": CLIENT_IDS[1], "name": f"Client {CLIENT_IDS[1]}"},
    ]
    assert isinstance(result.meta, ClientSearchMeta)
    assert result.meta.total_count == 3


@pytest.mark.vcr
def test_search_refuses_a_page_size_over_200(altegio_api: attachkit_altegio_client.Client) -> None:
    meta = parsed_as(_search(altegio_api, ClientSearchRequest(page_size=201)), 422, ErrorEnvelope)
    assert isinstance(meta.meta, ErrorMeta)
    assert isinstance(meta.meta.errors, ErrorMetaErrors)
    assert meta.meta.errors.to_dict() == {"page_size": ["The page size must be between 1 and 200."]}


@pytest.mark.vcr
def test_search_refuses_a_filter_it_cannot_apply(
    altegio_api: attachkit_altegio_client.Client,
) -> None:
    state = ClientSearchFilterState.from_dict({"value": [1, 2]})
    body = ClientSearchRequest(filters=[ClientSearchFilter(type_="gender", state=state)])
    envelope = parsed_as(_search(altegio_api, body), 400, ErrorEnvelope)
    assert altegio_message(envelope) == "Недопустимое значение фильтра"


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("location_id", "user_token", "headers", "status", "message"),
    [
        pytest.param(
            ALTEGIO_LOCATION_ID, "not-the-token", {}, 401, "Authentication needed.", id="401"
        ),
        pytest.param(
            ALTEGIO_EXPIRED_LOCATION_ID,
            None,
            {},
            402,
            "The license for this location has expired.",
            id="402",
        ),
        pytest.param(999, None, {}, 403, "Access denied.", id="403"),
        pytest.param(ALTEGIO_LOCATION_ID, None, FAULT_429, 429, "Too Many Requests", id="429"),
    ],
)
def test_search_refused(
    altegio_target: Target,
    altegio_user_token: str,
    location_id: int,
    user_token: str | None,
    headers: dict[str, str],
    status: int,
    message: str,
) -> None:
    token = altegio_user_token if user_token is None else user_token
    with altegio_user(altegio_target, token).with_headers(headers) as client:
        response = search_clients.sync_detailed(
            location_id, client=client, body=ClientSearchRequest()
        )
    assert altegio_message(parsed_as(response, status, ErrorEnvelope)) == message


@pytest.mark.vcr
@pytest.mark.anyio
async def test_search_async(altegio_target: Target, altegio_user_token: str) -> None:
    async with altegio_user(altegio_target, altegio_user_token) as client:
        result = await search_clients.asyncio(
            ALTEGIO_LOCATION_ID, client=client, body=ClientSearchRequest(page_size=3)
        )
    assert isinstance(result, ClientSearchResponse)
    assert [client.id for client in result.data] == CLIENT_IDS[:3]


# --- Envi: entity_sets ----------------------------------------------------------------------

Lister = Callable[..., Any]
SETS: dict[str, tuple[Lister, type, str, set[UUID]]] = {
    "PurchaseOrders": (
        list_purchase_orders.sync_detailed,
        PurchaseOrderList,
        "purchase_order_id",
        {ENVI_PO_ID, ENVI_PO_RELEASE_2_ID},
    ),
    "Inventory": (
        list_inventory.sync_detailed,
        InventoryList,
        "inventory_id",
        {ENVI_BIG_ENTITY_ID},
    ),
    "RequisitionFills": (
        list_requisition_fills.sync_detailed,
        RequisitionFillList,
        "requisition_fill_id",
        {ENVI_PROOF_OF_DELIVERY_ID},
    ),
    "AdjustmentItems": (
        list_adjustment_items.sync_detailed,
        AdjustmentItemList,
        "adjustment_id",
        {ENVI_ADJUSTMENT_ID, ENVI_EMPTY_ADJUSTMENT_ID},
    ),
}


def _next_query(link: str) -> dict[str, int]:
    query = parse_qs(urlsplit(link).query)
    return {"top": int(query["$top"][0]), "skip": int(query["$skip"][0])}


def _walk(lister: Lister, kind: type, client: Any, top: int, **options: Any) -> list[Any]:
    """Every page of a list, following its next links."""
    pages: list[Any] = [
        parsed_as(lister(client=client, api_version=V1, top=top, **options), 200, kind)
    ]
    while isinstance(pages[-1].odata_next_link, str):
        query = _next_query(pages[-1].odata_next_link)
        pages.append(
            parsed_as(lister(client=client, api_version=V1, **options, **query), 200, kind)
        )
    return pages


@pytest.mark.vcr
@pytest.mark.parametrize("name", SETS)
def test_each_list_pages_through_its_records(
    envi_api: attachkit_envi_client.AuthenticatedClient, name: str
) -> None:
    lister, kind, key, expected = SETS[name]
    pages = _walk(lister, kind, envi_api, 1)
    rows = [row for page in pages for row in page.value]
    assert len(pages) == len(rows) == pages[0].odata_count
    assert {getattr(row, key) for row in rows} == expected
    assert all(row.last_updated is not UNSET for row in rows)


@pytest.mark.vcr
def test_requisitions_filtered_by_last_updated(
    envi_api: attachkit_envi_client.AuthenticatedClient,
) -> None:
    pages = _walk(
        list_requisitions.sync_detailed,
        RequisitionList,
        envi_api,
        600,
        filter_="lastUpdated ge 2025-02-22",
    )
    rows = [row for page in pages for row in page.value]
    everything = {str(entity) for entity in envi_bulk_entity_ids()}
    assert 600 < len(rows) < len(everything)
    assert [len(page.value) for page in pages][:-1] == [600] * (len(pages) - 1)
    assert all(row.last_updated.date().isoformat() >= "2025-02-22" for row in rows)


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("lister", "options", "message"),
    [
        pytest.param(
            list_requisitions.sync_detailed,
            {"top": 5001},
            "The limit for the $top query has been exceeded. The value from the incoming "
            "request is '5001'",
            id="top-over-5000",
        ),
        pytest.param(
            list_adjustment_items.sync_detailed,
            {"filter_": "lastUpdated ge 2025-01-01"},
            "The operator 'ge' is not supported on this list.",
            id="adjustments-take-no-ge",
        ),
        pytest.param(
            list_purchase_orders.sync_detailed,
            {"filter_": "lastUpdated ge 'yesterday'"},
            "'lastUpdated' is compared with a date or date-time, not ''yesterday''.",
            id="not-a-date",
        ),
    ],
)
def test_lists_refuse_bad_queries(
    envi_api: attachkit_envi_client.AuthenticatedClient,
    lister: Lister,
    options: dict[str, Any],
    message: str,
) -> None:
    error = parsed_as(lister(client=envi_api, api_version=V1, **options), 400, ODataError).error
    assert error.message == message


@pytest.mark.vcr
def test_lists_need_a_valid_token(envi_target: Target) -> None:
    client = attachkit_envi_client.AuthenticatedClient(base_url=envi_target.base_url, token="x")
    with client:
        response = list_purchase_orders.sync_detailed(client=client, api_version=V1)
    assert parsed_as(response, 401, ODataError).error.message


@pytest.mark.vcr
@pytest.mark.anyio
async def test_a_list_async(envi_target: Target) -> None:
    from tests.operations.helpers import envi_authenticated

    async with envi_authenticated(envi_target) as client:
        result = await list_purchase_orders.asyncio(client=client, api_version=V1)
    assert isinstance(result, PurchaseOrderList)
    assert {row.purchase_order_id for row in result.value} == {ENVI_PO_ID, ENVI_PO_RELEASE_2_ID}
