"""Altegio's operations as flows, shared by the sync and async clients."""

from __future__ import annotations

import io
from typing import Any

import attrs
import httpx2

from attachkit_altegio_client.api.client_files import (
    delete_client_file,
    list_client_files,
    upload_client_file,
)
from attachkit_altegio_client.api.clients import search_clients
from attachkit_altegio_client.models import (
    ClientFile,
    ClientFilesResponse,
    ClientFileUpload,
    ClientSearchRequest,
    DeleteResponse,
)
from attachkit_altegio_client.types import UNSET, File

from .. import errors
from ..attachment import Attachment
from ..pagination import Page
from ..vendorkit import (
    MISSING,
    Call,
    ContentSource,
    Flow,
    HttpClient,
    json_body,
    optional_integer,
    parse_model,
    required_integer,
    status_error,
    streamed,
    unexpected,
)
from .convert import attachment_from_altegio
from .links import RefusedLink, WebBase, download_url
from .upload import UploadBody, UploadFile, same_name, with_note
from .vendor import ALTEGIO, envelope_message

__all__ = ["MAX_CLIENTS_PAGE", "AltegioFlows", "ClientRef", "ClientsPage", "upload_body"]

MAX_CLIENTS_PAGE = 200
"""The client search's largest page (the blueprint: "Максимум 200")."""


@attrs.frozen
class ClientRef:
    """One client of one location: what a listing is of."""

    location_id: int
    client_id: int


@attrs.frozen
class ClientsPage:
    """One page of a location's clients to ask for, how many the walk has seen, and the
    first id of the page before (a vendor that ignores `page` sends it again)."""

    location_id: int
    page: int
    page_size: int
    seen: int = 0
    previous_first: int | None = None


def _client_ids(response: httpx2.Response, rows: object) -> list[int]:
    if type(rows) is not list:
        raise unexpected("altegio", response, "`data` is missing or not a list")
    try:
        ids = []
        for row in rows:
            if type(row) is not dict:
                raise TypeError(f"a client is {type(row).__name__}, expected an object")
            ids.append(required_integer(row.get("id", MISSING), "id"))
    except (TypeError, ValueError) as exc:
        raise unexpected("altegio", response, f"a client: {exc}") from exc
    return ids


def _success(response: httpx2.Response, data: Any) -> dict[str, Any]:
    """A 2xx with `success: false` is an error all the same (checked on the decoded JSON,
    before parsing: such answers carry `data: null` where the model wants a list)."""
    if not isinstance(data, dict):
        raise unexpected("altegio", response, f"expected a JSON object, got {type(data).__name__}")
    success = data.get("success")
    if success is True:
        return data
    if success is not False:
        raise unexpected("altegio", response, "`success` is missing or not a boolean")
    message = envelope_message(data)
    request = response.request
    text = f"altegio: HTTP {response.status_code} with success=false for "
    text += f"{request.method} {request.url.path}"
    raise status_error(
        ALTEGIO,
        response,
        vendor_message=message,
        message=f"{text}: {message}" if message else text,
        error_class=errors.APIStatusError,
    )


def upload_body(upload: UploadFile) -> UploadBody:
    """The body of an upload: its part's field name, file name and type as the generated
    code has them (so they follow the spec), framed by `UploadBody` (see its module)."""
    part = File(payload=io.BytesIO(), file_name=upload.name, mime_type=upload.mime_type)
    ((field, (filename, _payload, mime_type, *_headers)),) = ClientFileUpload(
        file=part
    ).to_multipart()
    assert isinstance(filename, str)
    assert isinstance(mime_type, str)
    return UploadBody(upload, field=field, filename=filename, mime_type=mime_type)


def _uploaded(
    response: httpx2.Response, data: dict[str, Any], ref: ClientRef, name: str
) -> Attachment:
    """The new file in the answer's list: of the rows named as the upload, the one with the
    highest id (ids grow, and the client may have older files of the same name)."""
    # The whole answer must parse; only the new file's row must also be a valid file.
    listing = parse_model("altegio", response, ClientFilesResponse.from_dict, data)
    # x-attachkit-assumption: the vendor lists an upload under the name it was sent with,
    # with an id above those of the client's older files (the answer is not documented).
    # `type(...) is int`: a bool is no id.
    rows = [
        (row.id, index)
        for index, row in enumerate(listing.data)
        if isinstance(row.name, str) and same_name(row.name, name) and type(row.id) is int
    ]
    if not rows:
        count = len(listing.data)
        raise unexpected("altegio", response, f"none of the {count} files listed is {name!r}")
    _, index = max(rows, key=lambda row: row[0])
    try:
        return attachment_from_altegio(data["data"][index], ref.client_id)
    except (TypeError, ValueError) as exc:
        raise unexpected("altegio", response, str(exc)) from exc


