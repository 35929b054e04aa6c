"""What -v and -vv show: each record names the request it is about, and on a terminal the
log lines never run into the progress line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from attachkit_sandbox import FaultRule, SandboxConfig, SandboxServer
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, envi_bulk_entity_ids
from tests.support.command import Served
from tests.support.terminal import on_terminal, screen_lines

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING) ")


def test_a_refused_token_request_is_logged_as_itself(served: Served) -> None:
    done = served.attachkit("envi", "list", str(ENVI_PO_ID), "--password", "wrong-one", "-vv")
    assert done.returncode == 3
    records = [line for line in done.stderr.splitlines() if "attachkit.envi:" in line]
    assert any(re.search(r"POST \S+/oauth2/token -> HTTP 400 \(before GET ", r) for r in records)
    assert not any(re.search(r"GET \S+FileAttachments\S* -> HTTP 400", r) for r in records)


def test_log_lines_do_not_run_into_the_progress_line(tmp_path: Path) -> None:
    # Content requests fail now and then (503) and are retried: INFO records while the
    # progress line is on screen.
    faults = (FaultRule("status=503;times=2", path_prefix="/envi/odata/FileAttachments/"),)
    config = SandboxConfig(latency_ms=20, fault_rules=faults, rate_limits=False)
    ids = [str(entity) for entity in envi_bulk_entity_ids()[:8]]
    with SandboxServer(config) as server:
        served = Served(server, [])

        def start(terminal: int) -> subprocess.Popen[str]:
            return served.popen(
                "envi", "export", *ids, "-o", str(tmp_path), "-v", "--concurrency", "2",
                stdout=subprocess.PIPE, stderr=terminal,
            )  # fmt: skip

        process, shown, _ = on_terminal(start)
    assert process.returncode == 0, shown
    lines = screen_lines(shown)
    retries = [line for line in lines if "retrying GET" in line]
    assert retries, lines
    assert all(RECORD.match(line) for line in retries), retries
    assert any(line.startswith("[") and " files" in line for line in lines)  # the bar stays
    assert not any(" files" in line and " INFO " in line for line in lines)
