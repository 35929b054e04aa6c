from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.client_search_filter_state import ClientSearchFilterState


T = TypeVar("T", bound="ClientSearchFilter")


@_attrs_define
class ClientSearchFilter:
    """One filter: `type` (id, quick_search, birthday, gender, importance,
    has_passteam_card, passteam_card_ids, category, has_mobile_app, sms_notification,
    sold_amount, record, sale, client) and its `state`, whose shape depends on the type.

    """

    type_: str
    state: ClientSearchFilterState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_search_filter_state import ClientSearchFilterState  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        _state = d.pop("state", UNSET)
        state: ClientSearchFilterState | Unset
        if isinstance(_state, Unset):
            state = UNSET
        else:
            state = ClientSearchFilterState.from_dict(_state)

        client_search_filter = cls(
            type_=type_,
            state=state,
        )

        client_search_filter.additional_properties = d
        return client_search_filter

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
