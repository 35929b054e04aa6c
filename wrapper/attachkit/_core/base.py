"""What every vendor client shares: the httpx2 client, the runner, downloads and saving.

A vendor client supplies its `Vendor` profile and, per attachment, a `ContentSource`: the
bytes themselves (for a vendor that sends them inline) or a flow that opens a streamed response.
Every download is held to its listing on the way (`delivery.DeliveryCheck`).
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

import anyio
import attrs
import httpx2

from .. import errors
from ..attachment import Attachment
from ..options import AsyncClientOptions, ClientOptions
from ..retry import RetryPolicy
from . import arguments, http_objects, logs
from .delivery import DeliveryCheck, achecked, checked
from .filenames import attachment_filename
from .pacing import Pacer
from .redaction import Redactor
from .runner import AsyncRunner, Call, Flow, SyncRunner, Vendor
from .saving import async_save_chunks, save_chunks

__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncClientBase",
    "ClientSetup",
    "ContentSource",
    "HttpClient",
    "SyncClientBase",
    "VendorFlows",
    "decode_base64",
    "make_timeout",
]

DEFAULT_TIMEOUT = httpx2.Timeout(60.0, connect=10.0)
CHUNK_SIZE = 1024 * 1024
TimeoutTypes = float | httpx2.Timeout | None


def make_timeout(timeout: TimeoutTypes) -> httpx2.Timeout:
    """Connect, read, write and pool timeouts; a number sets all four."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx2.Timeout):
        return timeout
    http_objects.refuse_old_package(timeout, "timeout", "httpx2.Timeout or a number of seconds")
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return httpx2.Timeout(float(timeout))


def make_retry(retry: object, max_retries: object) -> RetryPolicy:
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise TypeError(f"retry must be a RetryPolicy, not {type(retry).__name__}")
    policy = retry or RetryPolicy()
    retries = arguments.max_retries(max_retries)
    if retries is not None:
        policy = attrs.evolve(policy, max_retries=retries)
    return policy


@attrs.frozen
class ContentSource:
    """Either the bytes (`inline`) or a flow that returns a streamed response (`flow`)."""

    inline: bytes | None = None
    flow: Flow[httpx2.Response] | None = None


def decode_base64(vendor: str, attachment: Attachment, encoded: str) -> bytes:
    """Strict base64 (no stray characters); failures are the vendor's fault."""
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise errors.UnexpectedResponseError(
            f"{vendor}: content of {attachment.name!r} is not valid base64", vendor=vendor
        ) from exc


