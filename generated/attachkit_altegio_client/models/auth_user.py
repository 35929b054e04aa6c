from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthUser")


@_attrs_define
class AuthUser:
    user_token: str
    id: int | Unset = UNSET
    name: str | Unset = UNSET
    phone: str | Unset = UNSET
    login: str | Unset = UNSET
    email: str | Unset = UNSET
    avatar: str | Unset = UNSET
    is_approved: bool | Unset = UNSET
    """ Is the user verified in the system. """
    is_email_confirmed: bool | Unset = UNSET
    """ Is the user email confirmed. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_token = self.user_token

        id = self.id

        name = self.name

        phone = self.phone

        login = self.login

        email = self.email

        avatar = self.avatar

        is_approved = self.is_approved

        is_email_confirmed = self.is_email_confirmed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_token": user_token,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if login is not UNSET:
            field_dict["login"] = login
        if email is not UNSET:
            field_dict["email"] = email
        if avatar is not UNSET:
            field_dict["avatar"] = avatar
        if is_approved is not UNSET:
            field_dict["is_approved"] = is_approved
        if is_email_confirmed is not UNSET:
            field_dict["is_email_confirmed"] = is_email_confirmed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_token = d.pop("user_token")

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        phone = d.pop("phone", UNSET)

        login = d.pop("login", UNSET)

        email = d.pop("email", UNSET)

        avatar = d.pop("avatar", UNSET)

        is_approved = d.pop("is_approved", UNSET)

        is_email_confirmed = d.pop("is_email_confirmed", UNSET)

        auth_user = cls(
            user_token=user_token,
            id=id,
            name=name,
            phone=phone,
            login=login,
            email=email,
            avatar=avatar,
            is_approved=is_approved,
            is_email_confirmed=is_email_confirmed,
        )

        auth_user.additional_properties = d
        return auth_user

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
