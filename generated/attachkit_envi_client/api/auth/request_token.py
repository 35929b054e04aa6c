from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.token_error import TokenError
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth2/token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> TokenError | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = TokenError.from_dict(response.json())

        return response_400

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[TokenError | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[TokenError | TokenResponse]:
    """Obtain or refresh an access token

     Resource-owner password grant (`grant_type=password` with `client_id`, `username`,
    `password` and optional `organizationNo`) or refresh grant
    (`grant_type=refresh_token` with `client_id` and `refresh_token`), which returns "a
    new pair of access_token/refresh_token". Needs no `api-version`.

    Args:
        body (TokenRequest): Form fields of both grants. Password grant: `grant_type=password`,
            `client_id`,
            `username`, `password`, optional `organizationNo`. Refresh grant:
            `grant_type=refresh_token`, `client_id`, `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenError | TokenResponse]
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
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenError | TokenResponse | None:
    """Obtain or refresh an access token

     Resource-owner password grant (`grant_type=password` with `client_id`, `username`,
    `password` and optional `organizationNo`) or refresh grant
    (`grant_type=refresh_token` with `client_id` and `refresh_token`), which returns "a
    new pair of access_token/refresh_token". Needs no `api-version`.

    Args:
        body (TokenRequest): Form fields of both grants. Password grant: `grant_type=password`,
            `client_id`,
            `username`, `password`, optional `organizationNo`. Refresh grant:
            `grant_type=refresh_token`, `client_id`, `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenError | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[TokenError | TokenResponse]:
    """Obtain or refresh an access token

     Resource-owner password grant (`grant_type=password` with `client_id`, `username`,
    `password` and optional `organizationNo`) or refresh grant
    (`grant_type=refresh_token` with `client_id` and `refresh_token`), which returns "a
    new pair of access_token/refresh_token". Needs no `api-version`.

    Args:
        body (TokenRequest): Form fields of both grants. Password grant: `grant_type=password`,
            `client_id`,
            `username`, `password`, optional `organizationNo`. Refresh grant:
            `grant_type=refresh_token`, `client_id`, `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TokenError | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenError | TokenResponse | None:
    """Obtain or refresh an access token

     Resource-owner password grant (`grant_type=password` with `client_id`, `username`,
    `password` and optional `organizationNo`) or refresh grant
    (`grant_type=refresh_token` with `client_id` and `refresh_token`), which returns "a
    new pair of access_token/refresh_token". Needs no `api-version`.

    Args:
        body (TokenRequest): Form fields of both grants. Password grant: `grant_type=password`,
            `client_id`,
            `username`, `password`, optional `organizationNo`. Refresh grant:
            `grant_type=refresh_token`, `client_id`, `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TokenError | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
