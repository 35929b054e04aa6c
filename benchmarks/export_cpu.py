"""Client CPU per request: `export_files` against hand-written async httpx2 doing the same.

Every way logs in once, lists each Envi entity with the same query (following next
links), GETs the content of every file that has some and writes it to a file. The plain
raw way writes with `open().write()`; the durable raw way does what the export promises,
file by file without batching: SHA-256 of the bytes, a temporary file flushed to disk
(fsync), a rename to the final name, the directory flushed, and one manifest line
appended and flushed. Each run is a fresh child process that measures itself around the
work only (interpreter start and imports excluded): wall time, and CPU time of all its
threads (user + system, from `resource.getrusage`). The sandbox runs in a process of its
own. Rounds interleave the ways (export, raw, durable, export ...) so that drift on a
shared machine hits them alike.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx2

from attachkit.envi import PUBLIC_CLIENT_ID, AsyncEnviClient
from attachkit.export import export_files
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME, envi_bulk_entity_ids
from benchmarks.sandbox_process import sandbox_process

WAYS = ("export_files", "raw httpx2", "raw httpx2, durable")
# What Envi's listing says of a file that has no content; neither way requests those.
_NO_CONTENT = frozenset({"deleted", "uploading", "failed", "corrupted"})
_PAGE_SIZE = 500  # the client's default page size, so both send the same query
_WARM_UP = 20


class CountingTransport(httpx2.AsyncHTTPTransport):
    """Counts the requests sent (both ways use it, so its cost is the same in each)."""

    def __init__(self) -> None:
        super().__init__()
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await super().handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response


async def _with_export(url: str, ids: list[str], directory: Path, concurrency: int) -> int:
    transport = CountingTransport()
    async with AsyncEnviClient.from_password(
        url, username=ENVI_USERNAME, password=ENVI_PASSWORD, transport=transport
    ) as envi:
        summary = await export_files(envi, ids, directory, concurrency=concurrency)
    assert summary.ok, (summary.failed[:3], summary.entity_failures[:3])
    assert set(transport.statuses) == {200}, transport.statuses
    return sum(transport.statuses.values())


def _plain_write(directory: Path, entity: str, file_id: str, data: bytes) -> None:
    with open(directory / entity / file_id, "wb") as handle:
        handle.write(data)


class _DurableWriter:
    """Saves each file as the export promises, one at a time: hash, temporary file, fsync,
    rename, fsync of the directory, then one manifest line, fsynced."""

    def __init__(self, directory: Path) -> None:
        self._manifest = os.open(
            directory / "manifest.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT
        )

    def __call__(self, directory: Path, entity: str, file_id: str, data: bytes) -> None:
        sha256 = hashlib.sha256(data).hexdigest()
        folder = directory / entity
        temp = folder / f".{file_id}.part"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, folder / file_id)
        folder_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(folder_fd)
        finally:
            os.close(folder_fd)
        record = {"entity": entity, "attachment_id": file_id, "size": len(data), "sha256": sha256}
        os.write(self._manifest, json.dumps(record).encode() + b"\n")
        os.fsync(self._manifest)

    def close(self) -> None:
        os.close(self._manifest)


async def _with_raw_httpx(url: str, ids: list[str], directory: Path, concurrency: int) -> int:
    return await _raw(url, ids, directory, concurrency, _plain_write)


async def _with_durable_httpx(url: str, ids: list[str], directory: Path, concurrency: int) -> int:
    writer = _DurableWriter(directory)
    try:
        return await _raw(url, ids, directory, concurrency, writer)
    finally:
        writer.close()


async def raw_login(http: httpx2.AsyncClient) -> dict[str, str]:
    """Logs in to the sandbox's Envi with plain httpx2: the headers of every later request."""
    grant = {
        "grant_type": "password",
        "client_id": PUBLIC_CLIENT_ID,
        "username": ENVI_USERNAME,
        "password": ENVI_PASSWORD,
    }
    token = (await http.post("/oauth2/token", data=grant)).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "api-version": "1.0"}


