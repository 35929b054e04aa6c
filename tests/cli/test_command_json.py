"""`--json` always ends with one JSON document that says how the run ended: a summary
(export, check) or, for a run that stopped as a whole, its error, hint and exit code."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from attachkit_sandbox import SandboxConfig, SandboxServer
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
)
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, envi_bulk_entity_ids
from tests.support.command import RequestLog, Served

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

ALTEGIO = ("--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID))


def _last_document(stdout: str) -> dict[str, object]:
    document = json.loads(stdout.splitlines()[-1])
    assert isinstance(document, dict)
    return document


def test_an_upload_refused_ends_with_the_error_and_exit_code(
    served: Served, tmp_path: Path
) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    viewer = {"ATTACHKIT_ALTEGIO_LOGIN": ALTEGIO_VIEWER_LOGIN,
              "ATTACHKIT_ALTEGIO_PASSWORD": ALTEGIO_VIEWER_PASSWORD}  # fmt: skip
    done = served.attachkit(
        "altegio", "upload", *ALTEGIO, "scan.pdf", "--json", extra=viewer, cwd=tmp_path
    )
    assert done.returncode == 3
    document = _last_document(done.stdout)
    assert document["exit_code"] == 3
    assert document["ok"] is False
    assert "HTTP 403" in str(document["error"])


def test_an_export_into_a_file_ends_with_one_document(served: Served, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    done = served.attachkit(
        "envi", "export", str(ENVI_PO_ID), "-o", str(tmp_path / "afile"), "--json"
    )
    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    assert json.loads(line) == {
        "ok": False,
        "hint": None,
        "error": f"-o {tmp_path / 'afile'}: is a file, not a directory",
        "exit_code": 2,
    }


def test_a_refused_query_ends_with_its_hint(served: Served) -> None:
    done = served.attachkit("envi", "list", str(ENVI_PO_ID), "--filter", "nope", "--json")
    assert done.returncode == 2
    document = _last_document(done.stdout)
    assert document["hint"] == "check --filter"
    assert document["exit_code"] == 2


def test_an_export_summary_carries_its_exit_code(served: Served, tmp_path: Path) -> None:
    done = served.attachkit("envi", "export", str(ENVI_PO_ID), "-o", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    summary = json.loads(line)
    assert (summary["ok"], summary["error"], summary["exit_code"]) == (True, None, 0)


def test_a_missing_file_is_reported_under_the_id_asked_for(served: Served, tmp_path: Path) -> None:
    missing = "00000000-0000-0000-0000-000000000001"
    done = served.attachkit(
        "envi", "download", str(ENVI_PO_ID), missing, "-o", str(tmp_path), "--json"
    )
    assert done.returncode == 1
    (line,) = done.stdout.splitlines()
    result = json.loads(line)
    assert (result["vendor"], result["id"], result["status"]) == ("envi", missing, "failed")


def test_without_json_a_failure_prints_nothing_on_stdout(served: Served) -> None:
    done = served.attachkit("envi", "list", str(ENVI_PO_ID), "--filter", "nope")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "check --filter" in done.stderr


def test_bad_arguments_end_with_a_document_too(served: Served) -> None:
    done = served.attachkit("envi", "list", "--json")
    assert done.returncode == 2
    document = _last_document(done.stdout)
    assert document["exit_code"] == 2
    assert "ENTITY_ID" in str(document["error"])


def test_an_interrupted_export_ends_with_one_document(tmp_path: Path) -> None:
    requests: list[str] = []
    server = SandboxServer(SandboxConfig(latency_ms=200, rate_limits=False))
    server.app.add_middleware(RequestLog, log=requests)
    ids = [str(entity) for entity in envi_bulk_entity_ids()[:20]]
    with server:
        served = Served(server, requests)
        process = served.popen(
            "envi", "export", *ids, "-o", str(tmp_path), "--json", "--concurrency", "2",
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not any("/content" in request for request in requests):
            assert time.monotonic() < deadline, "no download started"
            assert process.poll() is None
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    (line,) = out.splitlines()
    assert json.loads(line) == {"ok": False, "hint": None, "error": "interrupted", "exit_code": 130}
