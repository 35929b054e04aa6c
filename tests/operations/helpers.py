"""Build the generated clients against a cassette target and check what they parsed.

The tests in this package call the generated `sync_detailed`/`asyncio_detailed` functions
directly, the way a user of the bare generated clients would, and assert what such a user
sees: the status code, the parsed model type and its values.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from http import HTTPStatus
from typing import Any, Protocol, TypeVar

import attachkit_altegio_client
import attachkit_amili_client
import attachkit_envi_client
from attachkit.sandbox import ENVI_CLIENT_ID, FAULT_HEADER
from attachkit_altegio_client.api.auth import authorize_user
from attachkit_altegio_client.models import AuthRequest, AuthResponse, ErrorEnvelope, ErrorMeta
from attachkit_envi_client.api.auth import request_token
from attachkit_envi_client.models import GrantType, TokenRequest, TokenResponse
from tests.support.targets import Target

T = TypeVar("T")

# Vendor-shaped errors the sandbox only gives when asked (see attachkit.sandbox.faults).
FAULT_500 = {FAULT_HEADER: "status=500"}
FAULT_429 = {FAULT_HEADER: "status=429;retry-after=7"}
ALTEGIO_ACCEPT = "application/vnd.api.v2+json"


class DetailedResponse(Protocol):
    """What every generated `*_detailed` function returns, whatever the vendor."""

    @property
    def status_code(self) -> HTTPStatus: ...

    @property
    def content(self) -> bytes: ...

    @property
    def headers(self) -> MutableMapping[str, str]: ...

    @property
    def parsed(self) -> object: ...


def parsed_as(response: DetailedResponse, status: int, kind: type[T]) -> T:
    """The parsed body, after checking the status and the model the client chose."""
    assert response.status_code == status, f"{response.status_code}: {response.content!r}"
    parsed = response.parsed
    assert isinstance(parsed, kind), f"parsed {type(parsed).__name__}, expected {kind.__name__}"
    return parsed


# --- Envi ---------------------------------------------------------------------------------


class _UndocumentedGrant(TokenRequest):
    """The generated `GrantType` knows only the documented grants. A caller asking for
    another has to override the model; here its additional properties win over the fields."""

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), **self.additional_properties}


def envi_password_grant(credentials: dict[str, str], **fields: str) -> TokenRequest:
    """The password grant form; keyword arguments override fields by wire name."""
    form = {
        "client_id": ENVI_CLIENT_ID,
        "username": credentials["username"],
        "password": credentials["password"],
        **fields,
    }
    grant = form.pop("grant_type", GrantType.PASSWORD.value)
    if grant in {documented.value for documented in GrantType}:
        return TokenRequest.from_dict({**form, "grant_type": grant})
    request = _UndocumentedGrant.from_dict({**form, "grant_type": GrantType.PASSWORD.value})
    request.additional_properties["grant_type"] = grant
    return request


def envi_anonymous(target: Target) -> attachkit_envi_client.Client:
    return attachkit_envi_client.Client(base_url=target.base_url)


def envi_login(target: Target, **fields: str) -> str:
    """An access token from the generated token operation."""
    with envi_anonymous(target) as client:
        response = request_token.sync_detailed(
            client=client, body=envi_password_grant(target.credentials, **fields)
        )
    return parsed_as(response, 200, TokenResponse).access_token


def envi_authenticated(
    target: Target, *, headers: dict[str, str] | None = None, **fields: str
) -> attachkit_envi_client.AuthenticatedClient:
    return attachkit_envi_client.AuthenticatedClient(
        base_url=target.base_url, token=envi_login(target, **fields), headers=headers or {}
    )


# --- Amili --------------------------------------------------------------------------------


def amili_authenticated(
    target: Target, token: str | None
) -> attachkit_amili_client.AuthenticatedClient:
    """A client sending `token`; None sends the target's own credential."""
    chosen = target.credentials["token"] if token is None else token
    return attachkit_amili_client.AuthenticatedClient(base_url=target.base_url, token=chosen)


# --- Altegio ------------------------------------------------------------------------------


def altegio_partner(
    target: Target, partner_token: str | None = None
) -> attachkit_altegio_client.AuthenticatedClient:
    """`Authorization: Bearer <partner_token>` alone, as `POST /v1/auth` expects."""
    token = target.credentials["partner_token"] if partner_token is None else partner_token
    return attachkit_altegio_client.AuthenticatedClient(
        base_url=target.base_url, token=token, headers={"Accept": ALTEGIO_ACCEPT}
    )


def altegio_user(target: Target, user_token: str) -> attachkit_altegio_client.Client:
    """Both tokens in one header, `Bearer <partner_token>, User <user_token>`: the generated
    client cannot express that scheme, so the header is set by hand."""
    authorization = f"Bearer {target.credentials['partner_token']}, User {user_token}"
    headers = {"Authorization": authorization, "Accept": ALTEGIO_ACCEPT}
    return attachkit_altegio_client.Client(base_url=target.base_url, headers=headers)


def altegio_credentials(target: Target) -> AuthRequest:
    return AuthRequest(login=target.credentials["login"], password=target.credentials["password"])


def altegio_login(target: Target) -> str:
    """A user token from the generated authorization operation."""
    with altegio_partner(target) as client:
        response = authorize_user.sync_detailed(client=client, body=altegio_credentials(target))
    return parsed_as(response, 201, AuthResponse).data.user_token


def altegio_message(envelope: ErrorEnvelope) -> str | None:
    """`meta.message` of an error envelope; None when `meta` is the vendor's empty array."""
    assert envelope.success is False
    meta = envelope.meta
    if isinstance(meta, list):
        assert meta == []
        return None
    assert isinstance(meta, ErrorMeta), meta
    assert isinstance(meta.message, str), meta
    return meta.message


def altegio_viewer_login(target: Target) -> str:
    """A user token for the target's user without `client_files_upload_access`."""
    credentials = target.credentials
    body = AuthRequest(login=credentials["viewer_login"], password=credentials["viewer_password"])
    with altegio_partner(target) as client:
        response = authorize_user.sync_detailed(client=client, body=body)
    return parsed_as(response, 201, AuthResponse).data.user_token
