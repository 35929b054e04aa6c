from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientFile")


@_attrs_define
class ClientFile:
    id: int
    """ File ID. """
    name: str
    """ File name with extension. """
    client_id: int | Unset = UNSET
    """ The client's ID. Not required (changed in 1.1.0): the rows of Altegio's own MCP server's fixtures and mocked
    upload answer have none, and the request path names the client. """
    description: str | Unset = UNSET
    date_create: str | Unset = UNSET
    """ Upload time, ISO 8601 with a colon-less offset (`2026-01-01T12:00:00-0500`). """
    extension: str | Unset = UNSET
    mime: str | Unset = UNSET
    """ MIME type. A string, not an enum. """
    link: str | Unset = UNSET
    """ Download path on the web application (not on this API). """
    full_link: str | Unset = UNSET
    """ The absolute download URL, e.g.
    `https://app.alteg.io/client_files/download/{location}/{file}/`. Seen only in
    Altegio's MCP server (its test fixtures, and a check that passes it on only for
    https on app.alteg.io or yclients.com); the developer.alteg.io list example has
    no such field, and a comments page shows the same path on https://api.alteg.io.
     """
    user_name: str | Unset = UNSET
    """ Uploader's name, as in the vendor's example. """
    username: str | Unset = UNSET
    """ Uploader's name, as in the vendor's field table. """
    user_avatar: str | Unset = UNSET
    size: str | Unset = UNSET
    """ Human-readable size ("9 B", "96.65 KB"). """
    can_edit: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        client_id = self.client_id

        description = self.description

        date_create = self.date_create

        extension = self.extension

        mime = self.mime

        link = self.link

        full_link = self.full_link

        user_name = self.user_name

        username = self.username

        user_avatar = self.user_avatar

        size = self.size

        can_edit = self.can_edit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
            }
        )
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if description is not UNSET:
            field_dict["description"] = description
        if date_create is not UNSET:
            field_dict["date_create"] = date_create
        if extension is not UNSET:
            field_dict["extension"] = extension
        if mime is not UNSET:
            field_dict["mime"] = mime
        if link is not UNSET:
            field_dict["link"] = link
        if full_link is not UNSET:
            field_dict["full_link"] = full_link
        if user_name is not UNSET:
            field_dict["user_name"] = user_name
        if username is not UNSET:
            field_dict["username"] = username
        if user_avatar is not UNSET:
            field_dict["user_avatar"] = user_avatar
        if size is not UNSET:
            field_dict["size"] = size
        if can_edit is not UNSET:
            field_dict["can_edit"] = can_edit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        client_id = d.pop("client_id", UNSET)

        description = d.pop("description", UNSET)

        date_create = d.pop("date_create", UNSET)

        extension = d.pop("extension", UNSET)

        mime = d.pop("mime", UNSET)

        link = d.pop("link", UNSET)

        full_link = d.pop("full_link", UNSET)

        user_name = d.pop("user_name", UNSET)

        username = d.pop("username", UNSET)

        user_avatar = d.pop("user_avatar", UNSET)

        size = d.pop("size", UNSET)

        can_edit = d.pop("can_edit", UNSET)

        client_file = cls(
            id=id,
            name=name,
            client_id=client_id,
            description=description,
            date_create=date_create,
            extension=extension,
            mime=mime,
            link=link,
            full_link=full_link,
            user_name=user_name,
            username=username,
            user_avatar=user_avatar,
            size=size,
            can_edit=can_edit,
        )

        client_file.additional_properties = d
        return client_file

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
