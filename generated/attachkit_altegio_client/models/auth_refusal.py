from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auth_refusal_data import AuthRefusalData
    from ..models.error_meta import ErrorMeta


T = TypeVar("T", bound="AuthRefusal")


@_attrs_define
class AuthRefusal:
    success: bool
    data: AuthRefusalData | Unset = UNSET
    meta: ErrorMeta | list[Any] | Unset = UNSET
    """ An object, or an empty array where the vendor has nothing to say. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_meta import ErrorMeta  # noqa: PLC0415

        success = self.success

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        meta: dict[str, Any] | list[Any] | Unset
        if isinstance(self.meta, Unset):
            meta = UNSET
        elif isinstance(self.meta, ErrorMeta):
            meta = self.meta.to_dict()
        else:
            meta = self.meta

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
            }
        )
        if data is not UNSET:
            field_dict["data"] = data
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.auth_refusal_data import AuthRefusalData  # noqa: PLC0415
        from ..models.error_meta import ErrorMeta  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        _data = d.pop("data", UNSET)
        data: AuthRefusalData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = AuthRefusalData.from_dict(_data)

        def _parse_meta(data: object) -> ErrorMeta | list[Any] | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_meta_or_empty_type_0 = ErrorMeta.from_dict(data)

                return componentsschemas_meta_or_empty_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, list):
                raise TypeError()
            componentsschemas_meta_or_empty_type_1 = cast(list[Any], data)

            return componentsschemas_meta_or_empty_type_1

        meta = _parse_meta(d.pop("meta", UNSET))

        auth_refusal = cls(
            success=success,
            data=data,
            meta=meta,
        )

        auth_refusal.additional_properties = d
        return auth_refusal

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