def _chunks(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _stream_error(
    vendor: Vendor, redactor: Redactor, response: httpx2.Response, exc: httpx2.HTTPError
) -> errors.APIError:
    request = response.request
    error = errors.APIConnectionError(
        f"{vendor.name}: download broke off on {request.method} {request.url.path}: "
        f"{type(exc).__name__}",
        vendor=vendor.name,
        method=request.method,
        url=str(request.url),
    )
    redactor.scrub(error, request)
    return error


def _check_attachment(attachment: object) -> Attachment:
    if not isinstance(attachment, Attachment):
        raise TypeError(f"expected an attachkit Attachment, got {type(attachment).__name__}")
    return attachment


class VendorFlows(Protocol):
    """A vendor's operations as flows; the client bases need only how content is had."""

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource: ...


FlowsT = TypeVar("FlowsT", bound=VendorFlows)
HttpClient = httpx2.Client | httpx2.AsyncClient
"""The httpx2 client a flow builds its requests with (either kind)."""


@attrs.frozen(kw_only=True)
class ClientSetup(Generic[FlowsT]):
    """What a vendor gives its sync and async clients alike: its profile, base URL, auth,
    fixed headers, pacer, and how its flows are made from the httpx2 client."""

    vendor: Vendor
    base_url: str
    auth: httpx2.Auth | None
    flows: Callable[[HttpClient, httpx2.URL], FlowsT]
    headers: Mapping[str, str] | None = None
    pacer: Pacer | None = None


class _ClientCommon(Generic[FlowsT]):
    """What the sync and async bases share; each opens its own kind of httpx2 client and
    runner from the settings `_prepare` gives it."""

    _flows: FlowsT
    _redactor: Redactor

    def _prepare(
        self, setup: ClientSetup[FlowsT], options: ClientOptions | AsyncClientOptions
    ) -> tuple[dict[str, Any], RetryPolicy]:
        """The httpx2 client settings and retry policy; sets the vendor, base URL and the
        redactor that knows the client's secrets."""
        self.vendor = setup.vendor
        self._base_url = httpx2.URL(setup.base_url)
        headers = {**(setup.headers or {}), **(options.get("headers") or {})}
        self._redactor = Redactor.for_client(setup.auth, headers)
        settings: dict[str, Any] = {
            "base_url": setup.base_url,
            "auth": setup.auth,
            "headers": headers,
            "timeout": make_timeout(options.get("timeout")),
            "follow_redirects": False,
        }
        return settings, make_retry(options.get("retry"), options.get("max_retries"))

    def _check_vendor(self, attachment: object) -> Attachment:
        checked = _check_attachment(attachment)
        if checked.vendor != self.vendor.name:
            raise ValueError(f"{checked.vendor} attachment passed to the {self.vendor.name} client")
        return checked

    def _content(
        self, attachment: object, max_retries: object
    ) -> tuple[ContentSource, DeliveryCheck]:
        """Where the attachment's bytes come from, and the check they are held to."""
        listed = self._check_vendor(attachment)
        try:
            source = self._flows.content(listed, arguments.max_retries(max_retries))
            size = self.vendor.listed_size(listed)
        except errors.AttachkitError as error:
            self._redactor.scrub(error)
            raise
        check = DeliveryCheck(
            listed, size, hint=self.vendor.web_page_hint, scrub=self._redactor.scrub
        )
        return source, check

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self._base_url)!r})"


