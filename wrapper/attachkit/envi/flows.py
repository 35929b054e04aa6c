"""Envi's operations as flows, shared by the sync and async clients."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID

import attrs
import httpx2

from attachkit_envi_client.api.file_attachments import (
    get_file_attachment_content,
    get_file_attachment_metadata,
    list_file_attachments,
)
from attachkit_envi_client.models import FileAttachmentEntity
from attachkit_envi_client.types import UNSET, Unset

from .. import errors
from ..attachment import Attachment
from ..pagination import Page
from ..vendorkit import (
    MISSING,
    Call,
    ContentSource,
    Flow,
    HttpClient,
    arguments,
    json_object,
    streamed,
    unexpected,
)
from .convert import NO_CONTENT_STATUSES, EntityCache, attachment_from_envi
from .entities import EntityQuery, ids_on_page
from .links import NextLinkError, next_page_url
from .vendor import CONTENT_ACCEPT
from .versions import DEFAULT_API_VERSION, DeprecationWatch

__all__ = [
    "API_VERSION",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "EntityCursor",
    "EnviFlows",
    "ListQuery",
]

MAX_PAGE_SIZE = 5000
"""Envi's `$top` limit: more is a 400."""
DEFAULT_PAGE_SIZE = 500
API_VERSION = DEFAULT_API_VERSION
"""The api-version sent unless the client is given another."""


@attrs.frozen
class ListQuery:
    """The first page's query, checked."""

    entity_id: UUID
    entity_type: int | None
    filter: str | None
    search: str | None
    order_by: str | None
    page_size: int

    @classmethod
    def of(
        cls,
        entity_id: object,
        entity_type: object,
        filter: object,
        search: object,
        order_by: object,
        page_size: object,
    ) -> ListQuery:
        return cls(
            entity_id=arguments.uuid(entity_id, "entity_id"),
            entity_type=arguments.optional_integer(entity_type, "entity_type"),
            filter=arguments.optional_text(filter, "filter"),
            search=arguments.optional_text(search, "search"),
            order_by=arguments.optional_text(order_by, "order_by"),
            page_size=arguments.page_size(page_size, maximum=MAX_PAGE_SIZE),
        )


@attrs.frozen
class RefusedNext:
    """A next link that cannot be followed: the page that named it is handed on with its
    files, and the listing ends with `error` when it would fetch the next one."""

    error: errors.UnexpectedResponseError = attrs.field(eq=False)


Cursor = ListQuery | str | RefusedNext
"""The first page's query, then the next page's URL (from the vendor's next link)."""


@attrs.frozen
class EntityNext:
    """The next page of a module list: its URL, and the last id the walk yielded."""

    url: str
    query: EntityQuery
    last: UUID | None


EntityCursor = EntityQuery | EntityNext | RefusedNext

_T = TypeVar("_T")


def _unset(value: _T | None) -> _T | Unset:
    return UNSET if value is None else value


@lru_cache(maxsize=64)
def _query(params: tuple[tuple[str, Any], ...]) -> str:
    """A query string as httpx2 encodes `params` (most requests of a run share theirs)."""
    return str(httpx2.QueryParams(params))


