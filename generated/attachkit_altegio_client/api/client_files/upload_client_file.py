from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_file_upload import ClientFileUpload
from ...models.client_files_response import ClientFilesResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    location_id: int,
    client_id: int,
    *,
    body: ClientFileUpload,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/company/{location_id}/clients/files/{client_id}".format(
            location_id=quote(str(location_id), safe=""),
            client_id=quote(str(client_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ClientFilesResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = ClientFilesResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 402:
        response_402 = ErrorEnvelope.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorEnvelope.from_dict(response.json())

        return response_404

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
) -> Response[ClientFilesResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    location_id: int,
    client_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientFileUpload,
) -> Response[ClientFilesResponse | ErrorEnvelope]:
    """Upload a file to a client's card

     Not on the developer.alteg.io pages found; written from Altegio's own MCP server
    (altegio/altegio-pro-mcp: `uploadClientFile` in `src/providers/altegio-client.ts`,
    `src/providers/client-file-upload.ts` and its design notes). multipart/form-data
    with the file in the field `file`; "nonempty file strictly below 12 MiB" with one
    of the extensions jpeg, jpg, png, gif, doc, docx, pdf, xls, xlsx, txt; the backend
    checks `clients_access` and `client_files_upload_access`; "The successful API
    response is the complete file list". Not idempotent: attachkit never retries it.

    Args:
        location_id (int):
        client_id (int):
        body (ClientFileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientFilesResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        client_id=client_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    location_id: int,
    client_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientFileUpload,
) -> ClientFilesResponse | ErrorEnvelope | None:
    """Upload a file to a client's card

     Not on the developer.alteg.io pages found; written from Altegio's own MCP server
    (altegio/altegio-pro-mcp: `uploadClientFile` in `src/providers/altegio-client.ts`,
    `src/providers/client-file-upload.ts` and its design notes). multipart/form-data
    with the file in the field `file`; "nonempty file strictly below 12 MiB" with one
    of the extensions jpeg, jpg, png, gif, doc, docx, pdf, xls, xlsx, txt; the backend
    checks `clients_access` and `client_files_upload_access`; "The successful API
    response is the complete file list". Not idempotent: attachkit never retries it.

    Args:
        location_id (int):
        client_id (int):
        body (ClientFileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientFilesResponse | ErrorEnvelope
    """

    return sync_detailed(
        location_id=location_id,
        client_id=client_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    location_id: int,
    client_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientFileUpload,
) -> Response[ClientFilesResponse | ErrorEnvelope]:
    """Upload a file to a client's card

     Not on the developer.alteg.io pages found; written from Altegio's own MCP server
    (altegio/altegio-pro-mcp: `uploadClientFile` in `src/providers/altegio-client.ts`,
    `src/providers/client-file-upload.ts` and its design notes). multipart/form-data
    with the file in the field `file`; "nonempty file strictly below 12 MiB" with one
    of the extensions jpeg, jpg, png, gif, doc, docx, pdf, xls, xlsx, txt; the backend
    checks `clients_access` and `client_files_upload_access`; "The successful API
    response is the complete file list". Not idempotent: attachkit never retries it.

    Args:
        location_id (int):
        client_id (int):
        body (ClientFileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientFilesResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        client_id=client_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    location_id: int,
    client_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientFileUpload,
) -> ClientFilesResponse | ErrorEnvelope | None:
    """Upload a file to a client's card

     Not on the developer.alteg.io pages found; written from Altegio's own MCP server
    (altegio/altegio-pro-mcp: `uploadClientFile` in `src/providers/altegio-client.ts`,
    `src/providers/client-file-upload.ts` and its design notes). multipart/form-data
    with the file in the field `file`; "nonempty file strictly below 12 MiB" with one
    of the extensions jpeg, jpg, png, gif, doc, docx, pdf, xls, xlsx, txt; the backend
    checks `clients_access` and `client_files_upload_access`; "The successful API
    response is the complete file list". Not idempotent: attachkit never retries it.

    Args:
        location_id (int):
        client_id (int):
        body (ClientFileUpload):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientFilesResponse | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            location_id=location_id,
            client_id=client_id,
            client=client,
            body=body,
        )
    ).parsed
