"""Envi's part of the hostile suite (tests/hostile): its records, kinds of request,
documented answers, clients and paths."""

from __future__ import annotations

import base64  # noqa: F401
from typing import Any

import httpx2

from attachkit import Attachment, EntityRef
from attachkit.envi import AsyncEnviClient, EnviClient
from tests.hostile import world
from tests.hostile.paths import (
    AsyncCall,
    HostileVendor,
    Path,
    SyncCall,
    as_awaitable,
    async_calls,
    async_list,
    async_no_wait,
    awaited,
    no_wait,
    sync_calls,
    vendor_paths,
)
from tests.hostile.world import CONTENT, PASSWORD, USERNAME, Answer
from tests.support import models

ENVI_URL = "https://envi.example"
ENTITY_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
FILE_ID = "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"
# What Envi issues: answers take tokens from these pools, by index.
ACCESS_TOKENS = tuple(f"envi-access-{i}-c0ffee{i}9a8b7c6d" for i in range(4))
REFRESH_TOKENS = tuple(f"envi-refresh-{i}-d00d{i}5e4f3a2b" for i in range(4))


def envi_record(**fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "fileId": FILE_ID,
        "entityId": ENTITY_ID,
        "entityNo": "PO-100234-01",
        "entityTypeValue": "Purchase Order",
        "fileName": "Packing slip.pdf",
        "fileStatus": "Active",
        "fileSize": len(CONTENT),
        "fileType": "pdf",
        "createdBy": "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b",
        "createdByName": "Ada Buyer",
        "dateCreated": "2026-03-02T09:15:00Z",
        "lastUpdated": "2026-03-02T09:20:11Z",
    }
    return {**record, **fields}


def envi_list(*records: dict[str, object], next_skip: int | None = None) -> dict[str, object]:
    rows = list(records) or [envi_record()]
    body: dict[str, object] = {
        "@odata.context": f"{ENVI_URL}/odata/$metadata#FileAttachments",
        "@odata.count": len(rows) if next_skip is None else next_skip + 1,
        "value": rows,
    }
    if next_skip is not None:
        body["@odata.nextLink"] = (
            f"{ENVI_URL}/odata/FileAttachments({ENTITY_ID})?%24top=1&%24skip={next_skip}"
        )
    return body


def envi_token(index: int = 0, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "access_token": ACCESS_TOKENS[index],
        "token_type": "bearer",
        "expires_in": 59,
        "refresh_token": REFRESH_TOKENS[index],
    }
    return {**body, **fields}


def envi_entities(next_skip: int | None = None) -> dict[str, object]:
    """A page of the purchase orders list, naming ENTITY_ID."""
    body: dict[str, object] = {
        "@odata.count": 1 if next_skip is None else next_skip + 1,
        "value": [{"purchaseOrderId": ENTITY_ID, "lastUpdated": "2026-03-02T09:20:11Z"}],
    }
    if next_skip is not None:
        body["@odata.nextLink"] = f"{ENVI_URL}/odata/PurchaseOrders?$top=1&$skip={next_skip}"
    return body


def envi_kind(request: httpx2.Request) -> str:
    path = request.url.path
    if path.endswith("/oauth2/token"):
        return "token"
    if path.endswith("/metadata"):
        return "metadata"
    if path.endswith("/content"):
        return "content"
    if "/odata/FileAttachments" not in path:
        return "entities"  # a module list (discovery), or a next link that left the files
    return "list"


ENVI_DOCUMENTED = {
    "token": Answer.json(envi_token()),
    "list": Answer.json(envi_list()),
    "metadata": Answer.json(envi_record()),
    "content": Answer(200, CONTENT, (("content-type", b"application/pdf"),)),
    "entities": Answer.json(envi_entities()),
}


