"""Altegio's part of the hostile suite (tests/hostile): its records, kinds of request,
documented answers, clients and paths (downloads by links, with and without a web base
URL; uploads, which are never retried)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs
import httpx2

from attachkit import Attachment
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from tests.hostile import world
from tests.hostile.paths import (
    AsyncCall,
    HostileVendor,
    Path,
    SyncCall,
    async_calls,
    async_first_listed,
    async_list,
    async_no_wait,
    awaited,
    first_listed,
    no_wait,
    sync_calls,
    vendor_paths,
)
from tests.hostile.world import CONTENT, PASSWORD, UPLOAD_NAME, USERNAME, Answer
from tests.support.records import documented_record

ALTEGIO_URL = "https://api.altegio.example/api"
ALTEGIO_WEB_URL = "https://web.altegio.example/app"
ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, ALTEGIO_FILE_ID = 456, 789, 123
UPLOADED_ID = 124
PARTNER_TOKEN = "partner-7f3c9a1e5b2d8f4a6c0e"
USER_TOKEN = "user-given-2b8e4f6a0c1d3e5f"
# What Altegio issues: logins answer tokens from this pool, by index.
USER_TOKENS = tuple(f"altegio-user-{i}-feed{i}1a2b3c4d" for i in range(4))
ALTEGIO_DOMAINS = ("alteg.io", "yclients.com")


def altegio_file(**fields: object) -> dict[str, object]:
    place = {"id": ALTEGIO_FILE_ID, "client_id": ALTEGIO_CLIENT_ID, "link": altegio_download_path()}
    return {**documented_record("altegio", "ClientFile", **place), **fields}


def altegio_download_path(file_id: int = ALTEGIO_FILE_ID) -> str:
    """A row's `link`: a path on the web application."""
    return f"/client_files/download/{ALTEGIO_LOCATION_ID}/{file_id}/"


def altegio_uploaded(**fields: object) -> dict[str, object]:
    """The row of the file the upload paths send, as the vendor lists it."""
    row = altegio_file(
        id=UPLOADED_ID, name=UPLOAD_NAME, extension="pdf", mime="application/pdf",
        link=altegio_download_path(UPLOADED_ID), size=f"{len(CONTENT)} B", can_edit=True,
    )  # fmt: skip
    return {**row, **fields}


def altegio_clients(*ids: int, total: int | None = None) -> dict[str, object]:
    """A page of the client search."""
    rows = [{"id": client} for client in ids or (ALTEGIO_CLIENT_ID,)]
    meta = {"total_count": len(rows) if total is None else total}
    return {"success": True, "data": rows, "meta": meta}


def altegio_list(*files: dict[str, object]) -> dict[str, object]:
    rows = list(files) or [altegio_file()]
    return {"success": True, "data": rows, "meta": {"count": len(rows)}}


def altegio_login(index: int = 0) -> dict[str, object]:
    user = {"id": 1, "user_token": USER_TOKENS[index], "name": "Owner", "is_email_confirmed": True}
    return {"success": True, "data": user, "meta": []}


ALTEGIO_DELETED: dict[str, object] = {
    "success": True,
    "data": None,
    "meta": {"message": "Accepted"},
}


ALTEGIO_UNAUTHORIZED: dict[str, object] = {
    "success": False,
    "data": None,
    "meta": {"message": "Authentication needed."},
}


def altegio_kind(request: httpx2.Request) -> str:
    """Requests to the API host by path and method; any other host is a download."""
    if request.url.host != httpx2.URL(ALTEGIO_URL).host:
        return "content"
    if request.url.path.endswith("/v1/auth"):
        return "token"
    if request.url.path.endswith("/clients/search"):
        return "search"
    return {"DELETE": "delete", "POST": "upload"}.get(request.method, "list")


ALTEGIO_DOCUMENTED = {
    "token": Answer.json(altegio_login(), 201),
    "list": Answer.json(altegio_list()),
    "delete": Answer.json(ALTEGIO_DELETED, 202),
    "content": Answer(200, b"test file", (("content-type", b"text/plain"),)),
    # The client's complete file list, the new file among them (the spec's example shape).
    "upload": Answer.json(altegio_list(altegio_file(), altegio_uploaded())),
    "search": Answer.json(altegio_clients()),
}


