from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_data_error import ODataError
from ...models.purchase_order_list import PurchaseOrderList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    include_inactive_vendors: bool | Unset = False,
    filter_: str | Unset = UNSET,
    search: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(api_version, Unset):
        headers["api-version"] = api_version

    params: dict[str, Any] = {}

    params["includeInactiveVendors"] = include_inactive_vendors

    params["$filter"] = filter_

    params["$search"] = search

    params["$orderby"] = orderby

    params["$top"] = top

    params["$skip"] = skip

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/odata/PurchaseOrders",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ODataError | PurchaseOrderList | str | None:
    if response.status_code == 200:
        response_200 = PurchaseOrderList.from_dict(response.json())

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
) -> Response[ODataError | PurchaseOrderList | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    include_inactive_vendors: bool | Unset = False,
    filter_: str | Unset = UNSET,
    search: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> Response[ODataError | PurchaseOrderList | str]:
    """List purchase orders

     A paged list of the organization's purchase orders. Their `purchaseOrderId` is
    the files key of Purchasing, Receiving and Matched Invoices, so listing a PO's files
    also lists those of the invoices linked to it by PO # and release #.

    Args:
        include_inactive_vendors (bool | Unset):  Default: False.
        filter_ (str | Unset):
        search (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | PurchaseOrderList | str]
    """

    kwargs = _get_kwargs(
        include_inactive_vendors=include_inactive_vendors,
        filter_=filter_,
        search=search,
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
    *,
    client: AuthenticatedClient | Client,
    include_inactive_vendors: bool | Unset = False,
    filter_: str | Unset = UNSET,
    search: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> ODataError | PurchaseOrderList | str | None:
    """List purchase orders

     A paged list of the organization's purchase orders. Their `purchaseOrderId` is
    the files key of Purchasing, Receiving and Matched Invoices, so listing a PO's files
    also lists those of the invoices linked to it by PO # and release #.

    Args:
        include_inactive_vendors (bool | Unset):  Default: False.
        filter_ (str | Unset):
        search (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | PurchaseOrderList | str
    """

    return sync_detailed(
        client=client,
        include_inactive_vendors=include_inactive_vendors,
        filter_=filter_,
        search=search,
        orderby=orderby,
        top=top,
        skip=skip,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    include_inactive_vendors: bool | Unset = False,
    filter_: str | Unset = UNSET,
    search: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> Response[ODataError | PurchaseOrderList | str]:
    """List purchase orders

     A paged list of the organization's purchase orders. Their `purchaseOrderId` is
    the files key of Purchasing, Receiving and Matched Invoices, so listing a PO's files
    also lists those of the invoices linked to it by PO # and release #.

    Args:
        include_inactive_vendors (bool | Unset):  Default: False.
        filter_ (str | Unset):
        search (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ODataError | PurchaseOrderList | str]
    """

    kwargs = _get_kwargs(
        include_inactive_vendors=include_inactive_vendors,
        filter_=filter_,
        search=search,
        orderby=orderby,
        top=top,
        skip=skip,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    include_inactive_vendors: bool | Unset = False,
    filter_: str | Unset = UNSET,
    search: str | Unset = UNSET,
    orderby: str | Unset = UNSET,
    top: int | Unset = UNSET,
    skip: int | Unset = UNSET,
    api_version: str | Unset = "1.0",
) -> ODataError | PurchaseOrderList | str | None:
    """List purchase orders

     A paged list of the organization's purchase orders. Their `purchaseOrderId` is
    the files key of Purchasing, Receiving and Matched Invoices, so listing a PO's files
    also lists those of the invoices linked to it by PO # and release #.

    Args:
        include_inactive_vendors (bool | Unset):  Default: False.
        filter_ (str | Unset):
        search (str | Unset):
        orderby (str | Unset):
        top (int | Unset):
        skip (int | Unset):
        api_version (str | Unset):  Default: '1.0'.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ODataError | PurchaseOrderList | str
    """

    return (
        await asyncio_detailed(
            client=client,
            include_inactive_vendors=include_inactive_vendors,
            filter_=filter_,
            search=search,
            orderby=orderby,
            top=top,
            skip=skip,
            api_version=api_version,
        )
    ).parsed