class SyncClientBase(_ClientCommon[FlowsT]):
    _http: httpx2.Client
    _runner: SyncRunner

    def __init__(self, setup: ClientSetup[FlowsT], options: ClientOptions) -> None:
        settings, retry = self._prepare(setup, options)
        transport = http_objects.sync_transport(options.get("transport"))
        self._http = httpx2.Client(transport=transport, **settings)
        logs.redact_records()  # the HTTP library's loggers made since (its transport's)
        sleep = options.get("sleep") or time.sleep
        self._runner = SyncRunner(
            self._http, self.vendor, retry, sleep=sleep, pacer=setup.pacer, redactor=self._redactor
        )
        self._flows = setup.flows(self._http, self._base_url)

    def close(self) -> None:
        """Closes the connection pool. The client is unusable afterwards."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def open(
        self,
        attachment: Attachment,
        *,
        chunk_size: int = CHUNK_SIZE,
        max_retries: int | None = None,
    ) -> Iterator[Iterator[bytes]]:
        """Streams a file: `with client.open(att) as chunks: for chunk in chunks: ...`.

        The stream is held to the listing: a web page in place of the file raises
        `errors.WebPageError` before the first chunk, a body of a size the listing does not
        allow `errors.SizeMismatchError` (when it grows too large, or at its end)."""
        source, check = self._content(attachment, max_retries)
        if source.inline is not None:
            yield checked(_chunks(source.inline, chunk_size), check)
            return
        assert source.flow is not None
        response = self._runner.run(source.flow)
        try:
            check.answered(response)
            yield self._iter_response(response, chunk_size, check)
        finally:
            response.close()

    def _iter_response(
        self, response: httpx2.Response, chunk_size: int, check: DeliveryCheck
    ) -> Iterator[bytes]:
        # As `delivery.checked`, in the one loop that also maps a broken stream.
        try:
            for chunk in response.iter_bytes(chunk_size):
                yield from check.take(chunk)
        except httpx2.HTTPError as exc:
            raise _stream_error(self.vendor, self._redactor, response, exc) from exc
        yield from check.rest()
        check.end()

    def download(self, attachment: Attachment, *, max_retries: int | None = None) -> bytes:
        """The whole file in memory, held to its listing as `open` says. Use `save` or
        `open` for large files."""
        with self.open(attachment, max_retries=max_retries) as chunks:
            return b"".join(chunks)

    def save(
        self,
        attachment: Attachment,
        directory: str | PathLike[str],
        *,
        filename: str | None = None,
        overwrite: bool = False,
        max_retries: int | None = None,
    ) -> Path:
        """Streams the file into `directory` under a safe version of its name and returns
        the path. An existing file is kept (the new one is numbered) unless `overwrite`.
        A download that is not the listed file (see `open`) raises, and leaves nothing."""
        attachment = self._check_vendor(attachment)
        name = attachment_filename(attachment, filename)
        with self.open(attachment, max_retries=max_retries) as chunks:
            return save_chunks(chunks, Path(directory), name, overwrite)


class AsyncClientBase(_ClientCommon[FlowsT]):
    _http: httpx2.AsyncClient
    _runner: AsyncRunner

    def __init__(self, setup: ClientSetup[FlowsT], options: AsyncClientOptions) -> None:
        settings, retry = self._prepare(setup, options)
        transport = http_objects.async_transport(options.get("transport"))
        self._http = httpx2.AsyncClient(transport=transport, **settings)
        logs.redact_records()  # the HTTP library's loggers made since (its transport's)
        sleep = options.get("sleep") or anyio.sleep
        self._runner = AsyncRunner(
            self._http, self.vendor, retry, sleep=sleep, pacer=setup.pacer, redactor=self._redactor
        )
        self._flows = setup.flows(self._http, self._base_url)

    async def aclose(self) -> None:
        """Closes the connection pool. The client is unusable afterwards."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    @asynccontextmanager
    async def open(
        self,
        attachment: Attachment,
        *,
        chunk_size: int = CHUNK_SIZE,
        max_retries: int | None = None,
    ) -> AsyncIterator[AsyncIterator[bytes]]:
        """Streams a file: `async with client.open(att) as chunks: async for chunk in chunks`.
        Held to the listing as `SyncClientBase.open` is."""
        source, check = self._content(attachment, max_retries)
        if source.inline is not None:
            yield achecked(_async_chunks(source.inline, chunk_size), check)
            return
        assert source.flow is not None
        response = await self._runner.run(source.flow)
        try:
            check.answered(response)
            yield self._iter_response(response, chunk_size, check)
        finally:
            await response.aclose()

    async def _iter_response(
        self, response: httpx2.Response, chunk_size: int, check: DeliveryCheck
    ) -> AsyncIterator[bytes]:
        # As `delivery.achecked`, in the one loop that also maps a broken stream.
        try:
            async for chunk in response.aiter_bytes(chunk_size):
                for part in check.take(chunk):
                    yield part
        except httpx2.HTTPError as exc:
            raise _stream_error(self.vendor, self._redactor, response, exc) from exc
        for part in check.rest():
            yield part
        check.end()

    async def download(self, attachment: Attachment, *, max_retries: int | None = None) -> bytes:
        """The whole file in memory, held to its listing as `open` says. Use `save` or
        `open` for large files."""
        async with self.open(attachment, max_retries=max_retries) as chunks:
            return b"".join([chunk async for chunk in chunks])

    async def save(
        self,
        attachment: Attachment,
        directory: str | PathLike[str],
        *,
        filename: str | None = None,
        overwrite: bool = False,
        max_retries: int | None = None,
    ) -> Path:
        """Streams the file into `directory` under a safe version of its name and returns
        the path. An existing file is kept (the new one is numbered) unless `overwrite`.
        A download that is not the listed file (see `open`) raises, and leaves nothing."""
        attachment = self._check_vendor(attachment)
        name = attachment_filename(attachment, filename)
        async with self.open(attachment, max_retries=max_retries) as chunks:
            return await async_save_chunks(chunks, Path(directory), name, overwrite)


async def _async_chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for chunk in _chunks(data, size):
        yield chunk


def streamed(request: httpx2.Request, max_retries: int | None) -> Flow[httpx2.Response]:
    """A flow of one streamed call that returns the open response."""
    response = yield Call(request, stream=True, max_retries=max_retries)
    return response
