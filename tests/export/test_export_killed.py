"""An export killed (SIGKILL) inside a batch, at each step between writing its files and
recording them: the manifest never claims a file that is not complete under its name,
and a re-run downloads exactly what was not recorded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attachkit.export import MANIFEST_NAME, export_files_sync
from attachkit_sandbox import SandboxConfig, SandboxServer
from attachkit_sandbox.vendors.envi import EnviSettings, envi_bulk_entity_ids
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.export.helpers import Recorder, saved_files, temp_files
from tests.export.paused_export import STEPS
from tests.vendors.envi import envi_app, sandbox_envi_client

BULK = envi_bulk_entity_ids()[:12]
ENTITIES = [str(entity) for entity in BULK]
REPO = Path(__file__).resolve().parents[2]


def sandbox_files() -> dict[str, tuple[str, str]]:
    """Path under the export directory -> (file id, SHA-256), as the sandbox serves them."""
    return {
        f"envi/{entity}/{file.name}": (str(file.file_id), file.sha256)
        for entity in BULK
        for file in envi_data().listing(entity)
    }


def killed_at(step: str, out: Path) -> None:
    ready = out.parent / "ready"
    with SandboxServer(
        SandboxConfig(vendor_settings=(EnviSettings(token_lifetime=3600),))
    ) as server:
        command = [sys.executable, "-m", "tests.export.paused_export", server.url("envi")]
        command += [str(out), step, str(ready), *ENTITIES]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
        process = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while not ready.exists():
            if process.poll() is not None:
                _, stderr = process.communicate()
                pytest.fail(f"the export ended before the {step} step: {stderr}")
            assert time.monotonic() < deadline, f"the export never reached the {step} step"
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    assert process.returncode == -signal.SIGKILL


def saved_records(out: Path) -> dict[str, dict[str, object]]:
    """attachment id -> the last record saying "saved"; only a last line may be torn."""
    lines = (out / MANIFEST_NAME).read_bytes().split(b"\n")
    lines.pop()
    records = [json.loads(line) for line in lines]
    return {str(r["attachment_id"]): r for r in records if r["status"] == "saved"}


@pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])
@pytest.mark.parametrize("step", list(STEPS))
def test_a_kill_inside_a_batch_leaves_no_record_ahead_of_its_file(
    tmp_path: Path, step: str
) -> None:
    out = tmp_path / "out"
    killed_at(step, out)

    expected = sandbox_files()
    on_disk = saved_files(out)
    recorded = saved_records(out)
    # Every final name holds a whole file; every "saved" record describes one.
    assert on_disk == {path: expected[path][1] for path in on_disk}
    for record in recorded.values():
        assert on_disk[str(record["path"])] == record["sha256"]
    # What the kill caught in the middle of the first batch with files in it:
    if step in ("written", "flushed"):
        assert temp_files(out)
        assert not on_disk
        assert not recorded
    elif step == "named":
        assert on_disk
        assert not recorded
        assert not temp_files(out)
    else:
        assert recorded
        assert recorded.keys() <= {expected[path][0] for path in on_disk}

    recorder = Recorder(envi_app())
    summary = export_files_sync(sandbox_envi_client(recorder), ENTITIES, out)

    assert summary.ok
    all_files = {file_id for file_id, _ in expected.values()}
    assert sorted(recorder.content_requests()) == sorted(all_files - recorded.keys())
    assert saved_files(out) == {path: sha for path, (_, sha) in expected.items()}
    assert temp_files(out) == []
