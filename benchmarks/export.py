"""Bulk export against the sandbox in its own process.

1. 2,000 Envi entities with 20 ms added to every request: `export_files` at concurrency 16
   against the obvious sequential loop (list, then save each file, entity after entity).
2. A whole Altegio location (discovery, then each client's list and files) under the
   sandbox's real limit (5 requests/s, 200/min per IP): the paced client must lose no file
   and keep close to the allowed rate.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import anyio
import httpx2

from attachkit import errors
from attachkit.altegio import AsyncAltegioClient
from attachkit.envi import AsyncEnviClient, EnviClient
from attachkit.export import Discover, ExportSummary, export_files
from attachkit_sandbox.vendors.altegio import ALTEGIO_LOGIN, ALTEGIO_PARTNER_TOKEN, ALTEGIO_PASSWORD
from attachkit_sandbox.vendors.altegio.data import ALTEGIO_SMALL_LOCATION_ID
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME, envi_bulk_entity_ids
from benchmarks.sandbox_process import sandbox_process


class CountingTransport(httpx2.AsyncHTTPTransport):
    """Counts requests and response statuses (to prove no 429 was met)."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await super().handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response


class CountingSyncTransport(httpx2.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.statuses: Counter[int] = Counter()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = super().handle_request(request)
        self.statuses[response.status_code] += 1
        return response


def _sequential(url: str, entities: list[str], directory: Path) -> tuple[int, int]:
    transport = CountingSyncTransport()
    saved = 0
    with EnviClient.from_password(
        url, username=ENVI_USERNAME, password=ENVI_PASSWORD, transport=transport
    ) as envi:
        for entity in entities:
            for attachment in envi.list_files(entity):
                try:
                    envi.save(attachment, directory / entity)
                    saved += 1
                except errors.ContentUnavailableError:
                    continue
    return saved, sum(transport.statuses.values())


async def _concurrent(
    url: str, entities: list[str], directory: Path, concurrency: int
) -> tuple[ExportSummary, int]:
    transport = CountingTransport()
    async with AsyncEnviClient.from_password(
        url, username=ENVI_USERNAME, password=ENVI_PASSWORD, transport=transport
    ) as envi:
        summary = await export_files(envi, entities, directory, concurrency=concurrency)
    return summary, sum(transport.statuses.values())


def run_envi(entities: int = 2000, latency_ms: int = 20, concurrency: int = 16) -> dict[str, float]:
    ids = [str(entity) for entity in envi_bulk_entity_ids()[:entities]]
    with (
        sandbox_process("--latency-ms", str(latency_ms)) as urls,
        tempfile.TemporaryDirectory() as tmp,
    ):
        start = time.perf_counter()
        summary, concurrent_requests = anyio.run(
            _concurrent, urls["envi"], ids, Path(tmp) / "concurrent", concurrency
        )
        concurrent = time.perf_counter() - start
        start = time.perf_counter()
        saved, sequential_requests = _sequential(urls["envi"], ids, Path(tmp) / "sequential")
        sequential = time.perf_counter() - start
    assert not summary.failed, summary.failed[:3]
    assert len(summary.saved) == saved, (len(summary.saved), saved)
    latency = latency_ms / 1000
    return {
        "entities": entities,
        "files": saved,
        "sequential_s": sequential,
        "concurrent_s": concurrent,
        "speedup": sequential / concurrent,
        "ideal_entities_s": entities * latency / concurrency,
        "ideal_requests_s": concurrent_requests * latency / concurrency,
        "requests": concurrent_requests,
        "sequential_requests": sequential_requests,
    }


async def _altegio(
    url: str, web_url: str, location: int, directory: Path
) -> tuple[ExportSummary, Counter[int], float]:
    transport = CountingTransport()
    async with AsyncAltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        base_url=url,
        web_base_url=web_url,
        transport=transport,
    ) as altegio:
        # The clock starts before the login: every request of the run is counted.
        start = time.perf_counter()
        summary = await export_files(
            altegio, Discover(), directory, location_id=location, concurrency=8
        )
        elapsed = time.perf_counter() - start
    return summary, transport.statuses, elapsed


def allowed_requests(seconds: float, per_second: int = 5, per_minute: int = 200) -> int:
    """The most requests the limits allow in `seconds` from a standing start: bursts of
    `per_second` each second until the minute's `per_minute` are spent."""
    minutes, rest = divmod(seconds, 60.0)
    return int(minutes) * per_minute + min(per_minute, per_second * math.ceil(rest))


def run_altegio_location(location: int = ALTEGIO_SMALL_LOCATION_ID) -> dict[str, float]:
    """One whole-location export, against a fresh sandbox (its rate windows empty)."""
    with sandbox_process() as urls, tempfile.TemporaryDirectory() as tmp:
        summary, statuses, elapsed = anyio.run(
            _altegio, urls["altegio"], urls["altegio-web"], location, Path(tmp)
        )
    requests = sum(statuses.values())
    assert summary.discovery is not None
    return {
        "clients": summary.discovery.found,
        "files": len(summary.saved),
        "failed": len(summary.failed) + len(summary.entity_failures) + (not summary.ok),
        "requests": requests,
        "rejected_429": statuses[429],
        "seconds": elapsed,
        "rate": requests / elapsed,
        "share_of_5_per_second": requests / elapsed / 5.0,
        "share_of_allowed": requests / allowed_requests(elapsed),
    }


if __name__ == "__main__":
    print(run_altegio_location())
    print(run_envi(entities=200))
