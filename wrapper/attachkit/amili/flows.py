"""Amili's operation as a flow, shared by the sync and async clients."""

from __future__ import annotations

import warnings

import attrs
import httpx2

from attachkit_amili_client.api.files import get_files
from attachkit_amili_client.models import OsFile
from attachkit_amili_client.types import UNSET

from .. import errors
from .._core.callers import stacklevel_outside_attachkit
from ..attachment import Attachment
from ..logs import vendor_logger
from ..pagination import Page
from ..vendorkit import (
    Call,
    ContentSource,
    Flow,
    HttpClient,
    arguments,
    decode_base64,
    json_object,
    unexpected,
)
from .convert import attachment_from_amili

__all__ = ["MAX_FILES", "AmiliFlows", "FileQuery"]

_LOG = vendor_logger("amili")

MAX_FILES = 10
"""Amili returns at most this many files per call, and does not page."""


# The spec's int64 (x-attachkit-assumption): a wider number would only earn a 400.
_INT64 = {"minimum": arguments.INT64_MIN, "maximum": arguments.INT64_MAX}


def _unset(value: object) -> object:
    return UNSET if value is None else value


@attrs.frozen(kw_only=True)
class FileQuery:
    """The eight filters of `GET /clients/{clientno}/files`, checked."""

    client_no: int
    log_item_id: int | None = None
    type: str | None = None
    name: str | None = None
    reference_no: int | None = None
    job_queue_id: int | None = None
    document_no: str | None = None
    serialize: str | None = None
    regenerate: bool | None = None

    @classmethod
    def of(
        cls,
        client_no: object,
        log_item_id: object,
        type: object,
        name: object,
        reference_no: object,
        job_queue_id: object,
        document_no: object,
        serialize: object,
        regenerate: object,
    ) -> FileQuery:
        return cls(
            client_no=arguments.integer(client_no, "client_no", **_INT64),
            log_item_id=arguments.optional_integer(log_item_id, "log_item_id", **_INT64),
            type=arguments.optional_text(type, "type"),
            name=arguments.optional_text(name, "name"),
            reference_no=arguments.optional_integer(reference_no, "reference_no", **_INT64),
            job_queue_id=arguments.optional_integer(job_queue_id, "job_queue_id", **_INT64),
            document_no=arguments.optional_text(document_no, "document_no"),
            serialize=arguments.optional_text(serialize, "serialize"),
            regenerate=arguments.optional_bool(regenerate, "regenerate"),
        )

    def request_kwargs(self) -> dict[str, object]:
        """The generated operation's keyword arguments (the vendor's lower-case names)."""
        return {
            "logitemid": _unset(self.log_item_id),
            "type_": _unset(self.type),
            "name": _unset(self.name),
            "referenceno": _unset(self.reference_no),
            "jobqueueid": _unset(self.job_queue_id),
            "documentno": _unset(self.document_no),
            "serialize": _unset(self.serialize),
            "regenerate": _unset(self.regenerate),
        }


class AmiliFlows:
    def __init__(self, http: HttpClient, base_url: httpx2.URL) -> None:
        self._http = http

    def page(self, query: FileQuery, max_retries: int | None) -> Flow[Page[Attachment, FileQuery]]:
        kwargs = get_files._get_kwargs(query.client_no, **query.request_kwargs())  # type: ignore[arg-type]
        request = self._http.build_request("GET", kwargs["url"], params=kwargs["params"])
        response = yield Call(request, max_retries=max_retries)
        body = json_object("amili", response)
        files = body.get("files")
        if type(files) is not list:
            # A `files` object would pass as its keys, or `{}` as no files at all.
            raise unexpected("amili", response, "`files` is missing or not a list")
        summary = body.get("summary")
        if type(summary) is not dict or "maximumCount" not in summary:
            problem = "`summary` is missing, not an object, or without maximumCount"
            raise unexpected("amili", response, problem)
        try:
            items = [attachment_from_amili(file) for file in files]
        except (TypeError, ValueError) as exc:
            raise unexpected("amili", response, str(exc)) from exc
        total = summary.get("totalCount")
        if type(total) is not int:
            raise unexpected("amili", response, "summary.totalCount is not an integer")
        truncated = total > len(items)
        if truncated:
            message = (
                f"amili: {total} files matched but {len(items)} were returned (the vendor "
                f"returns at most {MAX_FILES}); narrow the query to get the rest"
            )
            _LOG.warning("%s", message)
            warnings.warn(
                message, errors.TruncatedResultWarning, stacklevel=stacklevel_outside_attachkit()
            )
        return Page(items=items, total_count=total, next_cursor=None, truncated=truncated)

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        raw = attachment.raw
        if not isinstance(raw, OsFile) or not isinstance(raw.content, str):
            raise TypeError("not an Amili attachment from list_files")
        if not raw.content:
            raise errors.ContentUnavailableError(
                f"amili: {attachment.name!r} was delivered without content",
                vendor="amili",
                file_id=attachment.id,
                status=None,
            )
        return ContentSource(inline=decode_base64("amili", attachment, raw.content))
