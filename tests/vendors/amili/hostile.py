"""Amili's part of the hostile suite (tests/hostile): its records, documented answer,
clients and paths."""

from __future__ import annotations

import base64
from typing import Any

import httpx2

from attachkit.amili import AmiliClient, AsyncAmiliClient
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
    first_listed,
    no_wait,
    sync_calls,
    vendor_paths,
)
from tests.hostile.world import CONTENT, Answer

AMILI_URL = "https://armrest.example/api"
AMILI_CLIENT_NO = 100234
AMILI_TOKEN = "amili-opaque-5d4c3b2a1f0e9d8c"


def amili_file(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "clientNo": AMILI_CLIENT_NO,
        "logItemId": 5511,
        "type": "DocAttachment",
        "name": "Faktura 1.pdf",
        "extension": "pdf",
        "referenceNo": 7001,
        "description": "Invoice copy",
        "content": base64.b64encode(CONTENT).decode(),
    }
    return {**record, **fields}


def amili_list(*files: dict[str, object]) -> dict[str, object]:
    rows = list(files) or [amili_file()]
    return {"summary": {"totalCount": len(rows), "maximumCount": 10}, "files": rows}


def amili_kind(request: httpx2.Request) -> str:
    return "list"


AMILI_DOCUMENTED = {"list": Answer.json(amili_list())}


def amili_client(transport: world.Transport, is_async: bool) -> Any:
    if is_async:
        return AsyncAmiliClient(
            AMILI_URL, token=AMILI_TOKEN, transport=transport, sleep=async_no_wait
        )
    return AmiliClient(AMILI_URL, token=AMILI_TOKEN, transport=transport, sleep=no_wait)


def _amili_list(client: Any) -> Any:
    return client.list_files(AMILI_CLIENT_NO)


AMILI_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_amili_list(client)),
    **sync_calls(first_listed(_amili_list)),
}
AMILI_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: async_list(_amili_list(client)),
    **async_calls(async_first_listed(_amili_list)),
}
PATHS: list[Path] = [
    *vendor_paths(
        "amili",
        amili_client,
        (AMILI_SYNC, AMILI_ASYNC),
        {"list": ("list",), "download": ("list",), "open": ("list",), "save": ("list",)},
        amili_kind,
        AMILI_DOCUMENTED,
    ),
]

HOSTILE = HostileVendor(
    name="amili",
    kind_of=amili_kind,
    documented=AMILI_DOCUMENTED,
    hosts=world.on(AMILI_URL),
    secrets=(AMILI_TOKEN,),
    paths=PATHS,
    alternatives={
        "list": [
            amili_list(amili_file(content="")),
            amili_list(*[amili_file(name=f"{n}.pdf") for n in range(10)]),
            {**amili_list(), "summary": {"totalCount": 25, "maximumCount": 10}},
        ],
    },
)