class AltegioFlows:
    def __init__(self, http: HttpClient, base_url: httpx2.URL, web_base_url: str | None) -> None:
        self._http = http
        self._web_base = None if web_base_url is None else WebBase.parse(web_base_url)

    def page(self, ref: ClientRef, max_retries: int | None) -> Flow[Page[Attachment, ClientRef]]:
        kwargs = list_client_files._get_kwargs(ref.location_id, ref.client_id)
        request = self._http.build_request("GET", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = _success(response, json_body("altegio", response))
        files = data.get("data")
        if type(files) is not list:
            raise unexpected("altegio", response, "`data` is missing or not a list")
        meta = data.get("meta", MISSING)
        # The vendor sends `meta: []` where it has nothing to say.
        if type(meta) is not dict and meta != [] and meta is not MISSING:
            raise unexpected("altegio", response, "`meta` is not an object")
        try:
            items = [attachment_from_altegio(file, ref.client_id) for file in files]
        except (TypeError, ValueError) as exc:
            raise unexpected("altegio", response, str(exc)) from exc
        count = meta.get("count") if type(meta) is dict else None
        total = count if type(count) is int else len(items)
        return Page(items=items, total_count=total, next_cursor=None)

    def clients(self, cursor: ClientsPage, max_retries: int | None) -> Flow[Page[int, ClientsPage]]:
        """One page of a location's client ids, in the order of their ids."""
        body = ClientSearchRequest(
            page=cursor.page,
            page_size=cursor.page_size,
            fields=["id"],
            order_by="id",
            order_by_direction=UNSET,
            operation=UNSET,
        )
        kwargs = search_clients._get_kwargs(cursor.location_id, body=body)
        request = self._http.build_request("POST", kwargs["url"], json=kwargs["json"])
        # A search changes nothing: retried like a read, although it is a POST.
        response = yield Call(request, max_retries=max_retries, idempotent=True)
        data = _success(response, json_body("altegio", response))
        ids = _client_ids(response, data.get("data", MISSING))
        meta = data.get("meta", MISSING)
        if type(meta) is not dict and meta != [] and meta is not MISSING:
            raise unexpected("altegio", response, "`meta` is not an object")
        try:
            total = optional_integer(
                meta.get("total_count") if type(meta) is dict else None, "total_count"
            )
        except TypeError as exc:
            raise unexpected("altegio", response, str(exc)) from exc
        if ids and ids[0] == cursor.previous_first:
            raise unexpected("altegio", response, f"page {cursor.page} repeats the page before")
        seen = cursor.seen + len(ids)
        # Go on while the page was not empty and the count (or a full page) says more remain.
        more = bool(ids) and (seen < total if total is not None else len(ids) >= cursor.page_size)
        following = None
        if more:
            following = attrs.evolve(cursor, page=cursor.page + 1, seen=seen, previous_first=ids[0])
        return Page(items=ids, total_count=total, next_cursor=following)

    def delete(
        self, location_id: int, client_id: int, file_id: int, max_retries: int | None
    ) -> Flow[None]:
        kwargs = delete_client_file._get_kwargs(location_id, client_id, file_id)
        request = self._http.build_request("DELETE", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("altegio", response)
        _success(response, data)
        parse_model("altegio", response, DeleteResponse.from_dict, data)

    def upload(self, ref: ClientRef, body: UploadBody) -> Flow[Attachment]:
        """Never retried (`max_retries=0`): a POST that may have reached the vendor may have
        stored the file. An answer that cannot be read says the file was probably stored."""
        # x-attachkit-assumption: a 401 stored nothing, so the login flow may send the upload
        # once more with a new user token (as it does every request refused with a 401).
        kwargs = upload_client_file._get_kwargs(
            ref.location_id, ref.client_id, body=ClientFileUpload(file=File(io.BytesIO()))
        )
        content = body if isinstance(self._http, httpx2.Client) else body.async_iterable()
        request = self._http.build_request(
            "POST", kwargs["url"], content=content, headers=body.headers
        )
        response = yield Call(request, max_retries=0)
        try:
            data = json_body("altegio", response)
            _success(response, data)
            return _uploaded(response, data, ref, body.upload.name)
        except errors.UnexpectedResponseError as exc:
            note = (
                f"the upload was answered with HTTP {response.status_code}, so the file was "
                "probably stored: check list_files before uploading it again"
            )
            raise with_note(exc, note) from exc

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        raw = attachment.raw
        if not isinstance(raw, ClientFile):
            raise TypeError("not an Altegio attachment from list_files")
        try:
            url = download_url(raw.link, raw.full_link, self._web_base)
        except RefusedLink as exc:
            raise errors.UnexpectedResponseError(
                f"altegio: file {attachment.id} has no usable link: {exc}; nothing was sent",
                vendor="altegio",
            ) from None
        if url is None:
            raise errors.AttachkitError(
                f"altegio: file {attachment.id} has no full_link, and its link is a path on "
                "the web application, whose host the vendor does not document: set "
                "web_base_url to download it"
            )
        return ContentSource(flow=streamed(self._http.build_request("GET", url), max_retries))
