"""Listing 100,000 Envi records over one in-process transport, three ways.

The transport serves pre-built pages, so what is measured is the client side only:
attachkit (pagination + the vendor-neutral Attachment), the generated client alone
(typed FileAttachment models), and hand-written httpx + json building the same typed
records (UUIDs and datetimes).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from attachkit.envi import EnviClient
from attachkit_envi_client import Client
from attachkit_envi_client.api.file_attachments import list_file_attachments
from attachkit_envi_client.models import FileAttachmentList

BASE = "http://envi.bench.test"
ENTITY = uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
PAGE = 5000


def _record(index: int) -> dict[str, object]:
    created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=index)
    return {
        "fileId": str(uuid.UUID(int=index + 1)),
        "entityId": str(ENTITY),
        "entityNo": "PO-100234",
        "entityTypeValue": "Purchase Order",
        "fileName": f"scan {index}.pdf",
        "fileStatus": "Active",
        "fileSize": 1000 + index,
        "fileType": "pdf",
        "dateCreated": created.isoformat().replace("+00:00", "Z"),
        "createdBy": str(uuid.UUID(int=7)),
        "createdByName": "Dana Buyer",
        "lastUpdated": created.isoformat().replace("+00:00", "Z"),
        "lastUpdatedBy": str(uuid.UUID(int=7)),
        "lastUpdatedByName": "Dana Buyer",
    }


def build_pages(total: int) -> dict[int, bytes]:
    """skip -> the JSON body of the page starting there."""
    pages: dict[int, bytes] = {}
    for skip in range(0, total, PAGE):
        body: dict[str, object] = {
            "@odata.context": f"{BASE}/odata/$metadata#FileAttachments",
            "@odata.count": total,
            "value": [_record(i) for i in range(skip, min(total, skip + PAGE))],
        }
        if skip + PAGE < total:
            body["@odata.nextLink"] = (
                f"{BASE}/odata/FileAttachments({ENTITY})?$top={PAGE}&$skip={skip + PAGE}"
            )
        pages[skip] = json.dumps(body).encode()
    return pages


def transport(pages: dict[int, bytes]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params.get("$skip", "0"))
        return httpx.Response(
            200, content=pages[skip], headers={"content-type": "application/json"}
        )

    return httpx.MockTransport(handle)


def with_attachkit(pages: dict[int, bytes]) -> int:
    with EnviClient(BASE, token="bench", transport=transport(pages)) as envi:
        return sum(1 for _ in envi.list_files(ENTITY, page_size=PAGE))


def with_generated(pages: dict[int, bytes]) -> int:
    http = httpx.Client(base_url=BASE, transport=transport(pages))
    client = Client(base_url=BASE).set_httpx_client(http)
    count, skip = 0, 0
    while True:
        page = list_file_attachments.sync(
            ENTITY, client=client, top=PAGE, skip=skip, api_version="1.0"
        )
        assert isinstance(page, FileAttachmentList)
        count += len(page.value)
        if not isinstance(page.odata_next_link, str):
            return count
        skip += PAGE


@dataclass(frozen=True, slots=True)
class HandRecord:
    file_id: uuid.UUID
    entity_id: uuid.UUID
    entity_no: str | None
    entity_type: str | None
    name: str
    status: str | None
    size: int | None
    file_type: str | None
    created: datetime | None
    created_by: uuid.UUID | None
    created_by_name: str | None
    updated: datetime | None
    updated_by: uuid.UUID | None
    updated_by_name: str | None


def _hand_record(raw: dict[str, object]) -> HandRecord:
    def when(key: str) -> datetime | None:
        value = raw.get(key)
        return datetime.fromisoformat(value) if isinstance(value, str) else None

    def uid(key: str) -> uuid.UUID | None:
        value = raw.get(key)
        return uuid.UUID(value) if isinstance(value, str) else None

    return HandRecord(
        file_id=uuid.UUID(str(raw["fileId"])),
        entity_id=uuid.UUID(str(raw["entityId"])),
        entity_no=raw.get("entityNo"),  # type: ignore[arg-type]
        entity_type=raw.get("entityTypeValue"),  # type: ignore[arg-type]
        name=str(raw["fileName"]),
        status=raw.get("fileStatus"),  # type: ignore[arg-type]
        size=raw.get("fileSize"),  # type: ignore[arg-type]
        file_type=raw.get("fileType"),  # type: ignore[arg-type]
        created=when("dateCreated"),
        created_by=uid("createdBy"),
        created_by_name=raw.get("createdByName"),  # type: ignore[arg-type]
        updated=when("lastUpdated"),
        updated_by=uid("lastUpdatedBy"),
        updated_by_name=raw.get("lastUpdatedByName"),  # type: ignore[arg-type]
    )


def with_hand_written(pages: dict[int, bytes]) -> int:
    count = 0
    with httpx.Client(transport=transport(pages)) as http:
        url: str | None = f"{BASE}/odata/FileAttachments({ENTITY})?$top={PAGE}"
        while url is not None:
            body = json.loads(http.get(url, headers={"api-version": "1.0"}).content)
            records = [_hand_record(raw) for raw in body["value"]]
            count += len(records)
            url = body.get("@odata.nextLink")
    return count


WAYS: dict[str, Callable[[dict[int, bytes]], int]] = {
    "attachkit": with_attachkit,
    "generated client": with_generated,
    "httpx + json (hand-written)": with_hand_written,
}


def run(total: int = 100_000, rounds: int = 5) -> dict[str, float]:
    """Best-of-`rounds` seconds per way, rounds interleaved so noise hits all alike."""
    pages = build_pages(total)
    best = {name: float("inf") for name in WAYS}
    for _ in range(rounds):
        for name, way in WAYS.items():
            start = time.perf_counter()
            count = way(pages)
            elapsed = time.perf_counter() - start
            assert count == total, (name, count)
            best[name] = min(best[name], elapsed)
    return best


if __name__ == "__main__":
    for name, seconds in run(rounds=3).items():
        print(f"{name:30} {seconds:.3f} s  {100_000 / seconds:,.0f} records/s")
