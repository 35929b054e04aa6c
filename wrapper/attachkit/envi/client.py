"""Envi clients: list, page through, fetch, download and save file attachments."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Unpack
from uuid import UUID

import httpx2

from .._core import http_objects
from ..attachment import Attachment
from ..options import AsyncClientOptions, ClientOptions
from ..pagination import AsyncPaginator, Paginator
from ..vendorkit import (
    AsyncClientBase,
    AsyncTokenProvider,
    ClientSetup,
    HttpClient,
    SyncClientBase,
    TokenProvider,
    arguments,
)
from .auth import PUBLIC_CLIENT_ID, EnviPasswordAuth, EnviTokenAuth
from .entities import EntityQuery, entity_set, since_filter
from .flows import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, EnviFlows, ListQuery
from .vendor import ACCEPT, ENVI
from .versions import DEFAULT_API_VERSION, check_api_version

__all__ = [
    "DEFAULT_API_VERSION",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "AsyncEnviClient",
    "EnviClient",
    "EnviEntityType",
    "odata_string",
]


class EnviEntityType(IntEnum):
    """Envi's `entityTypePK` values. Any other int is passed through as given."""

    PURCHASE_ORDER = 1
    RECEIVED_INVOICE = 4
    CONTRACT = 6
    REQUISITION = 7
    ADJUSTMENT = 8
    PROOF_OF_DELIVERY = 9
    OCR_INVOICE = 10
    INVENTORY = 11


def odata_string(value: str) -> str:
    """`value` as an OData string literal for `filter=`: quoted, `'` doubled."""
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return "'" + value.replace("'", "''") + "'"


# --- what the sync and async clients share ----------------------------------------------


def _setup(
    base_url: object, token: object, auth: object, api_version: object, *, asynchronous: bool
) -> ClientSetup[EnviFlows]:
    url = arguments.base_url(base_url, "envi")
    version = check_api_version(api_version)
    if auth is not None and token is not None:
        raise TypeError("pass either token or auth, not both")
    if auth is None:
        if token is None:
            raise TypeError("pass token= (a string or a callable) or use from_password()")
        source = arguments.token_source(token, "token", asynchronous=asynchronous)
        auth = EnviTokenAuth(source, asynchronous=asynchronous)
    else:
        auth = http_objects.auth(auth)

    def flows(http: HttpClient, base: httpx2.URL) -> EnviFlows:
        return EnviFlows(http, base, version)

    return ClientSetup(
        vendor=ENVI, base_url=url, auth=auth, flows=flows, headers={"Accept": ACCEPT}
    )


def _entity_query(entity_type: object, updated_since: object, page_size: object) -> EntityQuery:
    found = entity_set(entity_type)
    condition = since_filter(updated_since)
    if condition is not None and not found.dated:
        raise ValueError(
            f"Envi's {found.name} list takes no date filter: list every one (updated_since=None)"
        )
    return EntityQuery(found, condition, arguments.page_size(page_size, maximum=MAX_PAGE_SIZE))


def _password_auth(
    base_url: object,
    username: object,
    password: object,
    organization_no: object,
    client_id: object,
) -> EnviPasswordAuth:
    return EnviPasswordAuth(
        arguments.base_url(base_url, "envi"),
        username=arguments.text(username, "username"),
        password=arguments.text(password, "password"),
        organization_no=arguments.optional_text(organization_no, "organization_no"),
        client_id=arguments.text(client_id, "client_id"),
    )


# --- the clients: signatures, `await` and return types ---------------------------------


