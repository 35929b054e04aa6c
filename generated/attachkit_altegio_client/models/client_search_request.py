from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.client_search_filter import ClientSearchFilter


T = TypeVar("T", bound="ClientSearchRequest")


@_attrs_define
class ClientSearchRequest:
    """The blueprint's FullClientSearchRequest. `fields` names what each client comes with
    (id, name, phone, email, discount, first_visit_date, last_visit_date, sold_amount,
    visits_count, passteam_card_id); `order_by` one of id, name, phone, email, discount,
    first_visit_date, last_visit_date, sold_amount, visits_count; `operation` AND or OR
    joins the filters. Values are plain strings, not enums, as elsewhere in this spec.

    """

    page: int | Unset = 1
    """ Page number, from 1. """
    page_size: int | Unset = 25
    """ Clients per page, at most 200. """
    fields: list[str] | Unset = UNSET
    order_by: str | Unset = "id"
    order_by_direction: str | Unset = "ASC"
    """ ASC or DESC (the blueprint's example writes "desc"). """
    operation: str | Unset = "AND"
    filters: list[ClientSearchFilter] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        page = self.page

        page_size = self.page_size

        fields: list[str] | Unset = UNSET
        if not isinstance(self.fields, Unset):
            fields = self.fields

        order_by = self.order_by

        order_by_direction = self.order_by_direction

        operation = self.operation

        filters: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = []
            for filters_item_data in self.filters:
                filters_item = filters_item_data.to_dict()
                filters.append(filters_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if page is not UNSET:
            field_dict["page"] = page
        if page_size is not UNSET:
            field_dict["page_size"] = page_size
        if fields is not UNSET:
            field_dict["fields"] = fields
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if order_by_direction is not UNSET:
            field_dict["order_by_direction"] = order_by_direction
        if operation is not UNSET:
            field_dict["operation"] = operation
        if filters is not UNSET:
            field_dict["filters"] = filters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.client_search_filter import ClientSearchFilter  # noqa: PLC0415

        d = dict(src_dict)
        page = d.pop("page", UNSET)

        page_size = d.pop("page_size", UNSET)

        fields = cast(list[str], d.pop("fields", UNSET))

        order_by = d.pop("order_by", UNSET)

        order_by_direction = d.pop("order_by_direction", UNSET)

        operation = d.pop("operation", UNSET)

        _filters = d.pop("filters", UNSET)
        filters: list[ClientSearchFilter] | Unset = UNSET
        if _filters is not UNSET:
            filters = []
            for filters_item_data in _filters:
                filters_item = ClientSearchFilter.from_dict(filters_item_data)

                filters.append(filters_item)

        client_search_request = cls(
            page=page,
            page_size=page_size,
            fields=fields,
            order_by=order_by,
            order_by_direction=order_by_direction,
            operation=operation,
            filters=filters,
        )

        client_search_request.additional_properties = d
        return client_search_request

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
