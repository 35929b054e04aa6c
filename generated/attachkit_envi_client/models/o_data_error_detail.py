from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.o_data_error_detail_inner_error import ODataErrorDetailInnerError


T = TypeVar("T", bound="ODataErrorDetail")


@_attrs_define
class ODataErrorDetail:
    message: str
    code: str | Unset = UNSET
    inner_error: ODataErrorDetailInnerError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code = self.code

        inner_error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inner_error, Unset):
            inner_error = self.inner_error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if inner_error is not UNSET:
            field_dict["innerError"] = inner_error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.o_data_error_detail_inner_error import ODataErrorDetailInnerError  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("message")

        code = d.pop("code", UNSET)

        _inner_error = d.pop("innerError", UNSET)
        inner_error: ODataErrorDetailInnerError | Unset
        if isinstance(_inner_error, Unset):
            inner_error = UNSET
        else:
            inner_error = ODataErrorDetailInnerError.from_dict(_inner_error)

        o_data_error_detail = cls(
            message=message,
            code=code,
            inner_error=inner_error,
        )

        o_data_error_detail.additional_properties = d
        return o_data_error_detail

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
