"""A small fourth vendor, "acme", built the way CONTRIBUTING.md says, to prove that adding
a vendor needs no change to attachkit's shared modules.

Acme's API (spec-shaped, served by `acme_transport`):
    GET /entities/{entity}/files?page=N  ->  {"files": [{id, name, size}], "total": T,
                                              "next_page": N+1 or null}
    GET /files/{id}/content              ->  the bytes
Every request needs `Authorization: Token <token>`.
"""

from __future__ import annotations

import argparse
from collections.abc import Generator, Mapping
from typing import Unpack

import attrs
import httpx2

from attachkit._core import arguments
from attachkit._core.base import (
    AsyncClientBase,
    ClientSetup,
    ContentSource,
    HttpClient,
    SyncClientBase,
    streamed,
)
from attachkit._core.decoding import json_body, unexpected
from attachkit._core.runner import Call, Flow
from attachkit._core.status import Vendor
from attachkit.attachment import Attachment, EntityRef
from attachkit.descriptor import (
    CommandLine,
    ExportListing,
    Setting,
    Settings,
    VendorDescriptor,
    refuse_options,
)
from attachkit.options import AsyncClientOptions, ClientOptions
from attachkit.pagination import AsyncPaginator, Page, Paginator

TOKEN = "acme-secret-token"
FILES: dict[str, list[tuple[str, bytes]]] = {
    "e1": [("invoice.pdf", b"%PDF-1.4 acme"), ("scan.png", b"\x89PNG acme"), ("notes.txt", b"hi")],
    "e2": [("contract.pdf", b"%PDF-1.7 contract")],
}
PAGE_SIZE = 2


def _message(body: object) -> str | None:
    return body.get("error") if isinstance(body, dict) else None


ACME = Vendor("acme", _message)


# --- the vendor's API, as a test server --------------------------------------------------


def _file_id(entity: str, index: int) -> str:
    return f"{entity}-{index}"


def acme_handler(request: httpx2.Request) -> httpx2.Response:
    if request.headers.get("authorization") != f"Token {TOKEN}":
        return httpx2.Response(401, json={"error": "bad token"})
    parts = request.url.path.removeprefix("/api").strip("/").split("/")
    if len(parts) == 3 and parts[0] == "entities" and parts[2] == "files":
        files = FILES.get(parts[1])
        if files is None:
            return httpx2.Response(404, json={"error": "no such entity"})
        page = int(request.url.params.get("page", "1"))
        start = (page - 1) * PAGE_SIZE
        chunk = files[start : start + PAGE_SIZE]
        rows = [
            {"id": _file_id(parts[1], start + i), "name": name, "size": len(data)}
            for i, (name, data) in enumerate(chunk)
        ]
        more = start + PAGE_SIZE < len(files)
        body = {"files": rows, "total": len(files), "next_page": page + 1 if more else None}
        return httpx2.Response(200, json=body)
    if len(parts) == 3 and parts[0] == "files" and parts[2] == "content":
        entity, _, index = parts[1].rpartition("-")
        try:
            return httpx2.Response(200, content=FILES[entity][int(index)][1])
        except (KeyError, ValueError, IndexError):
            return httpx2.Response(404, json={"error": "no such file"})
    return httpx2.Response(404, json={"error": "no such path"})


def acme_transport() -> httpx2.MockTransport:
    return httpx2.MockTransport(acme_handler)


# --- the vendor package: flows, clients, descriptor --------------------------------------


@attrs.frozen
class Cursor:
    entity: str
    page: int = 1


class TokenAuth(httpx2.Auth):
    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        request.headers["Authorization"] = f"Token {self._token}"
        yield request


