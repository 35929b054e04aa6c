"""End to end: `attachkit envi export` in a subprocess, killed mid-run, then run again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from attachkit_sandbox import SandboxConfig, SandboxServer
from attachkit_sandbox.vendors.envi import (
    ENVI_PASSWORD,
    ENVI_USERNAME,
    EnviSettings,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.export.helpers import saved_files, temp_files

ENTITIES = envi_bulk_entity_ids()[:40]
KILL_AFTER = 12  # content requests seen before the kill


class ContentLog:
    """Notes the file id of every content request the sandbox receives."""

    def __init__(self, app: ASGIApp, log: list[str]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/content"):
            self.log.append(scope["path"].split("/")[-2])
        await self.app(scope, receive, send)


def _export(server: SandboxServer, ids_file: Path, out: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "ATTACHKIT_ENVI_URL": server.url("envi"),
        "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
        "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
    }
    command = [sys.executable, "-m", "attachkit.cli", "envi", "export"]
    command += ["--ids-file", str(ids_file), "-o", str(out), "--concurrency", "4", "--json"]
    return subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    """attachment id -> its last record; only the last line may be torn by the kill."""
    lines = (out / "attachkit-manifest.jsonl").read_bytes().split(b"\n")
    torn = lines.pop()
    if torn:
        with pytest.raises(json.JSONDecodeError):
            json.loads(torn)
    records = [json.loads(line) for line in lines]
    return {str(record["attachment_id"]): record for record in records}


@pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])
def test_a_killed_export_resumes_without_downloading_again(tmp_path: Path) -> None:
    expected = {
        (str(entity), str(file.file_id)): file.sha256
        for entity in ENTITIES
        for file in envi_data().listing(entity)
    }
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("\n".join(map(str, ENTITIES)) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    requested: list[str] = []
    server = SandboxServer(
        SandboxConfig(latency_ms=40, vendor_settings=(EnviSettings(token_lifetime=3600),))
    )
    server.app.add_middleware(ContentLog, log=requested)

    with server:
        process = _export(server, ids_file, out)
        deadline = time.monotonic() + 20
        while len(requested) < KILL_AFTER and process.poll() is None:
            assert time.monotonic() < deadline, "the export never got going"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        assert process.returncode == -signal.SIGKILL

        # Killed mid-run: what has a final name is whole, and the manifest reads.
        records = _manifest(out)
        done = {id_ for id_, record in records.items() if record["status"] == "saved"}
        assert 0 < len(done) < len(expected)
        on_disk = saved_files(out)
        for record in records.values():
            if record["status"] == "saved":
                assert on_disk[str(record["path"])] == record["sha256"]
        assert set(on_disk.values()) <= set(expected.values())
        inodes = {
            str(r["path"]): (out / str(r["path"])).stat().st_ino
            for r in records.values()
            if r["status"] == "saved"
        }

        requested.clear()
        rerun = _export(server, ids_file, out)
        stdout, stderr = rerun.communicate(timeout=30)

    assert rerun.returncode == 0, stderr
    summary = json.loads(stdout)
    assert summary["ok"] is True
    all_files = {file_id for _, file_id in expected}
    assert set(requested).isdisjoint(done)
    assert set(requested) == all_files - done
    assert {(f["entity"], f["attachment_id"]): f["sha256"] for f in summary["files"]} == expected
    final = saved_files(out)
    assert sorted(final.values()) == sorted(expected.values())
    assert all((out / path).stat().st_ino == inode for path, inode in inodes.items())
    assert temp_files(out) == []
