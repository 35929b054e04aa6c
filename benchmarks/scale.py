"""Exports at scale (`make bench-scale`: tens of minutes, not part of `make bench`).

1. Envi: every purchase order of a module of 2,000 and of 20,000 records, five files
   each (10,000 and 100,000 files), no latency added: time per file, and the peak memory
   a run adds. Then the same export resumed over the finished 100,000-file manifest with
   `verify="size"`: it lists every record again and downloads nothing; and once more with
   `since_last_run`, which lists only the records changed since the first run began.
   Last, two floors of the resumed run: raw httpx2 sending the same discovery and listing
   requests, as many at once, and parsing the answers, with nothing else to do; and the
   same script also deciding what to skip, as plainly as a script can (the manifest read
   whole into a dict, then a lookup and a size check on disk per listed file).
2. Altegio: a whole location of 303 clients (913 requests) at the vendor's limits, longer
   than the minute whose 200 requests bound it, once a round.

Each Envi run is a fresh child process that measures itself around the export only (the
login and the sandbox building its data come first): wall time, CPU time of all its
threads, and its peak resident memory over what it held before. The sandbox runs in a
process of its own. Rounds interleave the sizes (2,000 then 20,000, each round).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2

from attachkit.envi import AsyncEnviClient, EnviEntityType
from attachkit.export import MANIFEST_NAME, Discover, export_files
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME
from attachkit_sandbox.vendors.envi.data import SCALE_FILES_PER_RECORD
from benchmarks.export import run_altegio_location
from benchmarks.export_cpu import raw_login
from benchmarks.sandbox_process import sandbox_process

CONCURRENCY = 8
_PAGE_SIZE = 500  # the client's default page size, so both send the same queries


def _resident_kib() -> int:
    """The resident memory now, in KiB (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


async def _export(url: str, directory: Path, verify: str, since: bool) -> dict[str, float]:
    async with AsyncEnviClient.from_password(
        url, username=ENVI_USERNAME, password=ENVI_PASSWORD
    ) as envi:
        # Log in and let the sandbox build its data before the clock starts.
        async for _ in envi.list_entities(EnviEntityType.PURCHASE_ORDER, page_size=1).pages():
            break
        before_kib = _resident_kib()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        summary = await export_files(
            envi,
            Discover(since_last_run=since),
            directory,
            entity_type=EnviEntityType.PURCHASE_ORDER,
            concurrency=CONCURRENCY,
            verify=verify,  # type: ignore[arg-type]
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
    assert summary.ok, (summary.failed[:3], summary.entity_failures[:3], summary.discovery)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return {
        "records": summary.discovery.found if summary.discovery else 0,
        "files": len(summary.files),
        "saved": len(summary.saved),
        "wall_s": wall,
        "cpu_s": cpu,
        "growth_mib": (after.ru_maxrss - before_kib) / 1024,
    }


def _read_manifest(directory: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(entity, attachment id) -> the last line recorded for it, as a raw script would
    hold a manifest: all of it in a dict."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    with open(directory / MANIFEST_NAME, "rb") as lines:
        for line in lines:
            record = json.loads(line)
            records[record["entity"], record["attachment_id"]] = record
    return records


def _still_saved(
    directory: str, records: dict[tuple[str, str], dict[str, Any]], entity: str, row: Any
) -> bool:
    """What a resumed run decides of one listed file: saved by an earlier run as it is
    listed now (size, last change), and still that size on disk."""
    record = records.get((entity, row["fileId"]))
    if record is None or record["status"] != "saved" or record["size"] != row["fileSize"]:
        return False
    updated, saved_at = row.get("lastUpdated"), record["updated_at"]
    # The manifest holds the time as an offset-aware ISO string: compared after parsing.
    if updated is not None and saved_at is not None and _utc(saved_at) != _utc(updated):
        return False
    try:
        found = os.stat(os.path.join(directory, record["path"])).st_size
    except OSError:
        return False
    return bool(found == record["size"])


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def _raw_listing(url: str, directory: Path | None = None) -> dict[str, float]:
    """The requests a resumed run cannot do without, sent with plain httpx2: the module's
    pages of purchase orders and each order's list of files, `CONCURRENCY` at a time,
    each answer parsed as JSON; no manifest, no decision, no file touched.

    With `directory`, also what a resumed run must decide there, as plainly as a script
    can: the manifest read whole into a dict first, then for each listed file whether it
    is saved as listed and still that size on disk (`_still_saved`)."""
    async with httpx2.AsyncClient(base_url=url, timeout=60) as http:
        headers = await raw_login(http)
        await http.get("/odata/PurchaseOrders?$top=1", headers=headers)  # data built
        before_kib = _resident_kib()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        decide = None
        if directory is not None:  # the manifest is read inside the measured time
            decide = functools.partial(_still_saved, str(directory), _read_manifest(directory))
        ids: deque[str] = deque()
        link: str | None = f"/odata/PurchaseOrders?$top={_PAGE_SIZE}"
        fetching = False
        found = {"records": 0, "files": 0, "requests": 0, "skipped": 0}
        changed = asyncio.Event()

        async def get(target: str) -> dict[str, Any]:
            response = await http.get(target, headers=headers)
            response.raise_for_status()
            found["requests"] += 1
            body: dict[str, Any] = response.json()
            return body

        async def fetch() -> None:
            nonlocal link, fetching, changed
            assert link is not None
            try:
                body = await get(link)
                ids.extend(record["purchaseOrderId"] for record in body["value"])
                found["records"] += len(body["value"])
                link = body.get("@odata.nextLink")
            finally:
                fetching = False
                changed.set()
                changed = asyncio.Event()

        async def worker() -> None:
            nonlocal fetching
            while True:
                if link is not None and not fetching and len(ids) < 64:
                    fetching = True  # as the export: the next page before the ids run out
                    await fetch()
                elif ids:
                    entity = ids.popleft()
                    body = await get(f"/odata/FileAttachments({entity})?$top={_PAGE_SIZE}")
                    found["files"] += len(body["value"])
                    if decide is not None:
                        found["skipped"] += sum(decide(entity, row) for row in body["value"])
                elif link is None and not fetching:
                    return
                else:
                    await changed.wait()

        async with asyncio.TaskGroup() as group:
            for _ in range(CONCURRENCY):
                group.create_task(worker())
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return {
        **found,
        "saved": 0,
        "wall_s": wall,
        "cpu_s": cpu,
        "growth_mib": (after.ru_maxrss - before_kib) / 1024,
    }


def child(url: str, directory: str, verify: str, since: str) -> None:
    """Runs in a fresh process: one export, then prints its figures as JSON."""
    figures = asyncio.run(_export(url, Path(directory), verify, since == "since-last-run"))
    print(json.dumps(figures))


def _child(*argv: str) -> dict[str, float]:
    """Runs `python -m benchmarks.scale ARGV...` in a fresh process: its figures."""
    command = [sys.executable, "-m", "benchmarks.scale", *argv]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = json.loads(output)
    return figures


def _spawn(
    url: str, directory: Path, verify: str = "sha256", since: str = "all"
) -> dict[str, float]:
    return _child(url, str(directory), verify, since)


def _spawn_raw_listing(url: str, directory: Path | None = None) -> dict[str, float]:
    if directory is None:
        return _child("raw-listing", url)
    return _child("raw-resume", url, str(directory))


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _envi_sandbox(records: int) -> list[str]:
    return ["--envi-scale-records", str(records), "--envi-token-lifetime", "3600"]


def run_envi(small: int = 2000, large: int = 20000, rounds: int = 3) -> dict[str, object]:
    """Rounds of (small first run, large first run, large resumed run), each size against
    its own sandbox; per-round ratios."""
    runs: dict[str, list[dict[str, float]]] = {
        "small": [],
        "large": [],
        "resumed": [],
        "since": [],
        "raw": [],
        "raw_resume": [],
    }
    with (
        sandbox_process(*_envi_sandbox(small)) as small_urls,
        sandbox_process(*_envi_sandbox(large)) as large_urls,
    ):
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as tmp:
                runs["small"].append(_spawn(small_urls["envi"], Path(tmp)))
            with tempfile.TemporaryDirectory() as tmp:
                runs["large"].append(_spawn(large_urls["envi"], Path(tmp)))
                runs["resumed"].append(_spawn(large_urls["envi"], Path(tmp), "size"))
                runs["since"].append(
                    _spawn(large_urls["envi"], Path(tmp), "size", "since-last-run")
                )
                runs["raw_resume"].append(_spawn_raw_listing(large_urls["envi"], Path(tmp)))
            runs["raw"].append(_spawn_raw_listing(large_urls["envi"]))
    for first, resumed, raw, plain in zip(
        runs["large"], runs["resumed"], runs["raw"], runs["raw_resume"], strict=True
    ):
        assert resumed["saved"] == 0, resumed
        assert resumed["files"] == first["files"], (first, resumed)
        assert (raw["records"], raw["files"]) == (first["records"], first["files"]), (first, raw)
        # The plain script must reach the export's decision: every saved file skipped.
        assert plain["skipped"] == first["saved"], (first, plain)
    per_file = [
        (large["wall_s"] / large["files"]) / (small["wall_s"] / small["files"])
        for small, large in zip(runs["small"], runs["large"], strict=True)
    ]
    cpu_per_file = [
        (large["cpu_s"] / large["files"]) / (small["cpu_s"] / small["files"])
        for small, large in zip(runs["small"], runs["large"], strict=True)
    ]
    resumed_share = [
        resumed["wall_s"] / first["wall_s"]
        for first, resumed in zip(runs["large"], runs["resumed"], strict=True)
    ]
    since_share = [
        since["wall_s"] / first["wall_s"]
        for first, since in zip(runs["large"], runs["since"], strict=True)
    ]
    pairs = list(zip(runs["large"], runs["resumed"], runs["raw"], strict=True))
    decided = list(zip(runs["large"], runs["resumed"], runs["raw_resume"], strict=True))
    return {
        "resumed_cpu_share": _spread(
            [resumed["cpu_s"] / first["cpu_s"] for first, resumed, _ in pairs]
        ),
        "raw_share": _spread([raw["wall_s"] / first["wall_s"] for first, _, raw in pairs]),
        "raw_cpu_share": _spread([raw["cpu_s"] / first["cpu_s"] for first, _, raw in pairs]),
        "resumed_over_raw": _spread(
            [resumed["wall_s"] / raw["wall_s"] for _, resumed, raw in pairs]
        ),
        "resumed_over_raw_cpu": _spread(
            [resumed["cpu_s"] / raw["cpu_s"] for _, resumed, raw in pairs]
        ),
        "raw_resume_share": _spread([raw["wall_s"] / first["wall_s"] for first, _, raw in decided]),
        "resumed_over_raw_resume": _spread(
            [resumed["wall_s"] / raw["wall_s"] for _, resumed, raw in decided]
        ),
        "resumed_over_raw_resume_cpu": _spread(
            [resumed["cpu_s"] / raw["cpu_s"] for _, resumed, raw in decided]
        ),
        "since_share": _spread(since_share),
        "runs": runs,
        "small": small,
        "large": large,
        "files_per_record": SCALE_FILES_PER_RECORD,
        "time_per_file_ratio": _spread(per_file),
        "cpu_per_file_ratio": _spread(cpu_per_file),
        "growth_mib": _spread([run["growth_mib"] for run in runs["large"]]),
        "resumed_share": _spread(resumed_share),
    }


def run_altegio_whole_location(rounds: int = 1) -> list[dict[str, float]]:
    return [run_altegio_location(456) for _ in range(rounds)]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "raw-listing":
        print(json.dumps(asyncio.run(_raw_listing(sys.argv[2]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "raw-resume":
        print(json.dumps(asyncio.run(_raw_listing(sys.argv[2], Path(sys.argv[3])))))
    elif len(sys.argv) == 5:
        child(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        print(json.dumps(run_envi(200, 2000, rounds=1), indent=1, default=str))