class EnviFlows:
    """Every request carries `api_version`; every JSON answer is checked for its deprecation."""

    def __init__(
        self, http: HttpClient, base_url: httpx2.URL, api_version: str = DEFAULT_API_VERSION
    ) -> None:
        self._http = http
        self._base_url = base_url
        # The client's base URL, to which `build_request` would append a relative path.
        prefix = str(http.base_url)
        self._url_prefix = prefix if prefix.endswith("/") else prefix + "/"
        self._api_version = api_version
        # Content responses are streamed to the caller and not checked: a client lists or
        # fetches a record before it downloads, and those answers carry the same headers.
        self._deprecation = DeprecationWatch(api_version)

    def _request(self, kwargs: dict[str, Any]) -> httpx2.Request:
        """An httpx2 request from a generated module's `_get_kwargs`.

        Its URL is the one `build_request` makes of the relative path and the params, built
        as one string and parsed once rather than three times (half the cost of building
        a request)."""
        url = self._url_prefix + str(kwargs["url"]).lstrip("/")
        params = kwargs.get("params")
        if params:
            try:
                query = _query(tuple(params.items()))
            except TypeError:  # a value that is not hashable (a list)
                query = str(httpx2.QueryParams(params))
            url = f"{url}?{query}"
        return self._http.build_request(
            str(kwargs["method"]).upper(), url, headers=kwargs.get("headers")
        )

    def _first_page_request(self, query: ListQuery) -> httpx2.Request:
        kwargs = list_file_attachments._get_kwargs(
            query.entity_id,
            entity_type_pk=_unset(query.entity_type),
            search=_unset(query.search),
            filter_=_unset(query.filter),
            orderby=_unset(query.order_by),
            top=query.page_size,
            api_version=self._api_version,
        )
        return self._request(kwargs)

    def _next_cursor(
        self, response: httpx2.Response, next_link: object
    ) -> str | RefusedNext | None:
        if next_link is None or next_link == "":
            return None
        if not isinstance(next_link, str):
            return RefusedNext(unexpected("envi", response, "@odata.nextLink is not a string"))
        try:
            return str(next_page_url(next_link, self._base_url, response.request.url))
        except NextLinkError as exc:
            return RefusedNext(unexpected("envi", response, f"next link refused: {exc}"))

    def _next_page_request(self, url: str) -> httpx2.Request:
        return self._http.build_request("GET", url, headers={"api-version": self._api_version})

    def _records(
        self, request: httpx2.Request, max_retries: int | None
    ) -> Flow[tuple[httpx2.Response, dict[str, Any], Sequence[object], int | None]]:
        """One page of an OData list: the answer, its body, its records and its count."""
        response = yield Call(request, max_retries=max_retries)
        self._deprecation.check(response)
        body = json_object("envi", response)
        records = body.get("value", MISSING)
        if type(records) is not list:
            raise unexpected("envi", response, "value is missing or not a list")
        total = body.get("@odata.count", MISSING)
        if total is MISSING:
            total_count = None
        elif type(total) is int:
            total_count = total
        else:
            raise unexpected("envi", response, "@odata.count is not an integer")
        return response, body, records, total_count

    def page(self, cursor: Cursor, max_retries: int | None) -> Flow[Page[Attachment, Cursor]]:
        if isinstance(cursor, RefusedNext):
            raise cursor.error  # nothing is sent: the link named no page we may ask for
        if isinstance(cursor, ListQuery):
            request = self._first_page_request(cursor)
        else:
            request = self._next_page_request(cursor)
        response, body, records, total_count = yield from self._records(request, max_retries)
        try:
            entities = EntityCache()
            items = [attachment_from_envi(record, entities) for record in records]
        except (TypeError, ValueError) as exc:
            raise unexpected("envi", response, str(exc)) from exc
        next_cursor = self._next_cursor(response, body.get("@odata.nextLink"))
        return Page(items=items, total_count=total_count, next_cursor=next_cursor)

    def entities_page(
        self, cursor: EntityCursor, max_retries: int | None
    ) -> Flow[Page[UUID, EntityCursor]]:
        """One page of a module list, as the ids of the records that key files."""
        if isinstance(cursor, RefusedNext):
            raise cursor.error
        if isinstance(cursor, EntityQuery):
            query, last = cursor, None
            request = self._request(cursor.kwargs(self._api_version))
        else:
            query, last = cursor.query, cursor.last
            request = self._next_page_request(cursor.url)
        response, body, records, total_count = yield from self._records(request, max_retries)
        try:
            ids = ids_on_page(records, query.entity_set.key, last)
        except (TypeError, ValueError) as exc:
            raise unexpected("envi", response, str(exc)) from exc
        after = ids[-1] if ids else last
        link = self._next_cursor(response, body.get("@odata.nextLink"))
        next_cursor = EntityNext(link, query, after) if isinstance(link, str) else link
        # The count is of rows: for adjustment items, more than the adjustments they name.
        count = total_count if query.entity_set.order_by is None else None
        return Page(items=ids, total_count=count, next_cursor=next_cursor)

    def metadata(self, file_id: object, max_retries: object) -> Flow[Attachment]:
        uuid = arguments.uuid(file_id, "file_id")
        retries = arguments.max_retries(max_retries)
        kwargs = get_file_attachment_metadata._get_kwargs(uuid, api_version=self._api_version)
        response = yield Call(self._request(kwargs), max_retries=retries)
        self._deprecation.check(response)
        record = json_object("envi", response)
        try:
            return attachment_from_envi(record, model=FileAttachmentEntity)
        except (TypeError, ValueError) as exc:
            raise unexpected("envi", response, str(exc)) from exc

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        status = attachment.status
        if status is not None and status.lower() in NO_CONTENT_STATUSES:
            raise errors.ContentUnavailableError(
                f"envi: {attachment.name!r} has no content (status {status})",
                vendor="envi",
                file_id=attachment.id,
                status=status,
            )
        kwargs = get_file_attachment_content._get_kwargs(
            arguments.uuid(attachment.id, "attachment id"), api_version=self._api_version
        )
        # x-attachkit-assumption: the content is asked for with `Accept: */*` (the docs
        # show `Accept: application/json` on JSON calls only, and a file is its own type).
        kwargs["headers"] = {**kwargs.get("headers", {}), "Accept": CONTENT_ACCEPT}
        return ContentSource(flow=streamed(self._request(kwargs), max_retries))
