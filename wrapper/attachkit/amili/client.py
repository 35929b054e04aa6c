"""Amili clients: a client's OS files, with their content inline."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from types import FrameType
from typing import Unpack

import httpx

from attachkit_amili_client.api.files import get_files
from attachkit_amili_client.models import FilesResponse, OsFile
from attachkit_amili_client.types import UNSET, Unset

from .. import errors
from ..attachment import Attachment
from ..base import AsyncClientBase, ContentSource, SyncClientBase, decode_base64
from ..decoding import json_body, parse_model, unexpected
from ..options import AsyncClientOptions, ClientOptions, check_base_url
from ..pagination import AsyncPaginator, Page, Paginator
from ..runner import Call, Flow
from .auth import AmiliAuth
from .convert import attachment_from_amili
from .vendor import AMILI

__all__ = ["MAX_FILES", "AmiliClient", "AsyncAmiliClient", "FileQuery"]

MAX_FILES = 10
"""Amili returns at most this many files per call, and does not page."""


class FileQuery:
    """The eight filters of `GET /clients/{clientno}/files`, checked for type."""

    def __init__(
        self,
        client_no: int,
        *,
        log_item_id: int | None,
        type: str | None,
        name: str | None,
        reference_no: int | None,
        job_queue_id: int | None,
        document_no: str | None,
        serialize: str | None,
        regenerate: bool | None,
    ) -> None:
        self.client_no = _integer(client_no, "client_no", required=True)
        self.kwargs: dict[str, int | str | bool | Unset] = {
            "logitemid": _integer(log_item_id, "log_item_id"),
            "type_": _text(type, "type"),
            "name": _text(name, "name"),
            "referenceno": _integer(reference_no, "reference_no"),
            "jobqueueid": _integer(job_queue_id, "job_queue_id"),
            "documentno": _text(document_no, "document_no"),
            "serialize": _text(serialize, "serialize"),
            "regenerate": _boolean(regenerate, "regenerate"),
        }


def _integer(value: object, what: str, required: bool = False) -> int | Unset:
    if value is None and not required:
        return UNSET
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def _text(value: object, what: str) -> str | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {type(value).__name__}")
    return value


def _boolean(value: object, what: str) -> bool | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, bool):
        raise TypeError(f"{what} must be a bool, not {type(value).__name__}")
    return value


def _caller_stacklevel() -> int:
    """The `stacklevel` that points a warning at the first frame outside attachkit: the
    caller's `for` loop, however many paginator and runner frames lie in between."""
    frame = sys._getframe(1)  # the frame that warns: stacklevel 1
    level = 1
    while frame.f_back is not None and _inside_attachkit(frame):
        frame = frame.f_back
        level += 1
    return level


def _inside_attachkit(frame: FrameType) -> bool:
    module = frame.f_globals.get("__name__")
    return isinstance(module, str) and (module == "attachkit" or module.startswith("attachkit."))


class _AmiliFlows:
    def __init__(self, http: httpx.Client | httpx.AsyncClient) -> None:
        self._http = http

    def page(self, query: object, max_retries: int | None) -> Flow[Page[Attachment]]:
        assert isinstance(query, FileQuery)
        kwargs = get_files._get_kwargs(query.client_no, **query.kwargs)  # type: ignore[arg-type]
        request = self._http.build_request("GET", kwargs["url"], params=kwargs["params"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("amili", response)
        if isinstance(data, dict) and not isinstance(data.get("files"), list):
            # The generated parser would iterate an object's keys, or accept `{}`.
            raise unexpected("amili", response, "`files` is missing or not a list")
        body = parse_model("amili", response, FilesResponse.from_dict, data)
        try:
            items = [attachment_from_amili(file) for file in body.files]
            total = body.summary.total_count
            if isinstance(total, bool) or not isinstance(total, int):
                raise TypeError("summary.totalCount is not an integer")
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise unexpected("amili", response, str(exc)) from exc
        truncated = total > len(items)
        if truncated:
            warnings.warn(
                f"amili: {total} files matched but {len(items)} were returned (the vendor "
                f"returns at most {MAX_FILES}); narrow the query to get the rest",
                errors.TruncatedResultWarning,
                stacklevel=_caller_stacklevel(),
            )
        return Page(items=items, total_count=total, next_cursor=None, truncated=truncated)


def _content(attachment: Attachment) -> ContentSource:
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


def _check_client_no(value: object) -> int:
    result = _integer(value, "client_no", required=True)
    assert isinstance(result, int)
    return result


class AmiliClient(SyncClientBase):
    """Amili ARMrest OS files, synchronously.

    `token` is a JWT, or a callable returning one: the callable is asked again when the
    token's `exp` has passed and after a 401.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | Callable[[], str],
        **options: Unpack[ClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "amili")
        super().__init__(vendor=AMILI, base_url=base_url, auth=AmiliAuth(token), options=options)
        self._flows = _AmiliFlows(self._http)

    def list_files(
        self,
        client_no: int,
        *,
        log_item_id: int | None = None,
        type: str | None = None,
        name: str | None = None,
        reference_no: int | None = None,
        job_queue_id: int | None = None,
        document_no: str | None = None,
        serialize: str | None = None,
        regenerate: bool | None = None,
        max_retries: int | None = None,
    ) -> Paginator[Attachment]:
        """The client's files matching every filter given (at most 10: see `.truncated`
        and `.total_count`, and the `TruncatedResultWarning`)."""
        query = FileQuery(
            _check_client_no(client_no),
            log_item_id=log_item_id,
            type=type,
            name=name,
            reference_no=reference_no,
            job_queue_id=job_queue_id,
            document_no=document_no,
            serialize=serialize,
            regenerate=regenerate,
        )
        return Paginator(lambda q: self._flows.page(q, max_retries), self._runner.run, query)

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return _content(attachment)


class AsyncAmiliClient(AsyncClientBase):
    """Amili ARMrest OS files with `async`/`await`; the same methods as `AmiliClient`."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | Callable[[], str],
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "amili")
        super().__init__(vendor=AMILI, base_url=base_url, auth=AmiliAuth(token), options=options)
        self._flows = _AmiliFlows(self._http)

    def list_files(
        self,
        client_no: int,
        *,
        log_item_id: int | None = None,
        type: str | None = None,
        name: str | None = None,
        reference_no: int | None = None,
        job_queue_id: int | None = None,
        document_no: str | None = None,
        serialize: str | None = None,
        regenerate: bool | None = None,
        max_retries: int | None = None,
    ) -> AsyncPaginator[Attachment]:
        """As `AmiliClient.list_files`; iterate with `async for`."""
        query = FileQuery(
            _check_client_no(client_no),
            log_item_id=log_item_id,
            type=type,
            name=name,
            reference_no=reference_no,
            job_queue_id=job_queue_id,
            document_no=document_no,
            serialize=serialize,
            regenerate=regenerate,
        )
        return AsyncPaginator(lambda q: self._flows.page(q, max_retries), self._runner.run, query)

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return _content(attachment)
