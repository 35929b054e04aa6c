from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.files_response import FilesResponse
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    clientno: int,
    *,
    logitemid: int | Unset = UNSET,
    type_: str | Unset = UNSET,
    name: str | Unset = UNSET,
    referenceno: int | Unset = UNSET,
    jobqueueid: int | Unset = UNSET,
    documentno: str | Unset = UNSET,
    serialize: str | Unset = UNSET,
    regenerate: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["logitemid"] = logitemid

    params["type"] = type_

    params["name"] = name

    params["referenceno"] = referenceno

    params["jobqueueid"] = jobqueueid

    params["documentno"] = documentno

    params["serialize"] = serialize

    params["regenerate"] = regenerate

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/clients/{clientno}/files".format(
            clientno=quote(str(clientno), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> FilesResponse | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = FilesResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[FilesResponse | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    clientno: int,
    *,
    client: AuthenticatedClient | Client,
    logitemid: int | Unset = UNSET,
    type_: str | Unset = UNSET,
    name: str | Unset = UNSET,
    referenceno: int | Unset = UNSET,
    jobqueueid: int | Unset = UNSET,
    documentno: str | Unset = UNSET,
    serialize: str | Unset = UNSET,
    regenerate: bool | Unset = UNSET,
) -> Response[FilesResponse | ProblemDetails]:
    """Get (download) one or more OS files

     Files matching the query, content inline as base64. A `logitemid`, or parameters
    naming one file, give one file; a `referenceno` can give several. At most 10 files
    are delivered (cannot be altered) and the output is not paginated.

    Args:
        clientno (int):
        logitemid (int | Unset):
        type_ (str | Unset):
        name (str | Unset):
        referenceno (int | Unset):
        jobqueueid (int | Unset):
        documentno (str | Unset):
        serialize (str | Unset):
        regenerate (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FilesResponse | ProblemDetails]
    """

    kwargs = _get_kwargs(
        clientno=clientno,
        logitemid=logitemid,
        type_=type_,
        name=name,
        referenceno=referenceno,
        jobqueueid=jobqueueid,
        documentno=documentno,
        serialize=serialize,
        regenerate=regenerate,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    clientno: int,
    *,
    client: AuthenticatedClient | Client,
    logitemid: int | Unset = UNSET,
    type_: str | Unset = UNSET,
    name: str | Unset = UNSET,
    referenceno: int | Unset = UNSET,
    jobqueueid: int | Unset = UNSET,
    documentno: str | Unset = UNSET,
    serialize: str | Unset = UNSET,
    regenerate: bool | Unset = UNSET,
) -> FilesResponse | ProblemDetails | None:
    """Get (download) one or more OS files

     Files matching the query, content inline as base64. A `logitemid`, or parameters
    naming one file, give one file; a `referenceno` can give several. At most 10 files
    are delivered (cannot be altered) and the output is not paginated.

    Args:
        clientno (int):
        logitemid (int | Unset):
        type_ (str | Unset):
        name (str | Unset):
        referenceno (int | Unset):
        jobqueueid (int | Unset):
        documentno (str | Unset):
        serialize (str | Unset):
        regenerate (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FilesResponse | ProblemDetails
    """

    return sync_detailed(
        clientno=clientno,
        client=client,
        logitemid=logitemid,
        type_=type_,
        name=name,
        referenceno=referenceno,
        jobqueueid=jobqueueid,
        documentno=documentno,
        serialize=serialize,
        regenerate=regenerate,
    ).parsed


async def asyncio_detailed(
    clientno: int,
    *,
    client: AuthenticatedClient | Client,
    logitemid: int | Unset = UNSET,
    type_: str | Unset = UNSET,
    name: str | Unset = UNSET,
    referenceno: int | Unset = UNSET,
    jobqueueid: int | Unset = UNSET,
    documentno: str | Unset = UNSET,
    serialize: str | Unset = UNSET,
    regenerate: bool | Unset = UNSET,
) -> Response[FilesResponse | ProblemDetails]:
    """Get (download) one or more OS files

     Files matching the query, content inline as base64. A `logitemid`, or parameters
    naming one file, give one file; a `referenceno` can give several. At most 10 files
    are delivered (cannot be altered) and the output is not paginated.

    Args:
        clientno (int):
        logitemid (int | Unset):
        type_ (str | Unset):
        name (str | Unset):
        referenceno (int | Unset):
        jobqueueid (int | Unset):
        documentno (str | Unset):
        serialize (str | Unset):
        regenerate (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FilesResponse | ProblemDetails]
    """

    kwargs = _get_kwargs(
        clientno=clientno,
        logitemid=logitemid,
        type_=type_,
        name=name,
        referenceno=referenceno,
        jobqueueid=jobqueueid,
        documentno=documentno,
        serialize=serialize,
        regenerate=regenerate,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    clientno: int,
    *,
    client: AuthenticatedClient | Client,
    logitemid: int | Unset = UNSET,
    type_: str | Unset = UNSET,
    name: str | Unset = UNSET,
    referenceno: int | Unset = UNSET,
    jobqueueid: int | Unset = UNSET,
    documentno: str | Unset = UNSET,
    serialize: str | Unset = UNSET,
    regenerate: bool | Unset = UNSET,
) -> FilesResponse | ProblemDetails | None:
    """Get (download) one or more OS files

     Files matching the query, content inline as base64. A `logitemid`, or parameters
    naming one file, give one file; a `referenceno` can give several. At most 10 files
    are delivered (cannot be altered) and the output is not paginated.

    Args:
        clientno (int):
        logitemid (int | Unset):
        type_ (str | Unset):
        name (str | Unset):
        referenceno (int | Unset):
        jobqueueid (int | Unset):
        documentno (str | Unset):
        serialize (str | Unset):
        regenerate (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FilesResponse | ProblemDetails
    """

    return (
        await asyncio_detailed(
            clientno=clientno,
            client=client,
            logitemid=logitemid,
            type_=type_,
            name=name,
            referenceno=referenceno,
            jobqueueid=jobqueueid,
            documentno=documentno,
            serialize=serialize,
            regenerate=regenerate,
        )
    ).parsed
