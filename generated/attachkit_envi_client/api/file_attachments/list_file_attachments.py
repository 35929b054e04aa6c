from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.file_attachment_list import FileAttachmentList
from ...models.o_data_error import ODataError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    entity_id: UUID,
    *,
    entity_type_pk: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(api_version, Unset):
        headers["api-version"] = api_version

    params: dict[str, Any] = {}

    params["entityTypePK"] = entity_type_pk

    params["$search"] = search

    params["$filter"] = filter_

    params["$orderby"] = orderby

    params["$top"] = top

    params["$skip"] = skip

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/odata/FileAttachments({entity_id})".format(
            entity_id=quote(str(entity_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> FileAttachmentList | ODataError | str | None:
    if response.status_code == 200:
        response_200 = FileAttachmentList.from_dict(response.json())

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
) -> Response[FileAttachmentList | ODataError | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    entity_type_pk: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> Response[FileAttachmentList | ODataError | str]:
    """List the files of an entity

     Files of the given entity within the logged-in organization. For a purchase order,
    received invoice or OCR invoice id the list also includes files of records linked
    by PO # and release #, so a row's `entityId` can differ from the id asked for.
    At most 5,000 rows per request (`$top`); 20 when `$top` is absent.

    Args:
        entity_id (UUID):
        entity_type_pk (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileAttachmentList | ODataError | str]
    """

    kwargs = _get_kwargs(
        entity_id=entity_id,
        entity_type_pk=entity_type_pk,
        search=search,
        filter_=filter_,
        orderby=orderby,
        top=top,
        skip=skip,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    entity_type_pk: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> FileAttachmentList | ODataError | str | None:
    """List the files of an entity

     Files of the given entity within the logged-in organization. For a purchase order,
    received invoice or OCR invoice id the list also includes files of records linked
    by PO # and release #, so a row's `entityId` can differ from the id asked for.
    At most 5,000 rows per request (`$top`); 20 when `$top` is absent.

    Args:
        entity_id (UUID):
        entity_type_pk (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileAttachmentList | ODataError | str
    """

    return sync_detailed(
        entity_id=entity_id,
        client=client,
        entity_type_pk=entity_type_pk,
        search=search,
        filter_=filter_,
        orderby=orderby,
        top=top,
        skip=skip,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    entity_type_pk: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> Response[FileAttachmentList | ODataError | str]:
    """List the files of an entity

     Files of the given entity within the logged-in organization. For a purchase order,
    received invoice or OCR invoice id the list also includes files of records linked
    by PO # and release #, so a row's `entityId` can differ from the id asked for.
    At most 5,000 rows per request (`$top`); 20 when `$top` is absent.

    Args:
        entity_id (UUID):
        entity_type_pk (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileAttachmentList | ODataError | str]
    """

    kwargs = _get_kwargs(
        entity_id=entity_id,
        entity_type_pk=entity_type_pk,
        search=search,
        filter_=filter_,
        orderby=orderby,
        top=top,
        skip=skip,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    entity_type_pk: int | Unset = UNSET,
    search: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> FileAttachmentList | ODataError | str | None:
    """List the files of an entity

     Files of the given entity within the logged-in organization. For a purchase order,
    received invoice or OCR invoice id the list also includes files of records linked
    by PO # and release #, so a row's `entityId` can differ from the id asked for.
    At most 5,000 rows per request (`$top`); 20 when `$top` is absent.

    Args:
        entity_id (UUID):
        entity_type_pk (int | Unset):
        search (str | Unset):
        filter_ (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileAttachmentList | ODataError | str
    """

    return (
        await asyncio_detailed(
            entity_id=entity_id,
            client=client,
            entity_type_pk=entity_type_pk,
            search=search,
            filter_=filter_,
            orderby=orderby,
            top=top,
            skip=skip,
            api_version=api_version,
        )
    ).parsed
