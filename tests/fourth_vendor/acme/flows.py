"""Acme's operations as flows, shared by the sync and async clients: a page of an entity's
files, and a file's bytes."""

from __future__ import annotations

import attrs
import httpx2

from attachkit import Attachment
from attachkit.pagination import Page
from attachkit.vendorkit import (
    Call,
    ContentSource,
    Flow,
    HttpClient,
    json_object,
    streamed,
    unexpected,
)

from ..generated.attachkit_acme_client.api.files import get_file_content, list_entity_files
from .convert import attachment_from_acme

__all__ = ["AcmeFlows", "Cursor"]


@attrs.frozen
class Cursor:
    """Which page of which entity comes next."""

    entity: str
    page: int = 1


class AcmeFlows:
    def __init__(self, http: HttpClient, base_url: httpx2.URL) -> None:
        self._http = http

    def page(self, cursor: Cursor, max_retries: int | None) -> Flow[Page[Attachment, Cursor]]:
        kwargs = list_entity_files._get_kwargs(cursor.entity, page=cursor.page)
        request = self._http.build_request("GET", kwargs["url"], params=kwargs["params"])
        response = yield Call(request, max_retries=max_retries)
        body = json_object("acme", response)
        files, total, following = body.get("files"), body.get("total"), body.get("next_page")
        if type(files) is not list or type(total) is not int:
            raise unexpected("acme", response, "`files` or `total` is missing or of another type")
        if following is not None and type(following) is not int:
            raise unexpected("acme", response, "`next_page` is neither a page nor null")
        try:
            items = [attachment_from_acme(row, cursor.entity) for row in files]
        except (TypeError, ValueError) as exc:
            raise unexpected("acme", response, str(exc)) from exc
        after = None if following is None else Cursor(cursor.entity, following)
        return Page(items=items, total_count=total, next_cursor=after)

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        kwargs = get_file_content._get_kwargs(attachment.id)
        request = self._http.build_request("GET", kwargs["url"])
        return ContentSource(flow=streamed(request, max_retries))