async def _raw(
    url: str,
    ids: list[str],
    directory: Path,
    concurrency: int,
    write: Callable[[Path, str, str, bytes], None],
) -> int:
    transport = CountingTransport()
    async with httpx2.AsyncClient(base_url=url, transport=transport, timeout=60) as http:
        headers = await raw_login(http)
        # Workers take a listed file first, else the next entity, as the export does.
        entities = deque(ids)
        files: deque[tuple[str, str]] = deque()
        listing = 0
        changed = asyncio.Event()

        async def list_entity(entity: str) -> None:
            link: str | None = f"/odata/FileAttachments({entity})?$top={_PAGE_SIZE}"
            folder = directory / entity
            folder.mkdir(parents=True)
            while link is not None:
                response = await http.get(link, headers=headers)
                response.raise_for_status()
                body = response.json()
                for record in body["value"]:
                    if str(record.get("fileStatus", "")).lower() not in _NO_CONTENT:
                        files.append((entity, record["fileId"]))
                link = body.get("@odata.nextLink")

        async def save_file(entity: str, file_id: str) -> None:
            response = await http.get(f"/odata/FileAttachments/{file_id}/content", headers=headers)
            response.raise_for_status()
            write(directory, entity, file_id, response.content)  # in the loop, as written plainly

        async def worker() -> None:
            nonlocal listing, changed
            while True:
                if files:
                    await save_file(*files.popleft())
                elif entities:
                    listing += 1
                    try:
                        await list_entity(entities.popleft())
                    finally:
                        listing -= 1
                        changed.set()
                        changed = asyncio.Event()
                elif listing:
                    await changed.wait()
                else:
                    return

        async with asyncio.TaskGroup() as group:
            for _ in range(concurrency):
                group.create_task(worker())
    assert set(transport.statuses) == {200}, transport.statuses
    return sum(transport.statuses.values())


def child(way: str, url: str, entities: int, concurrency: int) -> None:
    """Runs in a fresh process: one export, then prints its figures as JSON."""
    every = [str(entity) for entity in envi_bulk_entity_ids()]
    ids, warm_up = every[:entities], every[-_WARM_UP:]
    run = {
        "export_files": _with_export,
        "raw httpx2": _with_raw_httpx,
        "raw httpx2, durable": _with_durable_httpx,
    }[way]
    # A short run first over other entities, so that what loads on first use is not counted.
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(run(url, warm_up, Path(directory), concurrency))
    os.sync()  # earlier dirty pages must not slow this run's writes
    with tempfile.TemporaryDirectory() as directory:
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        requests = asyncio.run(run(url, ids, Path(directory), concurrency))
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"requests": requests, "wall_s": wall, "cpu_s": cpu}))


def _spawn(way: str, url: str, entities: int, concurrency: int) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.export_cpu", way, url]
    command += [str(entities), str(concurrency)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = json.loads(output)
    return figures


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


@dataclass(frozen=True)
class Comparison:
    """One concurrency: each way's runs (in round order), and per-round ratios."""

    runs: dict[str, list[dict[str, float]]]
    cpu_ratio: dict[str, float]
    """CPU per request, export / plain raw: median, min, max."""
    throughput_share: dict[str, float]
    """Requests per second, export / raw (= raw's wall time / export's): median, min, max."""
    durable_cpu_ratio: dict[str, float]
    """CPU per request, export / durable raw: median, min, max."""
    durable_throughput_share: dict[str, float]
    """Requests per second, export / durable raw: median, min, max."""


def run(
    entities: int = 500,
    concurrencies: Sequence[int] = (16, 64),
    latency_ms: int = 20,
    rounds: int = 5,
) -> dict[int, Comparison]:
    results: dict[int, Comparison] = {}
    with sandbox_process("--latency-ms", str(latency_ms), "--envi-token-lifetime", "3600") as urls:
        for concurrency in concurrencies:
            runs: dict[str, list[dict[str, float]]] = {way: [] for way in WAYS}
            for _ in range(rounds):
                for way in WAYS:
                    runs[way].append(_spawn(way, urls["envi"], entities, concurrency))
            pairs = list(zip(runs["export_files"], runs["raw httpx2"], strict=True))
            durable = list(zip(runs["export_files"], runs["raw httpx2, durable"], strict=True))
            for ours, raw in [*pairs, *durable]:
                assert ours["requests"] == raw["requests"], (ours, raw)
            results[concurrency] = Comparison(
                runs=runs,
                cpu_ratio=_spread([ours["cpu_s"] / raw["cpu_s"] for ours, raw in pairs]),
                throughput_share=_spread([raw["wall_s"] / ours["wall_s"] for ours, raw in pairs]),
                durable_cpu_ratio=_spread([o["cpu_s"] / d["cpu_s"] for o, d in durable]),
                durable_throughput_share=_spread([d["wall_s"] / o["wall_s"] for o, d in durable]),
            )
    return results


if __name__ == "__main__":
    if len(sys.argv) == 5:
        child(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        for concurrency, comparison in run(rounds=3).items():
            print(concurrency, comparison.durable_cpu_ratio, comparison.cpu_ratio)