def altegio_client(transport: world.Transport, is_async: bool) -> Any:
    settings: dict[str, Any] = {
        "base_url": ALTEGIO_URL,
        "web_base_url": ALTEGIO_WEB_URL,
        "rate_limits": None,
        "transport": transport,
    }
    if is_async:
        return AsyncAltegioClient.from_login(
            PARTNER_TOKEN, USERNAME, PASSWORD, sleep=async_no_wait, **settings
        )
    return AltegioClient.from_login(PARTNER_TOKEN, USERNAME, PASSWORD, sleep=no_wait, **settings)


def altegio_default_hosts_client(transport: world.Transport, is_async: bool) -> Any:
    """No web base URL: downloads go by `full_link`, to Altegio's own hosts only."""
    settings: dict[str, Any] = {"base_url": ALTEGIO_URL, "rate_limits": None}
    if is_async:
        return AsyncAltegioClient.from_login(
            PARTNER_TOKEN, USERNAME, PASSWORD, transport=transport,
            sleep=async_no_wait, **settings,
        )  # fmt: skip
    return AltegioClient.from_login(
        PARTNER_TOKEN, USERNAME, PASSWORD, transport=transport,
        sleep=no_wait, **settings,
    )  # fmt: skip


def altegio_user_client(transport: world.Transport, is_async: bool) -> Any:
    settings: dict[str, Any] = {
        "partner_token": PARTNER_TOKEN,
        "user_token": USER_TOKEN,
        "base_url": ALTEGIO_URL,
        "web_base_url": ALTEGIO_WEB_URL,
        "rate_limits": None,
        "transport": transport,
    }
    if is_async:
        return AsyncAltegioClient(sleep=async_no_wait, **settings)
    return AltegioClient(sleep=no_wait, **settings)


def _altegio_list(client: Any) -> Any:
    return client.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)


def _altegio_delete(client: Any) -> Any:
    return client.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, 123)


def _altegio_upload(client: Any) -> Any:
    """A valid upload (the fuzzer must never see the ValueError or TypeError of a bad one)."""
    return client.upload_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, CONTENT, name=UPLOAD_NAME)


ALTEGIO_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_altegio_list(client)),
    "clients": lambda client, directory: list(client.list_clients(ALTEGIO_LOCATION_ID)),
    "delete": lambda client, directory: _altegio_delete(client),
    "upload": lambda client, directory: _altegio_upload(client),
    **sync_calls(first_listed(_altegio_list)),
}
ALTEGIO_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: async_list(_altegio_list(client)),
    "clients": lambda client, directory: async_list(client.list_clients(ALTEGIO_LOCATION_ID)),
    "delete": lambda client, directory: awaited(_altegio_delete(client)),
    "upload": lambda client, directory: awaited(_altegio_upload(client)),
    **async_calls(async_first_listed(_altegio_list)),
}


_ALTEGIO_UNAUTHORIZED = Answer.json(ALTEGIO_UNAUTHORIZED, 401)
DOWNLOAD_LINKS = (("data", "*", "link"), ("data", "*", "full_link"))
_DOWNLOADS = {"download": ("list",), "open": ("list",), "save": ("list",)}


def _upload(label: str, client: Callable[[world.Transport, bool], Any], **fields: Any) -> Path:
    return Path(
        "altegio",
        "upload",
        fields.pop("attacked", ("upload",)),
        client,
        ALTEGIO_SYNC["upload"],
        ALTEGIO_ASYNC["upload"],
        altegio_kind,
        ALTEGIO_DOCUMENTED,
        label=label,
        never_retried=("upload",),
        **fields,
    )


