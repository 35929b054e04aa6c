from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdjustmentItem")


@_attrs_define
class AdjustmentItem:
    """One item of an adjustment; only what discovery reads is described, the rest is allowed."""

    adjustment_id: UUID
    """ Unique identifier of the adjustment, the files key of Adjustments. """
    adjustment_item_id: UUID | Unset = UNSET
    last_updated: datetime.datetime | Unset = UNSET
    """ Last date the item was updated (not read: this list takes no date filter). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        adjustment_id = str(self.adjustment_id)

        adjustment_item_id: str | Unset = UNSET
        if not isinstance(self.adjustment_item_id, Unset):
            adjustment_item_id = str(self.adjustment_item_id)

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "adjustmentId": adjustment_id,
            }
        )
        if adjustment_item_id is not UNSET:
            field_dict["adjustmentItemId"] = adjustment_item_id
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        adjustment_id = UUID(d.pop("adjustmentId"))

        _adjustment_item_id = d.pop("adjustmentItemId", UNSET)
        adjustment_item_id: UUID | Unset
        if isinstance(_adjustment_item_id, Unset):
            adjustment_item_id = UNSET
        else:
            adjustment_item_id = UUID(_adjustment_item_id)

        _last_updated = d.pop("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        adjustment_item = cls(
            adjustment_id=adjustment_id,
            adjustment_item_id=adjustment_item_id,
            last_updated=last_updated,
        )

        adjustment_item.additional_properties = d
        return adjustment_item

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
