"""Envi's module lists, as discovery reads them: which list holds the records of an entity
type, the query that finds those changed since a moment, and the ids on one page.

Five lists name records that key files (the files page's table of modules): purchase
orders (also the key of Receiving and Matched Invoices), inventory items, requisitions
(also Fill Requisitions), requisition fills (Proof of Delivery) and adjustment items
(each naming its adjustment). Contracts, received invoices and OCR invoices have no list;
a purchase order's files include those of the invoices linked to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import attrs

from attachkit_envi_client.api.entity_sets import (
    list_adjustment_items,
    list_inventory,
    list_purchase_orders,
    list_requisition_fills,
    list_requisitions,
)
from attachkit_envi_client.types import UNSET

from ..vendorkit import MISSING, arguments, uuid_text

__all__ = ["ENTITY_SETS", "EntityQuery", "EntitySet", "entity_set", "ids_on_page", "since_filter"]


@attrs.frozen
class EntitySet:
    """One list: the entity type it holds, its path's name, the property that keys the
    files, whether it takes `lastUpdated ge` (`dated`), the order it is asked in (None: the
    vendor's), and the generated `_get_kwargs` of its operation."""

    type_pk: int
    name: str
    key: str
    label: str
    dated: bool
    request: Callable[..., dict[str, Any]] = attrs.field(eq=False, repr=False)
    order_by: str | None = None


_SETS = (
    EntitySet(
        1,
        "PurchaseOrders",
        "purchaseOrderId",
        "purchase orders",
        True,
        list_purchase_orders._get_kwargs,
    ),
    EntitySet(
        7, "Requisitions", "requisitionId", "requisitions", True, list_requisitions._get_kwargs
    ),
    # x-attachkit-assumption: a fill's requisitionFillId is the fillRequisitionId that keys
    # Proof of Delivery files (the docs name the two differently).
    EntitySet(
        9,
        "RequisitionFills",
        "requisitionFillId",
        "requisition fills",
        True,
        list_requisition_fills._get_kwargs,
    ),
    EntitySet(11, "Inventory", "inventoryId", "inventory items", True, list_inventory._get_kwargs),
    # The list takes no logical operator, so no date filter. Ordered by the adjustment, an
    # adjustment's items come one after another and it is yielded once
    # (x-attachkit-assumption on the spec's operation).
    EntitySet(
        8,
        "AdjustmentItems",
        "adjustmentId",
        "adjustments",
        False,
        list_adjustment_items._get_kwargs,
        order_by="adjustmentId",
    ),
)
ENTITY_SETS: dict[int, EntitySet] = {entity_set.type_pk: entity_set for entity_set in _SETS}
"""entityTypePK -> the list of its records."""

_WITHOUT_LIST = "received invoices, contracts and OCR invoices have no list of records"


def entity_set(entity_type: object) -> EntitySet:
    """The list of an entity type's records (TypeError, or ValueError for a type without)."""
    type_pk = arguments.integer(entity_type, "entity_type")
    found = ENTITY_SETS.get(type_pk)
    if found is None:
        known = ", ".join(f"{pk} ({s.label})" for pk, s in sorted(ENTITY_SETS.items()))
        raise ValueError(
            f"Envi lists the records of entity types {known}, not {type_pk}: {_WITHOUT_LIST} "
            "(a purchase order's files include those of the invoices linked to it)"
        )
    return found


def since_filter(updated_since: object) -> str | None:
    """`lastUpdated ge YYYY-MM-DD` for a date, or for an aware datetime the day before its
    UTC date: Envi compares dates in a time zone it does not name, and no zone from UTC-12
    to UTC+14 puts midnight of that day after the moment (x-attachkit-assumption)."""
    if updated_since is None:
        return None
    if isinstance(updated_since, datetime):
        if updated_since.tzinfo is None or updated_since.utcoffset() is None:
            raise ValueError("updated_since must be timezone-aware (or a date)")
        day = updated_since.astimezone(UTC).date() - timedelta(days=1)
    elif isinstance(updated_since, date):
        day = updated_since
    else:
        kind = type(updated_since).__name__
        raise TypeError(f"updated_since must be a date or a datetime, not {kind}")
    return f"lastUpdated ge {day.isoformat()}"


@attrs.frozen
class EntityQuery:
    """The first page's query, checked."""

    entity_set: EntitySet
    filter: str | None
    page_size: int

    def kwargs(self, api_version: str) -> dict[str, Any]:
        """The generated `_get_kwargs` of the first page."""
        options: dict[str, Any] = {
            "filter_": UNSET if self.filter is None else self.filter,
            "orderby": UNSET if self.entity_set.order_by is None else self.entity_set.order_by,
            "top": self.page_size,
            "api_version": api_version,
        }
        if self.entity_set.name == "PurchaseOrders":
            options["include_inactive_vendors"] = UNSET  # the vendor's default, not sent
        return self.entity_set.request(**options)


def ids_on_page(records: Sequence[object], key: str, after: UUID | None) -> list[UUID]:
    """The ids of a page's records, each once and not `after` (the previous page's last
    one): a list keyed by another record (adjustment items) names one id on many rows.
    Raises TypeError or ValueError for a record without a usable id."""
    ids: list[UUID] = []
    last = after
    for record in records:
        if type(record) is not dict:
            raise TypeError(f"a record is {type(record).__name__}, expected an object")
        found = UUID(uuid_text(record.get(key, MISSING), key))
        if found != last:
            ids.append(found)
            last = found
    return ids