PATHS: list[Path] = [
    *vendor_paths(
        "altegio",
        altegio_client,
        (ALTEGIO_SYNC, ALTEGIO_ASYNC),
        {
            "list": ("list",),
            "clients": ("search",),
            "delete": ("delete",),
            "download": ("content",),
            "open": ("content",),
            "save": ("content",),
        },
        altegio_kind,
        ALTEGIO_DOCUMENTED,
    ),
    Path(
        "altegio",
        "list",
        ("token",),
        altegio_client,
        ALTEGIO_SYNC["list"],
        ALTEGIO_ASYNC["list"],
        altegio_kind,
        ALTEGIO_DOCUMENTED,
        label="login",
    ),
    # A given user token: a 401 has no login to fall back to.
    Path(
        "altegio",
        "list",
        ("list",),
        altegio_user_client,
        ALTEGIO_SYNC["list"],
        ALTEGIO_ASYNC["list"],
        altegio_kind,
        ALTEGIO_DOCUMENTED,
        label="user-token",
    ),
    # Downloads by the links of listed rows: with a web base URL, and without one (full
    # links to Altegio's own hosts only).
    *[
        attrs.evolve(path, label=f"{path.operation}-links")
        for path in vendor_paths(
            "altegio",
            altegio_client,
            (ALTEGIO_SYNC, ALTEGIO_ASYNC),
            _DOWNLOADS,
            altegio_kind,
            ALTEGIO_DOCUMENTED,
            follows=DOWNLOAD_LINKS,
        )
    ],
    *[
        attrs.evolve(path, label=f"{path.operation}-default-hosts")
        for path in vendor_paths(
            "altegio",
            altegio_default_hosts_client,
            (ALTEGIO_SYNC, ALTEGIO_ASYNC),
            _DOWNLOADS,
            altegio_kind,
            ALTEGIO_DOCUMENTED,
            follows=DOWNLOAD_LINKS,
            hosts=world.on_or_domains(ALTEGIO_DOMAINS, ALTEGIO_URL),
        )
    ],
    # Uploads: the answer to the upload; with a given user token (a 401 is final); the
    # upload sent again after a 401 and a new login; and the login before it.
    _upload("upload", altegio_client),
    _upload("upload-user-token", altegio_user_client),
    _upload("upload-after-401", altegio_client, before={"upload": [_ALTEGIO_UNAUTHORIZED]}),
    _upload("upload-login", altegio_client, attacked=("token",)),
]

# Altegio shows sizes for people ("96.65 KB"); one in plain bytes ("9 B") is exact.
_BYTES = re.compile(r"\s*([0-9]+)\s*B\s*", re.IGNORECASE)


def exact_size(attachment: Attachment) -> int | None:
    """The size a listed row gives in whole bytes: only when it shows one in bytes."""
    shown = getattr(attachment.raw, "size", None)
    match = _BYTES.fullmatch(shown) if isinstance(shown, str) else None
    return None if match is None else int(match.group(1))


HOSTILE = HostileVendor(
    name="altegio",
    kind_of=altegio_kind,
    documented=ALTEGIO_DOCUMENTED,
    hosts=world.on(ALTEGIO_URL, ALTEGIO_WEB_URL),
    secrets=(PARTNER_TOKEN, USER_TOKEN, *USER_TOKENS),
    paths=PATHS,
    alternatives={
        "list": [
            altegio_list(altegio_file(), altegio_file(id=124)),
            # Full links: on the web base URL, and on Altegio's own host.
            altegio_list(altegio_file(full_link=ALTEGIO_WEB_URL + altegio_download_path())),
            altegio_list(altegio_file(full_link="https://app.alteg.io" + altegio_download_path())),
        ],
        "token": [altegio_login(index) for index in (1, 2, 3)],
        "search": [altegio_clients(1, 2, total=4), altegio_clients(total=None)],
        "upload": [
            altegio_list(altegio_uploaded()),
            # An older file of the same name (the new one has the higher id).
            altegio_list(altegio_uploaded(id=UPLOADED_ID - 1), altegio_uploaded()),
            altegio_list(altegio_file()),
        ],
    },
    exact_size=exact_size,
    link_hosts=(
        "web.altegio.example",
        "api.altegio.example",
        "app.alteg.io",
        "alteg.io",
        "n123.yclients.com",
        "APP.ALTEG.IO",
        "alteg.io.evil.example",
        "evilalteg.io",
        "xn--lteg-3qa.io",
        "\u0430pp.alteg.io",
        "evil.example%2ealteg.io",
        "app.alteg.io]",
        "[v7.alteg.io]",
    ),
    link_paths=("/app/client_files/download/456/123/", "/client_files/download/456/123/"),
)
