"""Envi's module lists that key files: PurchaseOrders, Inventory, Requisitions,
RequisitionFills and AdjustmentItems. They page, search, filter and order as the files list
does (attachkit_sandbox.vendors.envi.pages); AdjustmentItems takes `eq` and `contains()` only.

Each record shows the key the files list takes and `lastUpdated`, with a few of the
vendor's other fields; the records come from the same data set as the files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from attachkit_sandbox.vendors.envi.data import EnviAdjustmentItem, EnviData, EnviEntity
from attachkit_sandbox.vendors.envi.odata import FieldType, Record
from attachkit_sandbox.vendors.envi.pages import iso

__all__ = ["ENTITY_SETS", "EntitySet"]

# The vendor: AdjustmentItems "does not support logical operators (and, or, in, gt, ge, lt,
# le) for data filtering".
_EQUALITY_ONLY = frozenset({"eq", "contains"})


@dataclass(frozen=True)
class EntitySet:
    """One list: its name, its fields (with how `$filter` compares them), its records, and
    the operators its `$filter` takes (None: all that the files list takes)."""

    name: str
    fields: Mapping[str, FieldType]
    records: Callable[[EnviData], Iterator[Record]]
    operators: frozenset[str] | None = None


def _record(data: EnviData, entity: EnviEntity, key: str, **fields: object) -> Record:
    updated = iso(data.last_updated[entity.entity_id])
    return {key: str(entity.entity_id), **fields, "lastUpdated": updated}


def _purchase_orders(data: EnviData) -> Iterator[Record]:
    for entity in data.of_type(1):
        number = entity.po_no or entity.entity_no
        yield _record(data, entity, "purchaseOrderId", purchaseOrderNo=number, poStatus="Sent")


def _inventory(data: EnviData) -> Iterator[Record]:
    for entity in data.of_type(11):
        yield _record(data, entity, "inventoryId", inventoryNo=entity.entity_no)


def _requisitions(data: EnviData) -> Iterator[Record]:
    for entity in data.of_type(7):
        yield _record(
            data, entity, "requisitionId", requisitionNo=entity.entity_no, requisitionStatus="Open"
        )


def _requisition_fills(data: EnviData) -> Iterator[Record]:
    # x-attachkit-assumption: a fill's requisitionFillId is the fillRequisitionId its Proof
    # of Delivery files are listed under (entityTypePK 9).
    for entity in data.of_type(9):
        yield _record(
            data, entity, "requisitionFillId", requisitionFillNo=entity.entity_no, fillStatus="Done"
        )


def _item(item: EnviAdjustmentItem) -> Record:
    return {
        "adjustmentItemId": str(item.item_id),
        "adjustmentId": str(item.adjustment.entity_id),
        "lineNo": item.line_no,
        "quantity": item.quantity,
        "lastUpdated": iso(item.updated),
    }


def _adjustment_items(data: EnviData) -> Iterator[Record]:
    return map(_item, data.adjustment_items)


def _fields(key: str, *text: str, **others: FieldType) -> dict[str, FieldType]:
    return {
        key: FieldType.GUID,
        **dict.fromkeys(text, FieldType.STRING),
        **others,
        "lastUpdated": FieldType.DATETIME,
    }


ENTITY_SETS = (
    EntitySet(
        "PurchaseOrders",
        _fields("purchaseOrderId", "purchaseOrderNo", "poStatus"),
        _purchase_orders,
    ),
    EntitySet("Inventory", _fields("inventoryId", "inventoryNo"), _inventory),
    EntitySet(
        "Requisitions",
        _fields("requisitionId", "requisitionNo", "requisitionStatus"),
        _requisitions,
    ),
    EntitySet(
        "RequisitionFills",
        _fields("requisitionFillId", "requisitionFillNo", "fillStatus"),
        _requisition_fills,
    ),
    EntitySet(
        "AdjustmentItems",
        _fields(
            "adjustmentItemId",
            adjustmentId=FieldType.GUID,
            lineNo=FieldType.INTEGER,
            quantity=FieldType.INTEGER,
        ),
        _adjustment_items,
        _EQUALITY_ONLY,
    ),
)
