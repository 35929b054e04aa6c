"""Amili clients: a client's OS files, with their content inline."""

from __future__ import annotations

from typing import Unpack

from ..attachment import Attachment
from ..options import AsyncClientOptions, ClientOptions
from ..pagination import AsyncPaginator, Paginator
from ..vendorkit import (
    AsyncClientBase,
    AsyncTokenProvider,
    ClientSetup,
    SyncClientBase,
    TokenProvider,
    arguments,
)
from .auth import AmiliAuth
from .flows import MAX_FILES, AmiliFlows, FileQuery
from .vendor import AMILI

__all__ = ["MAX_FILES", "AmiliClient", "AsyncAmiliClient", "FileQuery"]


def _setup(base_url: object, token: object, *, asynchronous: bool) -> ClientSetup[AmiliFlows]:
    url = arguments.base_url(base_url, "amili")
    source = arguments.token_source(token, "token", asynchronous=asynchronous)
    auth = AmiliAuth(source, asynchronous=asynchronous)
    return ClientSetup(vendor=AMILI, base_url=url, auth=auth, flows=AmiliFlows)


class AmiliClient(SyncClientBase[AmiliFlows]):
    """Amili ARMrest OS files, synchronously.

    `token` is a JWT, or a callable returning one: the callable is asked again when the
    token's `exp` has passed and after a 401.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | TokenProvider,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(_setup(base_url, token, asynchronous=False), options)

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
        query = FileQuery.of(
            client_no, log_item_id, type, name, reference_no, job_queue_id, document_no,
            serialize, regenerate,
        )  # fmt: skip
        retries = arguments.max_retries(max_retries)
        return Paginator(lambda q: self._flows.page(q, retries), self._runner.run, query)


class AsyncAmiliClient(AsyncClientBase[AmiliFlows]):
    """Amili ARMrest OS files with `async`/`await`; the same methods as `AmiliClient`.

    `token` may also be an `async def` (or a function returning an awaitable)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | AsyncTokenProvider,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        super().__init__(_setup(base_url, token, asynchronous=True), options)

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
        query = FileQuery.of(
            client_no, log_item_id, type, name, reference_no, job_queue_id, document_no,
            serialize, regenerate,
        )  # fmt: skip
        retries = arguments.max_retries(max_retries)
        return AsyncPaginator(lambda q: self._flows.page(q, retries), self._runner.run, query)
