from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_data_error import ODataError
from ...types import File, Response, Unset


def _get_kwargs(
    file_id: UUID,
    *,
    api_version: str | Unset = "1.0",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(api_version, Unset):
        headers["api-version"] = api_version

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/odata/FileAttachments/{file_id}/content".format(
            file_id=quote(str(file_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> File | ODataError | str | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 400:
        response_400 = ODataError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ODataError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ODataError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ODataError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = response.text
        return response_429

    if response.status_code == 500:
        response_500 = ODataError.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[File | ODataError | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    api_version: str | Unset = "1.0",
) -> Response[File | ODataError | str]:
    """One file's bytes

     The raw bytes. No content is returned when `fileStatus` is Deleted, Uploading,
    Failed or Corrupted.

    Args:
        file_id (UUID):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | ODataError | str]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    api_version: str | Unset = "1.0",
) -> File | ODataError | str | None:
    """One file's bytes

     The raw bytes. No content is returned when `fileStatus` is Deleted, Uploading,
    Failed or Corrupted.

    Args:
        file_id (UUID):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | ODataError | str
    """

    return sync_detailed(
        file_id=file_id,
        client=client,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    api_version: str | Unset = "1.0",
) -> Response[File | ODataError | str]:
    """One file's bytes

     The raw bytes. No content is returned when `fileStatus` is Deleted, Uploading,
    Failed or Corrupted.

    Args:
        file_id (UUID):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | ODataError | str]
    """

    kwargs = _get_kwargs(
        file_id=file_id,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    file_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    api_version: str | Unset = "1.0",
) -> File | ODataError | str | None:
    """One file's bytes

     The raw bytes. No content is returned when `fileStatus` is Deleted, Uploading,
    Failed or Corrupted.

    Args:
        file_id (UUID):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | ODataError | str
    """

    return (
        await asyncio_detailed(
            file_id=file_id,
            client=client,
            api_version=api_version,
        )
    ).parsed
