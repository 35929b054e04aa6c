"""Acme clients: an entity's files, a page at a time, and their bytes."""

from __future__ import annotations

from collections.abc import Generator
from typing import Unpack

import httpx2

from attachkit import Attachment
from attachkit.options import AsyncClientOptions, ClientOptions
from attachkit.pagination import AsyncPaginator, Paginator
from attachkit.vendorkit import AsyncClientBase, ClientSetup, SyncClientBase, arguments

from .flows import AcmeFlows, Cursor
from .vendor import ACME

__all__ = ["AcmeClient", "AsyncAcmeClient"]


class TokenAuth(httpx2.Auth):
    """`Authorization: Token <token>` on every request."""

    def __init__(self, token: str) -> None:
        self._header = f"Token {token}"

    def auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


def _setup(base_url: object, token: object) -> ClientSetup[AcmeFlows]:
    url = arguments.base_url(base_url, "acme")
    auth = TokenAuth(arguments.text(token, "token"))
    return ClientSetup(vendor=ACME, base_url=url, auth=auth, flows=AcmeFlows)


def _entity(value: object) -> Cursor:
    entity = arguments.text(value, "entity")
    if not entity.isalnum():
        raise ValueError(f"an Acme entity is letters and digits, not {entity!r}")
    return Cursor(entity)


class AcmeClient(SyncClientBase[AcmeFlows]):
    def __init__(self, base_url: str, *, token: str, **options: Unpack[ClientOptions]) -> None:
        super().__init__(_setup(base_url, token), options)

    def list_files(self, entity: str, *, max_retries: int | None = None) -> Paginator[Attachment]:
        cursor, retries = _entity(entity), arguments.max_retries(max_retries)
        return Paginator(lambda c: self._flows.page(c, retries), self._runner.run, cursor)


class AsyncAcmeClient(AsyncClientBase[AcmeFlows]):
    def __init__(self, base_url: str, *, token: str, **options: Unpack[AsyncClientOptions]) -> None:
        super().__init__(_setup(base_url, token), options)

    def list_files(
        self, entity: str, *, max_retries: int | None = None
    ) -> AsyncPaginator[Attachment]:
        cursor, retries = _entity(entity), arguments.max_retries(max_retries)
        return AsyncPaginator(lambda c: self._flows.page(c, retries), self._runner.run, cursor)
