"""Saving one large Envi file: attachkit's `save` against raw httpx2 streaming to disk.

Each run is a fresh process so its peak RSS belongs to that one download; the sandbox runs
in another process. Peak memory growth = peak RSS during the download - RSS before it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

from attachkit.envi import PUBLIC_CLIENT_ID, EnviClient
from attachkit_sandbox.vendors.envi import ENVI_LARGE_ENTITY_ID, ENVI_PASSWORD, ENVI_USERNAME
from benchmarks.sandbox_process import sandbox_process

CHUNK = 1024 * 1024
# attachkit flushes each file to disk before giving it its name; the last way does too.
WAYS = ("attachkit", "httpx2 streaming", "httpx2 streaming + fsync")


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _rss_kib() -> int:
    return _status_kib("VmRSS:")


def _peak_kib() -> int:
    # VmHWM, not getrusage's ru_maxrss: the latter keeps the RSS the forking parent had.
    return _status_kib("VmHWM:")


def _with_attachkit(url: str, directory: Path) -> int:
    with EnviClient.from_password(url, username=ENVI_USERNAME, password=ENVI_PASSWORD) as envi:
        (attachment,) = list(envi.list_files(ENVI_LARGE_ENTITY_ID))
        return envi.save(attachment, directory).stat().st_size


def _with_httpx(url: str, directory: Path, fsync: bool = False) -> int:
    with httpx2.Client(base_url=url, timeout=60) as http:
        token = http.post(
            "/oauth2/token",
            data={
                "grant_type": "password",
                "client_id": PUBLIC_CLIENT_ID,
                "username": ENVI_USERNAME,
                "password": ENVI_PASSWORD,
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", "api-version": "1.0"}
        listing = http.get(f"/odata/FileAttachments({ENVI_LARGE_ENTITY_ID})", headers=headers)
        file_id = listing.json()["value"][0]["fileId"]
        target = directory / "large.bin"
        with (
            http.stream(
                "GET", f"/odata/FileAttachments/{file_id}/content", headers=headers
            ) as response,
            target.open("wb") as handle,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes(CHUNK):
                handle.write(chunk)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        return target.stat().st_size


def child(way: str, url: str) -> None:
    """Runs in a fresh process: one download, then prints its figures as JSON."""
    # Start with no dirty pages: the previous run's unflushed writes must not slow this one.
    os.sync()
    before = _rss_kib()
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        target = Path(directory)
        if way == "attachkit":
            size = _with_attachkit(url, target)
        else:
            size = _with_httpx(url, target, fsync=way.endswith("fsync"))
        elapsed = time.perf_counter() - start
    print(json.dumps({"size": size, "seconds": elapsed, "growth_kib": _peak_kib() - before}))


def run(mib: int = 256, rounds: int = 3) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with sandbox_process("--large-file-mib", str(mib)) as urls:
        for _ in range(rounds):
            for way in WAYS:
                output = subprocess.run(
                    [sys.executable, "-m", "benchmarks.large_file", way, urls["envi"]],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ},
                ).stdout
                figures = json.loads(output)
                assert figures["size"] == mib * CHUNK, figures
                best = results.setdefault(way, {"seconds": float("inf"), "growth_kib": 0.0})
                best["seconds"] = min(best["seconds"], figures["seconds"])
                best["growth_kib"] = max(best["growth_kib"], figures["growth_kib"])
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], sys.argv[2])
    else:
        for way, figures in run(rounds=2).items():
            print(way, figures)
