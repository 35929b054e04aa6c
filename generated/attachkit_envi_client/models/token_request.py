from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """Form fields of both grants. Password grant: `grant_type=password`, `client_id`,
    `username`, `password`, optional `organizationNo`. Refresh grant:
    `grant_type=refresh_token`, `client_id`, `refresh_token`.

    """

    grant_type: GrantType
    client_id: str
    """ The public client id, the same for every customer (`099153c2625149bc8ecb3e85e03f0022`). """
    username: str | Unset = UNSET
    password: str | Unset = UNSET
    organization_no: str | Unset = UNSET
    """ Log into this organization instead of the user's default one. """
    refresh_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        username = self.username

        password = self.password

        organization_no = self.organization_no

        refresh_token = self.refresh_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "client_id": client_id,
            }
        )
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if organization_no is not UNSET:
            field_dict["organizationNo"] = organization_no
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = GrantType(d.pop("grant_type"))

        client_id = d.pop("client_id")

        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        organization_no = d.pop("organizationNo", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        token_request = cls(
            grant_type=grant_type,
            client_id=client_id,
            username=username,
            password=password,
            organization_no=organization_no,
            refresh_token=refresh_token,
        )

        token_request.additional_properties = d
        return token_request

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
