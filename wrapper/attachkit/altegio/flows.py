"""Altegio's operations as flows, shared by the sync and async clients."""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from attachkit_altegio_client.api.client_files import delete_client_file, list_client_files
from attachkit_altegio_client.models import ClientFile, ClientFilesResponse, DeleteResponse

from .. import errors
from ..attachment import Attachment
from ..base import ContentSource, HttpClient, streamed
from ..decoding import json_body, parse_model, unexpected
from ..pagination import Page
from ..runner import Call, Flow
from ..status import status_error
from .convert import attachment_from_altegio
from .vendor import ALTEGIO, envelope_message

__all__ = ["AltegioFlows", "ClientRef"]


@attrs.frozen
class ClientRef:
    """One client of one location: what a listing is of."""

    location_id: int
    client_id: int


def _success(response: httpx.Response, data: Any) -> None:
    """A 2xx with `success: false` is an error all the same (checked on the decoded JSON,
    before parsing: such answers carry `data: null` where the model wants a list)."""
    if not isinstance(data, dict):
        raise unexpected("altegio", response, f"expected a JSON object, got {type(data).__name__}")
    success = data.get("success")
    if success is True:
        return
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


class AltegioFlows:
    def __init__(self, http: HttpClient, base_url: httpx.URL, web_base_url: str | None) -> None:
        self._http = http
        self._web_base_url = web_base_url

    def page(self, ref: ClientRef, max_retries: int | None) -> Flow[Page[Attachment, ClientRef]]:
        kwargs = list_client_files._get_kwargs(ref.location_id, ref.client_id)
        request = self._http.build_request("GET", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("altegio", response)
        _success(response, data)
        body = parse_model("altegio", response, ClientFilesResponse.from_dict, data)
        try:
            items = [attachment_from_altegio(file) for file in body.data]
        except (TypeError, ValueError) as exc:
            raise unexpected("altegio", response, str(exc)) from exc
        count = getattr(body.meta, "count", None)
        total = count if isinstance(count, int) and not isinstance(count, bool) else len(items)
        return Page(items=items, total_count=total, next_cursor=None)

    def delete(
        self, location_id: int, client_id: int, file_id: int, max_retries: int | None
    ) -> Flow[None]:
        kwargs = delete_client_file._get_kwargs(location_id, client_id, file_id)
        request = self._http.build_request("DELETE", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("altegio", response)
        _success(response, data)
        parse_model("altegio", response, DeleteResponse.from_dict, data)

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        raw = attachment.raw
        if not isinstance(raw, ClientFile):
            raise TypeError("not an Altegio attachment from list_files")
        link = raw.link
        if self._web_base_url is None:
            raise errors.AttachkitError(
                "altegio: downloads need web_base_url: file links are paths on the web "
                "application, whose host the vendor does not document"
            )
        if not isinstance(link, str) or not link.startswith("/") or link.startswith("//"):
            # Only a path on the configured web host: the tokens must not go elsewhere.
            raise errors.UnexpectedResponseError(
                f"altegio: file {attachment.id} has no usable link: {link!r}", vendor="altegio"
            )
        url = self._web_base_url + link
        return ContentSource(flow=streamed(self._http.build_request("GET", url), max_retries))
