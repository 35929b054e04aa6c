"""`attachkit altegio upload` against the in-process sandbox: what it prints, what it
stores, and how it fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from attachkit.cli import ExitCode
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_VIEWER_TOKEN,
)
from tests.cli.helpers import SANDBOX_ENV, attachkit
from tests.export.helpers import Recorder

UPLOAD = ["altegio", "upload", "--location", "456", str(ALTEGIO_CLIENT_ID)]
LIST = ["altegio", "list", "--location", "456", str(ALTEGIO_CLIENT_ID), "--json"]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(create_app(SandboxConfig(rate_limits=False)))


def _file(directory: Path, name: str, data: bytes) -> str:
    path = directory / name
    path.write_bytes(data)
    return str(path)


def test_uploads_print_the_new_files_and_the_list_shows_them(
    tmp_path: Path, recorder: Recorder
) -> None:
    first = _file(tmp_path, "consent.pdf", b"%PDF-1.4 consent")
    second = _file(tmp_path, "scan.JPG", b"\xff\xd8\xff scan")
    outcome = attachkit([*UPLOAD, first, second], recorder)
    assert (outcome.code, outcome.err) == (ExitCode.OK, "")
    rows = outcome.out.splitlines()
    assert [row.split()[0] for row in rows] == ["500001", "500002"]
    assert rows[0].endswith("consent.pdf")
    assert rows[1].endswith("scan.JPG")
    listed = [json.loads(line) for line in attachkit(LIST, recorder).out.splitlines()]
    assert [(item["id"], item["name"]) for item in listed[-2:]] == [
        ("500001", "consent.pdf"),
        ("500002", "scan.JPG"),
    ]
    assert [item["mime_type"] for item in listed[-2:]] == ["application/pdf", "image/jpeg"]


def test_json_and_a_name_of_its_own(tmp_path: Path, recorder: Recorder) -> None:
    path = _file(tmp_path, "scan-0042.pdf", b"%PDF-1.4 referral")
    outcome = attachkit([*UPLOAD, path, "--name", "Referral.pdf", "--json"], recorder)
    assert outcome.code == ExitCode.OK
    (line,) = outcome.out.splitlines()
    answer = json.loads(line)
    assert (answer["path"], answer["status"], answer["reason"]) == (path, "uploaded", None)
    attachment = answer["attachment"]
    assert (attachment["id"], attachment["name"], attachment["size"]) == (
        "500001",
        "Referral.pdf",
        17,
    )
    assert attachment["entity"] == {"type": "client", "id": str(ALTEGIO_CLIENT_ID), "number": None}
    download = ["altegio", "download", "--location", "456", str(ALTEGIO_CLIENT_ID), "500001"]
    saved = attachkit([*download, "-o", str(tmp_path / "out")], recorder)
    assert saved.code == ExitCode.OK
    stored = (tmp_path / "out" / "Referral.pdf").read_bytes()
    assert hashlib.sha256(stored).digest() == hashlib.sha256(b"%PDF-1.4 referral").digest()


def test_a_refused_file_fails_alone_before_anything_is_sent(
    tmp_path: Path, recorder: Recorder
) -> None:
    good = _file(tmp_path, "notes.txt", b"notes")
    wrong_type = _file(tmp_path, "setup.exe", b"MZ")
    empty = _file(tmp_path, "empty.pdf", b"")
    missing = str(tmp_path / "missing.pdf")
    outcome = attachkit([*UPLOAD, wrong_type, good, empty, missing, "--json"], recorder)
    assert outcome.code == ExitCode.FAILED
    answers = [json.loads(line) for line in outcome.out.splitlines()]
    assert [(a["path"], a["status"]) for a in answers] == [
        (wrong_type, "failed"),
        (good, "uploaded"),
        (empty, "failed"),
        (missing, "failed"),
    ]
    assert "must end in an extension Altegio takes" in answers[0]["reason"]
    assert "is empty" in answers[2]["reason"]
    assert "No such file" in answers[3]["reason"]
    assert outcome.err.count("not uploaded: ") == 3
    posts = [path for path in recorder.paths if path.endswith(f"/{ALTEGIO_CLIENT_ID}")]
    assert len(posts) == 1  # only the good file reached the vendor


def test_the_upload_right_is_the_vendors_to_refuse(tmp_path: Path, recorder: Recorder) -> None:
    env = {**SANDBOX_ENV, "ATTACHKIT_ALTEGIO_USER_TOKEN": ALTEGIO_VIEWER_TOKEN}
    outcome = attachkit([*UPLOAD, _file(tmp_path, "a.pdf", b"%PDF")], recorder, env=env)
    assert outcome.code == ExitCode.AUTH
    assert "HTTP 403" in outcome.err
    assert "Access denied." in outcome.err
    for secret in (ALTEGIO_VIEWER_TOKEN, ALTEGIO_PARTNER_TOKEN):
        assert secret not in outcome.err + outcome.out


def test_a_name_applies_to_one_file_only(tmp_path: Path, recorder: Recorder) -> None:
    files = [_file(tmp_path, "a.txt", b"a"), _file(tmp_path, "b.txt", b"b")]
    outcome = attachkit([*UPLOAD, *files, "--name", "c.txt"], recorder)
    assert outcome.code == ExitCode.USAGE
    assert "--name names one file" in outcome.err
    assert recorder.paths == []


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["altegio", "upload", "--location", "456", "123456"], id="no-file"),
        pytest.param(["altegio", "upload", "123456", "a.pdf"], id="no-location"),
        pytest.param(["altegio", "upload", "--location", "456", "x", "a.pdf"], id="client-id"),
        pytest.param(["envi", "upload", "a.pdf"], id="vendor-without-uploads"),
    ],
)
def test_bad_arguments_exit_2(argv: list[str]) -> None:
    outcome = attachkit(argv)
    assert outcome.code == ExitCode.USAGE
    assert "usage:" in outcome.err


def test_help_names_the_upload_only_where_it_exists() -> None:
    altegio = attachkit(["altegio", "--help"])
    assert "upload" in altegio.out
    upload_help = attachkit(["altegio", "upload", "--help"])
    assert upload_help.code == ExitCode.OK
    assert "FILE" in upload_help.out
    assert "--name NAME" in upload_help.out
    assert "attachkit altegio upload --location 456" in upload_help.out
    for vendor in ("envi", "amili"):
        assert "upload" not in attachkit([vendor, "--help"]).out
