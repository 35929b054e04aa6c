from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OsFile")


@_attrs_define
class OsFile:
    client_no: int
    name: str
    """ File name with extension. """
    content: str
    """ The file's bytes, base64. May be empty (no content delivered). """
    extension: str | Unset = UNSET
    log_item_id: int | Unset = UNSET
    ar_account_no: int | Unset = UNSET
    reference_no: int | Unset = UNSET
    type_: str | Unset = UNSET
    """ File type such as `DocAttachment`. A string, not an enum. """
    serialize: str | Unset = UNSET
    description: str | Unset = UNSET
    external_memo: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_no = self.client_no

        name = self.name

        content = self.content

        extension = self.extension

        log_item_id = self.log_item_id

        ar_account_no = self.ar_account_no

        reference_no = self.reference_no

        type_ = self.type_

        serialize = self.serialize

        description = self.description

        external_memo = self.external_memo

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clientNo": client_no,
                "name": name,
                "content": content,
            }
        )
        if extension is not UNSET:
            field_dict["extension"] = extension
        if log_item_id is not UNSET:
            field_dict["logItemId"] = log_item_id
        if ar_account_no is not UNSET:
            field_dict["arAccountNo"] = ar_account_no
        if reference_no is not UNSET:
            field_dict["referenceNo"] = reference_no
        if type_ is not UNSET:
            field_dict["type"] = type_
        if serialize is not UNSET:
            field_dict["serialize"] = serialize
        if description is not UNSET:
            field_dict["description"] = description
        if external_memo is not UNSET:
            field_dict["externalMemo"] = external_memo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_no = d.pop("clientNo")

        name = d.pop("name")

        content = d.pop("content")

        extension = d.pop("extension", UNSET)

        log_item_id = d.pop("logItemId", UNSET)

        ar_account_no = d.pop("arAccountNo", UNSET)

        reference_no = d.pop("referenceNo", UNSET)

        type_ = d.pop("type", UNSET)

        serialize = d.pop("serialize", UNSET)

        description = d.pop("description", UNSET)

        external_memo = d.pop("externalMemo", UNSET)

        os_file = cls(
            client_no=client_no,
            name=name,
            content=content,
            extension=extension,
            log_item_id=log_item_id,
            ar_account_no=ar_account_no,
            reference_no=reference_no,
            type_=type_,
            serialize=serialize,
            description=description,
            external_memo=external_memo,
        )

        os_file.additional_properties = d
        return os_file

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