class AcmeFlows:
    def __init__(self, http: HttpClient, base_url: httpx2.URL) -> None:
        self._http = http

    def page(self, cursor: Cursor, max_retries: int | None) -> Flow[Page[Attachment, Cursor]]:
        request = self._http.build_request(
            "GET", f"/entities/{cursor.entity}/files", params={"page": cursor.page}
        )
        response = yield Call(request, max_retries=max_retries)
        body = json_body("acme", response)
        if not isinstance(body, dict) or not isinstance(body.get("files"), list):
            raise unexpected("acme", response, "no files list")
        entity = EntityRef(type="entity", id=cursor.entity)
        items = [
            Attachment(
                vendor="acme",
                id=row["id"],
                entity=entity,
                name=row["name"],
                extension=None,
                mime_type=None,
                size=row["size"],
                created_at=None,
                updated_at=None,
                created_by=None,
                status=None,
                description=None,
                raw=row,
            )
            for row in body["files"]
        ]
        next_page = body.get("next_page")
        following = None if next_page is None else Cursor(cursor.entity, next_page)
        return Page(items=items, total_count=body.get("total"), next_cursor=following)

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        request = self._http.build_request("GET", f"/files/{attachment.id}/content")
        return ContentSource(flow=streamed(request, max_retries))


def _setup(base_url: object, token: object) -> ClientSetup[AcmeFlows]:
    url = arguments.base_url(base_url, "acme")
    auth = TokenAuth(arguments.text(token, "token"))
    return ClientSetup(vendor=ACME, base_url=url, auth=auth, flows=AcmeFlows)


class AcmeClient(SyncClientBase[AcmeFlows]):
    def __init__(self, base_url: str, *, token: str, **options: Unpack[ClientOptions]) -> None:
        super().__init__(_setup(base_url, token), options)

    def list_files(self, entity: str) -> Paginator[Attachment]:
        cursor = Cursor(arguments.text(entity, "entity"))
        return Paginator(lambda c: self._flows.page(c, None), self._runner.run, cursor)


class AsyncAcmeClient(AsyncClientBase[AcmeFlows]):
    def __init__(self, base_url: str, *, token: str, **options: Unpack[AsyncClientOptions]) -> None:
        super().__init__(_setup(base_url, token), options)

    def list_files(self, entity: str) -> AsyncPaginator[Attachment]:
        cursor = Cursor(arguments.text(entity, "entity"))
        return AsyncPaginator(lambda c: self._flows.page(c, None), self._runner.run, cursor)


def _connect(
    settings: Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncAcmeClient:
    return AsyncAcmeClient(settings.require("url"), token=settings.require("token"), **options)


def _parse_entity_id(value: object) -> str:
    text = arguments.text(value, "an acme entity")
    if not text.isalnum():
        raise ValueError(f"an acme entity is letters and digits, not {text!r}")
    return text


def _add_entity(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("entity", metavar="ENTITY")


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def _export_listing(client: AsyncAcmeClient, options: Mapping[str, object]) -> ExportListing:
    refuse_options("acme", options, ())
    return ExportListing(
        key=_parse_entity_id, folder=lambda key: (key,), list_files=client.list_files
    )


DESCRIPTOR: VendorDescriptor[AsyncAcmeClient] = VendorDescriptor(
    name="acme",
    title="Acme",
    entity="entity",
    sync_client=AcmeClient,
    async_client=AsyncAcmeClient,
    settings=(
        Setting(name="url", variable="ATTACHKIT_ACME_URL", help="base URL"),
        Setting(name="token", variable="ATTACHKIT_ACME_TOKEN", help="API token", secret=True),
    ),
    connect=_connect,
    parse_entity_id=_parse_entity_id,
    export_listing=_export_listing,
    command_module=__name__,
)

COMMAND_LINE: CommandLine[AsyncAcmeClient] = CommandLine(
    help="Acme records",
    examples="examples:\n  attachkit acme list e1\n  attachkit acme export e1 e2 -o out/\n",
    add_list_arguments=_add_entity,
    add_export_arguments=_no_arguments,
    listing=lambda client, args: client.list_files(args.entity),
    export_options=lambda args: {},
)
