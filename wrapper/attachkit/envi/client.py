"""Envi clients: list, page through, fetch, download and save file attachments."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any, TypeVar, Unpack, cast
from uuid import UUID

import attrs
import httpx

from attachkit_envi_client.api.file_attachments import (
    get_file_attachment_content,
    get_file_attachment_metadata,
    list_file_attachments,
)
from attachkit_envi_client.models import ApiVersion, FileAttachmentEntity, FileAttachmentList
from attachkit_envi_client.types import UNSET, Unset

from .. import errors
from ..attachment import Attachment
from ..base import AsyncClientBase, ContentSource, SyncClientBase, streamed
from ..decoding import parse_model, unexpected
from ..options import AsyncClientOptions, ClientOptions, check_base_url
from ..pagination import AsyncPaginator, Page, Paginator
from ..runner import Call, Flow
from .auth import PUBLIC_CLIENT_ID, EnviPasswordAuth, EnviTokenAuth
from .convert import NO_CONTENT_STATUSES, EntityCache, attachment_from_envi
from .vendor import ENVI

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "AsyncEnviClient",
    "EnviClient",
    "EnviEntityType",
    "odata_string",
]

MAX_PAGE_SIZE = 5000
"""Envi's `$top` limit: more is a 400."""
DEFAULT_PAGE_SIZE = 500
API_VERSION = ApiVersion.VALUE_0


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


@attrs.frozen
class _ListQuery:
    entity_id: UUID
    entity_type: int | None
    filter: str | None
    search: str | None
    order_by: str | None
    page_size: int


def _as_uuid(value: object, what: str) -> UUID:
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a UUID or a string, not {type(value).__name__}")
    try:
        return UUID(value)
    except ValueError:
        raise ValueError(f"{what} is not a UUID: {value!r}") from None


