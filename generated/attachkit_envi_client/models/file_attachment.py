from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FileAttachment")


@_attrs_define
class FileAttachment:
    """One file record. Property names are the vendor's (lowerCamelCase)."""

    file_id: UUID
    """ Unique identifier of the file. """
    entity_id: UUID
    """ The entity the file belongs to (for linked files, not the one asked for). """
    file_name: str
    entity_no: None | str | Unset = UNSET
    """ Identification number of the entity. """
    entity_type_value: None | str | Unset = UNSET
    """ Type of the entity, e.g. "Purchase Order", "Received Invoice", "OCR Invoice".
    A string, not an enum: the vendor adds and renames labels.
     """
    file_status: None | str | Unset = UNSET
    """ Status of the file. Deleted, Uploading, Failed and Corrupted files have no
    content. A string, not an enum.
     """
    file_size: int | Unset = UNSET
    """ Size of the file in bytes: exact, so a download of any other size is refused (`SizeMismatchError`) and
    nothing of it is kept. """
    file_type: None | str | Unset = UNSET
    """ Type of the file (not documented further). """
    date_created: datetime.datetime | Unset = UNSET
    created_by: UUID | Unset = UNSET
    created_by_name: None | str | Unset = UNSET
    """ First and last name of the user who created the file. """
    last_updated: datetime.datetime | Unset = UNSET
    last_updated_by: UUID | Unset = UNSET
    last_updated_by_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id = str(self.file_id)

        entity_id = str(self.entity_id)

        file_name = self.file_name

        entity_no: None | str | Unset
        if isinstance(self.entity_no, Unset):
            entity_no = UNSET
        else:
            entity_no = self.entity_no

        entity_type_value: None | str | Unset
        if isinstance(self.entity_type_value, Unset):
            entity_type_value = UNSET
        else:
            entity_type_value = self.entity_type_value

        file_status: None | str | Unset
        if isinstance(self.file_status, Unset):
            file_status = UNSET
        else:
            file_status = self.file_status

        file_size = self.file_size

        file_type: None | str | Unset
        if isinstance(self.file_type, Unset):
            file_type = UNSET
        else:
            file_type = self.file_type

        date_created: str | Unset = UNSET
        if not isinstance(self.date_created, Unset):
            date_created = self.date_created.isoformat()

        created_by: str | Unset = UNSET
        if not isinstance(self.created_by, Unset):
            created_by = str(self.created_by)

        created_by_name: None | str | Unset
        if isinstance(self.created_by_name, Unset):
            created_by_name = UNSET
        else:
            created_by_name = self.created_by_name

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        last_updated_by: str | Unset = UNSET
        if not isinstance(self.last_updated_by, Unset):
            last_updated_by = str(self.last_updated_by)

        last_updated_by_name: None | str | Unset
        if isinstance(self.last_updated_by_name, Unset):
            last_updated_by_name = UNSET
        else:
            last_updated_by_name = self.last_updated_by_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fileId": file_id,
                "entityId": entity_id,
                "fileName": file_name,
            }
        )
        if entity_no is not UNSET:
            field_dict["entityNo"] = entity_no
        if entity_type_value is not UNSET:
            field_dict["entityTypeValue"] = entity_type_value
        if file_status is not UNSET:
            field_dict["fileStatus"] = file_status
        if file_size is not UNSET:
            field_dict["fileSize"] = file_size
        if file_type is not UNSET:
            field_dict["fileType"] = file_type
        if date_created is not UNSET:
            field_dict["dateCreated"] = date_created
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if created_by_name is not UNSET:
            field_dict["createdByName"] = created_by_name
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated
        if last_updated_by is not UNSET:
            field_dict["lastUpdatedBy"] = last_updated_by
        if last_updated_by_name is not UNSET:
            field_dict["lastUpdatedByName"] = last_updated_by_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = UUID(d.pop("fileId"))

        entity_id = UUID(d.pop("entityId"))

        file_name = d.pop("fileName")

        def _parse_entity_no(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        entity_no = _parse_entity_no(d.pop("entityNo", UNSET))

        def _parse_entity_type_value(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        entity_type_value = _parse_entity_type_value(d.pop("entityTypeValue", UNSET))

        def _parse_file_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_status = _parse_file_status(d.pop("fileStatus", UNSET))

        file_size = d.pop("fileSize", UNSET)

        def _parse_file_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_type = _parse_file_type(d.pop("fileType", UNSET))

        _date_created = d.pop("dateCreated", UNSET)
        date_created: datetime.datetime | Unset
        if isinstance(_date_created, Unset):
            date_created = UNSET
        else:
            date_created = datetime.datetime.fromisoformat(_date_created)

        _created_by = d.pop("createdBy", UNSET)
        created_by: UUID | Unset
        if isinstance(_created_by, Unset):
            created_by = UNSET
        else:
            created_by = UUID(_created_by)

        def _parse_created_by_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by_name = _parse_created_by_name(d.pop("createdByName", UNSET))

        _last_updated = d.pop("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        _last_updated_by = d.pop("lastUpdatedBy", UNSET)
        last_updated_by: UUID | Unset
        if isinstance(_last_updated_by, Unset):
            last_updated_by = UNSET
        else:
            last_updated_by = UUID(_last_updated_by)

        def _parse_last_updated_by_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_updated_by_name = _parse_last_updated_by_name(
            d.pop("lastUpdatedByName", UNSET)
        )

        file_attachment = cls(
            file_id=file_id,
            entity_id=entity_id,
            file_name=file_name,
            entity_no=entity_no,
            entity_type_value=entity_type_value,
            file_status=file_status,
            file_size=file_size,
            file_type=file_type,
            date_created=date_created,
            created_by=created_by,
            created_by_name=created_by_name,
            last_updated=last_updated,
            last_updated_by=last_updated_by,
            last_updated_by_name=last_updated_by_name,
        )

        file_attachment.additional_properties = d
        return file_attachment

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
