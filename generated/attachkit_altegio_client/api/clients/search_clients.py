from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.client_search_request import ClientSearchRequest
from ...models.client_search_response import ClientSearchResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    location_id: int,
    *,
    body: ClientSearchRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/company/{location_id}/clients/search".format(
            location_id=quote(str(location_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> ClientSearchResponse | ErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = ClientSearchResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

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
) -> Response[ClientSearchResponse | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    location_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientSearchRequest,
) -> Response[ClientSearchResponse | ErrorEnvelope]:
    """Search a location's clients

     The client collection ("Коллекция клиентов", `POST /company/{company_id}/clients/search`
    in the YCLIENTS API Blueprint). A JSON body names the page (from 1), the page size
    (default 25, at most 200), the fields to return (default `["id"]`), the order and
    filters; the answer holds that page's clients and `meta.total_count`, the count of
    all matches. Altegio's MCP server sends the same body to
    `/locations/{location_id}/clients/search`. There is no filter on when a client or
    its files changed, and none on whether a client has files. attachkit asks for ids
    only, ordered by id, 200 a page.

    Args:
        location_id (int):
        body (ClientSearchRequest): The blueprint's FullClientSearchRequest. `fields` names what
            each client comes with
            (id, name, phone, email, discount, first_visit_date, last_visit_date, sold_amount,
            visits_count, passteam_card_id); `order_by` one of id, name, phone, email, discount,
            first_visit_date, last_visit_date, sold_amount, visits_count; `operation` AND or OR
            joins the filters. Values are plain strings, not enums, as elsewhere in this spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientSearchResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    location_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientSearchRequest,
) -> ClientSearchResponse | ErrorEnvelope | None:
    """Search a location's clients

     The client collection ("Коллекция клиентов", `POST /company/{company_id}/clients/search`
    in the YCLIENTS API Blueprint). A JSON body names the page (from 1), the page size
    (default 25, at most 200), the fields to return (default `["id"]`), the order and
    filters; the answer holds that page's clients and `meta.total_count`, the count of
    all matches. Altegio's MCP server sends the same body to
    `/locations/{location_id}/clients/search`. There is no filter on when a client or
    its files changed, and none on whether a client has files. attachkit asks for ids
    only, ordered by id, 200 a page.

    Args:
        location_id (int):
        body (ClientSearchRequest): The blueprint's FullClientSearchRequest. `fields` names what
            each client comes with
            (id, name, phone, email, discount, first_visit_date, last_visit_date, sold_amount,
            visits_count, passteam_card_id); `order_by` one of id, name, phone, email, discount,
            first_visit_date, last_visit_date, sold_amount, visits_count; `operation` AND or OR
            joins the filters. Values are plain strings, not enums, as elsewhere in this spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientSearchResponse | ErrorEnvelope
    """

    return sync_detailed(
        location_id=location_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    location_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientSearchRequest,
) -> Response[ClientSearchResponse | ErrorEnvelope]:
    """Search a location's clients

     The client collection ("Коллекция клиентов", `POST /company/{company_id}/clients/search`
    in the YCLIENTS API Blueprint). A JSON body names the page (from 1), the page size
    (default 25, at most 200), the fields to return (default `["id"]`), the order and
    filters; the answer holds that page's clients and `meta.total_count`, the count of
    all matches. Altegio's MCP server sends the same body to
    `/locations/{location_id}/clients/search`. There is no filter on when a client or
    its files changed, and none on whether a client has files. attachkit asks for ids
    only, ordered by id, 200 a page.

    Args:
        location_id (int):
        body (ClientSearchRequest): The blueprint's FullClientSearchRequest. `fields` names what
            each client comes with
            (id, name, phone, email, discount, first_visit_date, last_visit_date, sold_amount,
            visits_count, passteam_card_id); `order_by` one of id, name, phone, email, discount,
            first_visit_date, last_visit_date, sold_amount, visits_count; `operation` AND or OR
            joins the filters. Values are plain strings, not enums, as elsewhere in this spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ClientSearchResponse | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    location_id: int,
    *,
    client: AuthenticatedClient | Client,
    body: ClientSearchRequest,
) -> ClientSearchResponse | ErrorEnvelope | None:
    """Search a location's clients

     The client collection ("Коллекция клиентов", `POST /company/{company_id}/clients/search`
    in the YCLIENTS API Blueprint). A JSON body names the page (from 1), the page size
    (default 25, at most 200), the fields to return (default `["id"]`), the order and
    filters; the answer holds that page's clients and `meta.total_count`, the count of
    all matches. Altegio's MCP server sends the same body to
    `/locations/{location_id}/clients/search`. There is no filter on when a client or
    its files changed, and none on whether a client has files. attachkit asks for ids
    only, ordered by id, 200 a page.

    Args:
        location_id (int):
        body (ClientSearchRequest): The blueprint's FullClientSearchRequest. `fields` names what
            each client comes with
            (id, name, phone, email, discount, first_visit_date, last_visit_date, sold_amount,
            visits_count, passteam_card_id); `order_by` one of id, name, phone, email, discount,
            first_visit_date, last_visit_date, sold_amount, visits_count; `operation` AND or OR
            joins the filters. Values are plain strings, not enums, as elsewhere in this spec.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ClientSearchResponse | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            location_id=location_id,
            client=client,
            body=body,
        )
    ).parsed