class EnviClient(SyncClientBase[EnviFlows]):
    """Envi file attachments, synchronously.

    with EnviClient.from_password(url, username=..., password=...) as envi:
        for att in envi.list_files(po_id, entity_type=EnviEntityType.PURCHASE_ORDER):
            envi.save(att, "out/")

    `api_version` goes with every request as Envi's `api-version` header (default "1.0");
    when Envi lists it as deprecated, the client warns once with
    `attachkit.errors.DeprecatedApiVersionWarning`.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | TokenProvider | None = None,
        auth: httpx2.Auth | None = None,
        api_version: str = DEFAULT_API_VERSION,
        **options: Unpack[ClientOptions],
    ) -> None:
        setup = _setup(base_url, token, auth, api_version, asynchronous=False)
        super().__init__(setup, options)

    @classmethod
    def from_password(
        cls,
        base_url: str,
        *,
        username: str,
        password: str,
        organization_no: str | None = None,
        client_id: str = PUBLIC_CLIENT_ID,
        api_version: str = DEFAULT_API_VERSION,
        **options: Unpack[ClientOptions],
    ) -> EnviClient:
        """Logs in with Envi's password grant on first use and keeps the token fresh."""
        auth = _password_auth(base_url, username, password, organization_no, client_id)
        return cls(base_url, auth=auth, api_version=api_version, **options)

    def list_files(
        self,
        entity_id: UUID | str,
        *,
        entity_type: EnviEntityType | int | None = None,
        filter: str | None = None,
        search: str | None = None,
        order_by: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_retries: int | None = None,
    ) -> Paginator[Attachment]:
        """The entity's files, linked files included, fetched page by page as iterated.

        `filter` is an OData condition (`"fileName eq 'a.pdf'"`, see `odata_string`),
        `order_by` one field with optional `asc`/`desc`. `page_size` is capped at 5,000.
        """
        query = ListQuery.of(entity_id, entity_type, filter, search, order_by, page_size)
        retries = arguments.max_retries(max_retries)
        return Paginator(lambda c: self._flows.page(c, retries), self._runner.run, query)

    def list_entities(
        self,
        entity_type: EnviEntityType | int,
        *,
        updated_since: date | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_retries: int | None = None,
    ) -> Paginator[UUID]:
        """The ids of every record of a type whose files `list_files` takes, page by page.

        PURCHASE_ORDER (also the key of Receiving and Matched Invoices; a PO's files include
        those of its linked invoices), INVENTORY, REQUISITION, PROOF_OF_DELIVERY (requisition
        fills) and ADJUSTMENT have lists; other types are a ValueError. `updated_since` (a
        date, or an aware datetime, widened to the day before its UTC date) keeps the
        records changed since then; the adjustments' list takes no date filter (ValueError).
        """
        query = _entity_query(entity_type, updated_since, page_size)
        retries = arguments.max_retries(max_retries)
        return Paginator(lambda c: self._flows.entities_page(c, retries), self._runner.run, query)

    def get_file(self, file_id: UUID | str, *, max_retries: int | None = None) -> Attachment:
        """One file's record."""
        return self._runner.run(self._flows.metadata(file_id, max_retries))


class AsyncEnviClient(AsyncClientBase[EnviFlows]):
    """Envi file attachments with `async`/`await`; the same methods as `EnviClient`.

    `token` may also be an `async def` (or a function returning an awaitable) that gives
    the current token: it is awaited before every request."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | AsyncTokenProvider | None = None,
        auth: httpx2.Auth | None = None,
        api_version: str = DEFAULT_API_VERSION,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        setup = _setup(base_url, token, auth, api_version, asynchronous=True)
        super().__init__(setup, options)

    @classmethod
    def from_password(
        cls,
        base_url: str,
        *,
        username: str,
        password: str,
        organization_no: str | None = None,
        client_id: str = PUBLIC_CLIENT_ID,
        api_version: str = DEFAULT_API_VERSION,
        **options: Unpack[AsyncClientOptions],
    ) -> AsyncEnviClient:
        """Logs in with Envi's password grant on first use and keeps the token fresh."""
        auth = _password_auth(base_url, username, password, organization_no, client_id)
        return cls(base_url, auth=auth, api_version=api_version, **options)

    def list_files(
        self,
        entity_id: UUID | str,
        *,
        entity_type: EnviEntityType | int | None = None,
        filter: str | None = None,
        search: str | None = None,
        order_by: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_retries: int | None = None,
    ) -> AsyncPaginator[Attachment]:
        """As `EnviClient.list_files`; iterate with `async for`."""
        query = ListQuery.of(entity_id, entity_type, filter, search, order_by, page_size)
        retries = arguments.max_retries(max_retries)
        return AsyncPaginator(lambda c: self._flows.page(c, retries), self._runner.run, query)

    def list_entities(
        self,
        entity_type: EnviEntityType | int,
        *,
        updated_since: date | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        max_retries: int | None = None,
    ) -> AsyncPaginator[UUID]:
        """As `EnviClient.list_entities`; iterate with `async for`."""
        query = _entity_query(entity_type, updated_since, page_size)
        retries = arguments.max_retries(max_retries)
        return AsyncPaginator(
            lambda c: self._flows.entities_page(c, retries), self._runner.run, query
        )

    async def get_file(self, file_id: UUID | str, *, max_retries: int | None = None) -> Attachment:
        """One file's record."""
        return await self._runner.run(self._flows.metadata(file_id, max_retries))