def _optional_text(value: object, what: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{what} must be a string or None, not {type(value).__name__}")
    return value


def _retries(value: object) -> int | None:
    """A per-call `max_retries`: None (the client's setting) or a count >= 0."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_retries must be an int or None, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"max_retries must be at least 0, not {value}")
    return value


def _list_query(
    entity_id: object,
    entity_type: object,
    filter: object,
    search: object,
    order_by: object,
    page_size: object,
) -> _ListQuery:
    if entity_type is not None and (
        isinstance(entity_type, bool) or not isinstance(entity_type, int)
    ):
        raise TypeError(f"entity_type must be an EnviEntityType or int, not {entity_type!r}")
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise TypeError(f"page_size must be an int, not {type(page_size).__name__}")
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    return _ListQuery(
        entity_id=_as_uuid(entity_id, "entity_id"),
        entity_type=None if entity_type is None else int(entity_type),
        filter=_optional_text(filter, "filter"),
        search=_optional_text(search, "search"),
        order_by=_optional_text(order_by, "order_by"),
        page_size=min(page_size, MAX_PAGE_SIZE),
    )


_T = TypeVar("_T")


def _unset(value: _T | None) -> _T | Unset:
    return UNSET if value is None else value


class _EnviFlows:
    """Envi's operations as flows, shared by the sync and async clients."""

    def __init__(self, http: httpx.Client | httpx.AsyncClient, base_url: httpx.URL) -> None:
        self._http = http
        self._base_url = base_url

    def _request(self, kwargs: dict[str, Any]) -> httpx.Request:
        """An httpx request from a generated module's `_get_kwargs`."""
        return self._http.build_request(
            str(kwargs["method"]).upper(),
            str(kwargs["url"]),
            params=kwargs.get("params"),
            headers=kwargs.get("headers"),
        )

    def _first_page_request(self, query: _ListQuery) -> httpx.Request:
        kwargs = list_file_attachments._get_kwargs(
            query.entity_id,
            entity_type_pk=_unset(query.entity_type),
            search=_unset(query.search),
            filter_=_unset(query.filter),
            orderby=_unset(query.order_by),
            top=query.page_size,
            api_version=API_VERSION,
        )
        return self._request(kwargs)

    def _same_origin(self, url: httpx.URL) -> bool:
        base = self._base_url
        return (url.scheme, url.host, url.port) == (base.scheme, base.host, base.port)

    def page(self, cursor: object, max_retries: int | None) -> Flow[Page[Attachment]]:
        if isinstance(cursor, _ListQuery):
            request = self._first_page_request(cursor)
        else:
            # The vendor's absolute next link, followed exactly as given.
            request = self._http.build_request(
                "GET", str(cursor), headers={"api-version": API_VERSION.value}
            )
        response = yield Call(request, max_retries=max_retries)
        body = parse_model("envi", response, FileAttachmentList.from_dict)
        try:
            entities = EntityCache()
            items = [attachment_from_envi(record, entities) for record in body.value]
        except (TypeError, ValueError) as exc:
            raise unexpected("envi", response, str(exc)) from exc
        next_link = body.odata_next_link
        next_cursor: str | None = None
        if isinstance(next_link, str) and next_link:
            if not self._same_origin(httpx.URL(next_link)):
                # Following it would send the bearer token to another host.
                raise unexpected("envi", response, f"next link leaves {self._base_url.host}")
            next_cursor = next_link
        elif not isinstance(next_link, Unset | None):
            raise unexpected("envi", response, "@odata.nextLink is not a string")
        total = body.odata_count
        if isinstance(total, Unset):
            total_count = None
        elif isinstance(total, int) and not isinstance(total, bool):
            total_count = total
        else:
            raise unexpected("envi", response, "@odata.count is not an integer")
        return Page(items=items, total_count=total_count, next_cursor=next_cursor)

    def metadata(self, file_id: object, max_retries: int | None) -> Flow[Attachment]:
        uuid = _as_uuid(file_id, "file_id")
        max_retries = _retries(max_retries)
        kwargs = get_file_attachment_metadata._get_kwargs(uuid, api_version=API_VERSION)
        response = yield Call(self._request(kwargs), max_retries=max_retries)
        record = parse_model("envi", response, FileAttachmentEntity.from_dict)
        try:
            return attachment_from_envi(record)
        except (TypeError, ValueError) as exc:
            raise unexpected("envi", response, str(exc)) from exc

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        max_retries = _retries(max_retries)
        status = attachment.status
        if status is not None and status.lower() in NO_CONTENT_STATUSES:
            raise errors.ContentUnavailableError(
                f"envi: {attachment.name!r} has no content (status {status})",
                vendor="envi",
                file_id=attachment.id,
                status=status,
            )
        kwargs = get_file_attachment_content._get_kwargs(
            _as_uuid(attachment.id, "attachment id"), api_version=API_VERSION
        )
        return ContentSource(flow=streamed(self._request(kwargs), max_retries))


def _auth(token: object, auth: httpx.Auth | None) -> httpx.Auth:
    if auth is not None and token is not None:
        raise TypeError("pass either token or auth, not both")
    if auth is not None:
        if not isinstance(auth, httpx.Auth):
            raise TypeError("auth must be an httpx.Auth")
        return auth
    if token is None:
        raise TypeError("pass token= (a string or a callable) or use from_password()")
    return EnviTokenAuth(cast("str | Callable[[], str]", token))


class EnviClient(SyncClientBase):
    """Envi file attachments, synchronously.

    with EnviClient.from_password(url, username=..., password=...) as envi:
        for att in envi.list_files(po_id, entity_type=EnviEntityType.PURCHASE_ORDER):
            envi.save(att, "out/")
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | Callable[[], str] | None = None,
        auth: httpx.Auth | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "envi")
        super().__init__(vendor=ENVI, base_url=base_url, auth=_auth(token, auth), options=options)
        self._flows = _EnviFlows(self._http, self._base_url)

    @classmethod
    def from_password(
        cls,
        base_url: str,
        *,
        username: str,
        password: str,
        organization_no: str | None = None,
        client_id: str = PUBLIC_CLIENT_ID,
        **options: Unpack[ClientOptions],
    ) -> EnviClient:
        """Logs in with Envi's password grant on first use and keeps the token fresh."""
        base_url = check_base_url(base_url, "envi")
        auth = EnviPasswordAuth(
            base_url,
            username=username,
            password=password,
            organization_no=organization_no,
            client_id=client_id,
        )
        return cls(base_url, auth=auth, **options)

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
        query = _list_query(entity_id, entity_type, filter, search, order_by, page_size)
        max_retries = _retries(max_retries)
        return Paginator(
            lambda cursor: self._flows.page(cursor, max_retries), self._runner.run, query
        )

    def get_file(self, file_id: UUID | str, *, max_retries: int | None = None) -> Attachment:
        """One file's record."""
        return self._runner.run(self._flows.metadata(file_id, max_retries))

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return self._flows.content(attachment, max_retries)


class AsyncEnviClient(AsyncClientBase):
    """Envi file attachments with `async`/`await`; the same methods as `EnviClient`."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | Callable[[], str] | None = None,
        auth: httpx.Auth | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "envi")
        super().__init__(vendor=ENVI, base_url=base_url, auth=_auth(token, auth), options=options)
        self._flows = _EnviFlows(self._http, self._base_url)

    @classmethod
    def from_password(
        cls,
        base_url: str,
        *,
        username: str,
        password: str,
        organization_no: str | None = None,
        client_id: str = PUBLIC_CLIENT_ID,
        **options: Unpack[AsyncClientOptions],
    ) -> AsyncEnviClient:
        """Logs in with Envi's password grant on first use and keeps the token fresh."""
        base_url = check_base_url(base_url, "envi")
        auth = EnviPasswordAuth(
            base_url,
            username=username,
            password=password,
            organization_no=organization_no,
            client_id=client_id,
        )
        return cls(base_url, auth=auth, **options)

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
        query = _list_query(entity_id, entity_type, filter, search, order_by, page_size)
        max_retries = _retries(max_retries)
        return AsyncPaginator(
            lambda cursor: self._flows.page(cursor, max_retries), self._runner.run, query
        )

    async def get_file(self, file_id: UUID | str, *, max_retries: int | None = None) -> Attachment:
        """One file's record."""
        return await self._runner.run(self._flows.metadata(file_id, max_retries))

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return self._flows.content(attachment, max_retries)
