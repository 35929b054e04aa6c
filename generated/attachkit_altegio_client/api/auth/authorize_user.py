from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.auth_refusal import AuthRefusal
from ...models.auth_request import AuthRequest
from ...models.auth_response import AuthResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    *,
    body: AuthRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> AuthRefusal | AuthResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = AuthRefusal.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = AuthResponse.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = ErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[AuthRefusal | AuthResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthRequest,
) -> Response[AuthRefusal | AuthResponse | ErrorEnvelope]:
    """Obtain a user token

     Send `Authorization: Bearer <partner_token>` and
    `Accept: application/vnd.api.v2+json`. The vendor's docs: "When a user changes
    their password, their API key is regenerated."

    Args:
        body (AuthRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthRefusal | AuthResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: AuthRequest,
) -> AuthRefusal | AuthResponse | ErrorEnvelope | None:
    """Obtain a user token

     Send `Authorization: Bearer <partner_token>` and
    `Accept: application/vnd.api.v2+json`. The vendor's docs: "When a user changes
    their password, their API key is regenerated."

    Args:
        body (AuthRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthRefusal | AuthResponse | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AuthRequest,
) -> Response[AuthRefusal | AuthResponse | ErrorEnvelope]:
    """Obtain a user token

     Send `Authorization: Bearer <partner_token>` and
    `Accept: application/vnd.api.v2+json`. The vendor's docs: "When a user changes
    their password, their API key is regenerated."

    Args:
        body (AuthRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthRefusal | AuthResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AuthRequest,
) -> AuthRefusal | AuthResponse | ErrorEnvelope | None:
    """Obtain a user token

     Send `Authorization: Bearer <partner_token>` and
    `Accept: application/vnd.api.v2+json`. The vendor's docs: "When a user changes
    their password, their API key is regenerated."

    Args:
        body (AuthRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthRefusal | AuthResponse | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