def envi_client(transport: world.Transport, is_async: bool) -> Any:
    if is_async:
        return AsyncEnviClient.from_password(
            ENVI_URL, username=USERNAME, password=PASSWORD,
            transport=transport, sleep=async_no_wait,
        )  # fmt: skip
    return EnviClient.from_password(
        ENVI_URL, username=USERNAME, password=PASSWORD,
        transport=transport, sleep=no_wait,
    )  # fmt: skip


def envi_attachment() -> Attachment:
    """An Envi file as `get_file` would give it, without asking the vendor."""
    return models.attachment(
        vendor="envi",
        id=FILE_ID,
        entity=EntityRef(type="Purchase Order", id=ENTITY_ID, number="PO-100234-01"),
        name="Packing slip.pdf",
        size=len(CONTENT),
        status="Active",
    )


def _envi_list(client: Any) -> Any:
    return client.list_files(ENTITY_ID)


ENVI_SYNC: dict[str, SyncCall] = {
    "list": lambda client, directory: list(_envi_list(client)),
    "entities": lambda client, directory: list(client.list_entities(1)),
    "get": lambda client, directory: client.get_file(FILE_ID),
    **sync_calls(lambda client: envi_attachment()),
}
ENVI_ASYNC: dict[str, AsyncCall] = {
    "list": lambda client, directory: async_list(_envi_list(client)),
    "entities": lambda client, directory: async_list(client.list_entities(1)),
    "get": lambda client, directory: awaited(client.get_file(FILE_ID)),
    **async_calls(lambda client: as_awaitable(envi_attachment())),
}
_UNAUTHORIZED = Answer.json(
    {"error": {"code": "Unauthorized", "message": "The access token has expired."}}, 401
)
NEXT_LINK = ("@odata.nextLink",)

PATHS: list[Path] = [
    *vendor_paths(
        "envi",
        envi_client,
        (ENVI_SYNC, ENVI_ASYNC),
        {"list": ("list",), "entities": ("entities",)},
        envi_kind,
        ENVI_DOCUMENTED,
        follows=(NEXT_LINK,),
    ),
    *vendor_paths(
        "envi",
        envi_client,
        (ENVI_SYNC, ENVI_ASYNC),
        {
            "get": ("metadata",),
            "download": ("content",),
            "open": ("content",),
            "save": ("content",),
        },
        envi_kind,
        ENVI_DOCUMENTED,
    ),
    # The password grant, then the refresh grant after a 401 (and the login it falls back to).
    Path(
        "envi",
        "get",
        ("token",),
        envi_client,
        ENVI_SYNC["get"],
        ENVI_ASYNC["get"],
        envi_kind,
        ENVI_DOCUMENTED,
        label="token",
    ),
    Path(
        "envi",
        "get",
        ("token",),
        envi_client,
        ENVI_SYNC["get"],
        ENVI_ASYNC["get"],
        envi_kind,
        ENVI_DOCUMENTED,
        label="refresh",
        before={
            "token": [ENVI_DOCUMENTED["token"]],
            "metadata": [_UNAUTHORIZED, ENVI_DOCUMENTED["metadata"]],
        },
    ),
]

HOSTILE = HostileVendor(
    name="envi",
    kind_of=envi_kind,
    documented=ENVI_DOCUMENTED,
    hosts=world.on(ENVI_URL),
    secrets=ACCESS_TOKENS + REFRESH_TOKENS,
    paths=PATHS,
    alternatives={
        "list": [
            envi_list(next_skip=1),
            envi_list(envi_record(), envi_record(fileName="b.txt")),
            envi_list(envi_record(fileStatus="Deleted")),
        ],
        "metadata": [envi_record(fileStatus="Uploading")],
        "entities": [envi_entities(next_skip=1)],
        "token": [envi_token(index) for index in (1, 2, 3)],
    },
    link_hosts=(
        "envi.example",
        "ENVI.EXAMPLE",
        "envi.example.",
        "envi.example.evil.example",
        "evilenvi.example",
    ),
    link_paths=("/odata/FileAttachments",),
)
