"""The sandbox's discovery endpoints: Altegio's client search and Envi's five module lists,
as the vendors document them (paging, page-size cap, filters, next links, lastUpdated)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx2
import pytest

from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_AUTH_HEADERS,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
)
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.envi import (
    ENVI_BIG_ENTITY_ID,
    ENVI_HOSTILE_NAMES_ID,
    ENVI_PO_ID,
    envi_auth_headers,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import (
    ENVI_ADJUSTMENT_ID,
    ENVI_EMPTY_ADJUSTMENT_ID,
    ENVI_OTHER_ORGANIZATION_NO,
    ENVI_PO_RELEASE_2_ID,
    ENVI_PROOF_OF_DELIVERY_ID,
    envi_data,
    envi_scale_entity_ids,
)

SEARCH = f"/altegio/v1/company/{ALTEGIO_LOCATION_ID}/clients/search"
CLIENT_IDS = sorted(altegio_locations()[ALTEGIO_LOCATION_ID].clients)


@pytest.fixture
def client(make_client: Callable[..., httpx2.Client]) -> httpx2.Client:
    return make_client(rate_limits=False)


def search(client: httpx2.Client, body: object, path: str = SEARCH) -> httpx2.Response:
    return client.post(path, json=body, headers=ALTEGIO_AUTH_HEADERS)


# --- Altegio: the client search ---------------------------------------------------------------


def test_the_search_pages_through_every_client_by_id(client: httpx2.Client) -> None:
    seen: list[int] = []
    for page in (1, 2, 3):
        answer = search(client, {"page": page, "page_size": 200}).json()
        assert answer["success"] is True
        assert answer["meta"] == {"total_count": len(CLIENT_IDS)}
        seen += [row["id"] for row in answer["data"]]
        assert all(set(row) == {"id"} for row in answer["data"])
    assert len(CLIENT_IDS) == 303  # more than one page of the largest size
    assert seen == CLIENT_IDS


def test_the_defaults_are_page_one_of_25_ids(client: httpx2.Client) -> None:
    answer = search(client, {}).json()
    assert [row["id"] for row in answer["data"]] == CLIENT_IDS[:25]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"page_size": 201}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": "25"}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": True}, "page"),
        ({"fields": ["id", "password"]}, "fields"),
        ({"order_by": "birthday"}, "order_by"),
        ({"order_by_direction": "sideways"}, "order_by_direction"),
    ],
)
def test_a_bad_page_or_field_is_refused_with_422(
    client: httpx2.Client, body: dict[str, object], field: str
) -> None:
    response = search(client, body)
    assert response.status_code == 422
    meta = response.json()["meta"]
    assert meta["message"] == "The given data was invalid."
    assert list(meta["errors"]) == [field]


@pytest.mark.parametrize("body", [b"[]", b"not json", b'"page"'])
def test_a_body_that_is_not_an_object_is_refused(client: httpx2.Client, body: bytes) -> None:
    headers = {**ALTEGIO_AUTH_HEADERS, "Content-Type": "application/json"}
    response = client.post(SEARCH, content=body, headers=headers)
    assert response.status_code == 422


def test_fields_order_and_filters(client: httpx2.Client) -> None:
    body = {
        "fields": ["id", "name", "phone"],
        "order_by": "id",
        "order_by_direction": "desc",
        "filters": [{"type": "id", "state": {"value": CLIENT_IDS[:3]}}],
    }
    answer = search(client, body).json()
    assert answer["data"] == [
        {"id": client_id, "name": f"Client {client_id}", "phone": None}
        for client_id in reversed(CLIENT_IDS[:3])
    ]
    assert answer["meta"]["total_count"] == 3
    quick = {"filters": [{"type": "quick_search", "state": {"value": "client 20000"}}]}
    assert [row["id"] for row in search(client, quick).json()["data"]] == list(
        range(200001, 200010)
    )


def test_a_filter_the_sandbox_cannot_apply_gets_the_blueprints_400(client: httpx2.Client) -> None:
    body = {"filters": [{"type": "birthday", "state": {"from": "1985-03-22"}}]}
    response = search(client, body)
    assert response.status_code == 400
    assert response.json()["meta"] == {
        "message": "Недопустимое значение фильтра",
        "errors": {"filters": ["Недопустимое значение состояния фильтра"]},
    }


def test_the_search_needs_both_tokens_and_a_live_licence(client: httpx2.Client) -> None:
    refused = client.post(SEARCH, json={}, headers={"Authorization": "Bearer x, User y"})
    assert refused.status_code == 401
    expired = search(
        client, {}, f"/altegio/v1/company/{ALTEGIO_EXPIRED_LOCATION_ID}/clients/search"
    )
    assert expired.status_code == 402
    unknown = search(client, {}, "/altegio/v1/company/999/clients/search")
    assert unknown.status_code == 403


def test_the_search_counts_against_the_rate_limit(
    make_client: Callable[..., httpx2.Client],
) -> None:
    limited = make_client()  # 5 a second, the clock stands still
    statuses = [search(limited, {}).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


# --- Envi: the module lists ----------------------------------------------------------------

SETS = {
    "PurchaseOrders": ("purchaseOrderId", {str(ENVI_PO_ID), str(ENVI_PO_RELEASE_2_ID)}),
    "Inventory": ("inventoryId", {str(ENVI_BIG_ENTITY_ID)}),
    "RequisitionFills": ("requisitionFillId", {str(ENVI_PROOF_OF_DELIVERY_ID)}),
    "Requisitions": (
        "requisitionId",
        {str(ENVI_HOSTILE_NAMES_ID)} | {str(entity) for entity in envi_bulk_entity_ids()},
    ),
}


def _get(client: httpx2.Client, path: str, **params: str) -> httpx2.Response:
    return client.get(path, params=params, headers=envi_auth_headers(client))


def _walk(client: httpx2.Client, name: str, top: int, **params: str) -> list[dict[str, object]]:
    """Every record of a list, following next links."""
    response = _get(client, f"/envi/odata/{name}", **{"$top": str(top), **params})
    records: list[dict[str, object]] = []
    while True:
        body = response.json()
        assert response.status_code == 200, body
        records += body["value"]
        link = body.get("@odata.nextLink")
        if link is None:
            return records
        parts = urlsplit(link)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        response = client.get(parts.path, params=query, headers=envi_auth_headers(client))


@pytest.mark.parametrize("name", SETS)
def test_each_list_names_its_records_by_the_key_the_files_list_takes(
    client: httpx2.Client, name: str
) -> None:
    key, expected = SETS[name]
    records = _walk(client, name, 500)
    assert {record[key] for record in records} == expected
    for record in records:
        entity = envi_data().entities[UUID(str(record[key]))]
        # A file moves its record's lastUpdated: the latest file's, or an older default.
        files = envi_data().files_of(entity.entity_id)
        if files:
            assert datetime.fromisoformat(str(record["lastUpdated"])) == max(
                file.updated for file in files
            )


def test_pages_follow_top_skip_and_absolute_next_links(client: httpx2.Client) -> None:
    first = _get(client, "/envi/odata/Requisitions", **{"$top": "700"}).json()
    assert first["@odata.count"] == 2001
    assert len(first["value"]) == 700
    link = urlsplit(first["@odata.nextLink"])
    assert (link.scheme, link.path) == ("http", "/envi/odata/Requisitions")
    assert parse_qs(link.query) == {"$top": ["700"], "$skip": ["700"]}
    assert len(_walk(client, "Requisitions", 700)) == 2001
    assert "@odata.nextLink" not in _get(client, "/envi/odata/Inventory").json()


def test_the_default_page_is_20_and_more_than_5000_is_refused(client: httpx2.Client) -> None:
    assert len(_get(client, "/envi/odata/Requisitions").json()["value"]) == 20
    response = _get(client, "/envi/odata/Requisitions", **{"$top": "5001"})
    assert response.status_code == 400
    assert "The limit for the $top query has been exceeded" in response.json()["error"]["message"]


def test_last_updated_ge_a_date_keeps_the_records_changed_since(client: httpx2.Client) -> None:
    everything = _walk(client, "Requisitions", 5000)
    since = "2025-02-22"
    kept = _walk(client, "Requisitions", 5000, **{"$filter": f"lastUpdated ge {since}"})
    cutoff = datetime.fromisoformat(f"{since}T00:00:00+00:00")
    assert 0 < len(kept) < len(everything)
    assert {r["requisitionId"] for r in kept} == {
        r["requisitionId"]
        for r in everything
        if datetime.fromisoformat(str(r["lastUpdated"])) >= cutoff
    }


def test_adjustment_items_name_their_adjustment_and_take_no_logical_operator(
    client: httpx2.Client,
) -> None:
    items = _walk(client, "AdjustmentItems", 2, **{"$orderby": "adjustmentId"})
    adjustments = [str(item["adjustmentId"]) for item in items]
    assert sorted(adjustments) == adjustments
    assert adjustments.count(str(ENVI_ADJUSTMENT_ID)) == 3
    assert adjustments.count(str(ENVI_EMPTY_ADJUSTMENT_ID)) == 1
    for condition in ("lastUpdated ge 2025-01-01", "lineNo gt 1", "lineNo eq 1 or lineNo eq 2"):
        response = _get(client, "/envi/odata/AdjustmentItems", **{"$filter": condition})
        assert response.status_code == 400, condition
        assert "is not supported on this list" in response.json()["error"]["message"]
    one = _get(client, "/envi/odata/AdjustmentItems", **{"$filter": "lineNo eq 3"}).json()
    assert [item["adjustmentId"] for item in one["value"]] == [str(ENVI_ADJUSTMENT_ID)]


def test_another_organization_sees_empty_lists(client: httpx2.Client) -> None:
    headers = envi_auth_headers(client, organizationNo=ENVI_OTHER_ORGANIZATION_NO)
    response = client.get("/envi/odata/PurchaseOrders", headers=headers)
    assert response.json()["value"] == []
    assert response.json()["@odata.count"] == 0


def test_the_lists_need_a_token(client: httpx2.Client) -> None:
    assert client.get("/envi/odata/PurchaseOrders").status_code == 401


def test_scale_records_are_purchase_orders_of_five_files() -> None:
    data = envi_data(0, 30)
    ids = envi_scale_entity_ids(30)
    assert [entity.entity_id for entity in data.of_type(1)][-30:] == list(ids)
    assert all(len(data.listing(entity)) == 5 for entity in ids)
    assert envi_data() is not data  # the default data set stays small
    assert len(envi_data().of_type(1)) == 2
