"""The command line tells the truth: JSON that parses, flags where users put them, skips
the help promises, and downloads that do not pile up numbered copies."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest

from attachkit import __version__
from attachkit.cli import ExitCode
from attachkit.cli.console import json_text
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.amili.data import amili_files
from attachkit_sandbox.vendors.envi import ENVI_HOSTILE_NAMES_ID, ENVI_PO_ID, EnviSettings
from attachkit_sandbox.vendors.envi.data import HOSTILE_NAMES, envi_data
from tests.cli.helpers import SANDBOX_ENV, Terminal, attachkit
from tests.cli.test_cli import sandbox
from tests.export.helpers import Recorder

PO = str(ENVI_PO_ID)
PO_FILES = [f for f in envi_data().files.values() if f.entity.entity_id == ENVI_PO_ID]
DELETED = next(f for f in PO_FILES if f.status == "Deleted")
SAVED = next(f for f in PO_FILES if f.has_content and f.name.endswith(".pdf"))

HOSTILE_TEXT = [
    "Invoice\xa012.pdf",  # no-break space
    "Invoice\xad12.pdf",  # soft hyphen
    "bidi \u202egpj.exe",
    "bell\x07.txt",
    "line\u2028break.txt",
    "lone \ud800 surrogate.txt",
    "tag \U000e0001.txt",
    'quote " and back\\slash.txt',
    "emoji \U0001f600.pdf",
]


@pytest.mark.parametrize("name", HOSTILE_TEXT)
def test_json_text_parses_back_and_shows_nothing_unprintable(name: str) -> None:
    text = json_text({"name": name, "nested": [name]})
    assert json.loads(text) == {"name": name, "nested": [name]}
    assert text.isprintable()


@pytest.mark.parametrize("entity", [ENVI_PO_ID, ENVI_HOSTILE_NAMES_ID], ids=["po", "names"])
def test_list_json_parses_for_every_name_the_sandbox_has(entity: UUID) -> None:
    outcome = attachkit(["envi", "list", str(entity), "--json"], sandbox())
    assert outcome.code == ExitCode.OK
    assert all(line.isprintable() for line in outcome.out.splitlines())
    names = {json.loads(line)["name"] for line in outcome.out.splitlines()}
    expected = {f.name for f in envi_data().files.values() if f.entity.entity_id == entity}
    assert expected <= names  # linked files of other entities come too


def test_hostile_names_include_what_broke_json_output() -> None:
    assert {"Invoice\xa012.pdf", "Invoice\xad13.pdf"} <= set(HOSTILE_NAMES)


def test_hostile_names_export_inside_the_directory(tmp_path: Path) -> None:
    argv = ["envi", "export", str(ENVI_HOSTILE_NAMES_ID), "-o", str(tmp_path), "--json"]
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.OK, outcome.err
    summary = json.loads(outcome.out)
    saved = [Path(tmp_path, record["path"]) for record in summary["files"]]
    assert len(saved) == len(HOSTILE_NAMES)
    for path in saved:
        assert path.resolve().parent == (tmp_path / "envi" / str(ENVI_HOSTILE_NAMES_ID)).resolve()
        assert path.read_text().startswith("file ")


def test_version() -> None:
    outcome = attachkit(["--version"])
    assert outcome.code == ExitCode.OK
    assert outcome.out.strip() == f"attachkit {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "envi", "list", str(ENVI_PO_ID)],
        ["envi", "--json", "list", str(ENVI_PO_ID)],
        ["envi", "list", "--json", str(ENVI_PO_ID)],
        ["envi", "list", str(ENVI_PO_ID), "--json"],
    ],
    ids=["before-vendor", "before-action", "after-action", "at-the-end"],
)
def test_json_is_accepted_before_and_after_the_action(argv: list[str]) -> None:
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.OK
    assert all(json.loads(line)["vendor"] == "envi" for line in outcome.out.splitlines())


@pytest.mark.parametrize(
    "argv",
    [["-q", "envi", "list", str(ENVI_PO_ID)], ["envi", "list", str(ENVI_PO_ID), "--quiet"]],
)
def test_quiet_list_prints_ids_only(argv: list[str]) -> None:
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.OK
    ids = outcome.out.split()
    assert str(SAVED.file_id) in ids
    assert all(len(line) == 36 for line in outcome.out.splitlines())
    assert outcome.err == ""


def test_download_skips_a_file_without_content_as_the_help_says(tmp_path: Path) -> None:
    argv = ["envi", "download", PO, str(DELETED.file_id), str(SAVED.file_id), "-o", str(tmp_path)]
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.OK
    assert "skipped  old quote.pdf" in outcome.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [SAVED.name]
    outcome = attachkit([*argv, "--json"], sandbox())
    statuses = {
        json.loads(line)["name"]: json.loads(line)["status"] for line in outcome.out.splitlines()
    }
    assert statuses == {DELETED.name: "skipped", SAVED.name: "saved"}


def test_download_twice_numbers_the_copy_unless_told_to_skip_existing(tmp_path: Path) -> None:
    argv = ["envi", "download", PO, str(SAVED.file_id), "-o", str(tmp_path)]
    assert attachkit(argv, sandbox()).code == ExitCode.OK
    skipped = attachkit([*argv, "--skip-existing"], sandbox())
    assert skipped.code == ExitCode.OK
    assert f"already saved as {tmp_path / SAVED.name}" in skipped.err
    assert [p.name for p in tmp_path.iterdir()] == [SAVED.name]
    assert attachkit(argv, sandbox()).code == ExitCode.OK  # without the flag: a numbered copy
    assert len(list(tmp_path.iterdir())) == 2


def test_skip_existing_still_saves_a_file_whose_bytes_differ(tmp_path: Path) -> None:
    (tmp_path / SAVED.name).write_bytes(b"an older version of the file")
    argv = ["envi", "download", PO, str(SAVED.file_id), "-o", str(tmp_path), "--skip-existing"]
    outcome = attachkit([*argv, "--json"], sandbox())
    assert outcome.code == ExitCode.OK
    record = json.loads(outcome.out)
    assert record["status"] == "saved"
    assert Path(record["path"]).read_bytes() == SAVED.content()
    assert (tmp_path / SAVED.name).read_bytes() == b"an older version of the file"


def _faulted(directives: str) -> Recorder:
    app = create_app(
        SandboxConfig(
            rate_limits=False,
            vendor_settings=(EnviSettings(token_lifetime=3600),),
            fault_rules=(FaultRule(directives, path_prefix="/envi/odata"),),
        )
    )
    return Recorder(app)


def test_verbose_logs_retries_and_very_verbose_every_request() -> None:
    argv = ["envi", "list", str(ENVI_PO_ID)]
    quiet = attachkit(argv, _faulted("status=503;times=1"))
    assert "retrying" not in quiet.err
    one = attachkit(["-v", *argv], _faulted("status=503;times=1"))
    assert one.code == ExitCode.OK
    assert "INFO    attachkit.envi: retrying GET " in one.err
    assert "after HTTP 503; attempt 2 next" in one.err
    assert "DEBUG" not in one.err
    two = attachkit([*argv, "-vv"], _faulted("status=503;times=1"))
    assert "DEBUG   attachkit.envi: GET " in two.err
    assert "INFO    httpx2: HTTP Request: GET " in two.err
    assert SANDBOX_ENV["ATTACHKIT_ENVI_PASSWORD"] not in two.err


def test_download_says_when_it_waits_for_a_rate_limit(tmp_path: Path) -> None:
    argv = ["envi", "download", PO, str(SAVED.file_id), "-o", str(tmp_path)]
    outcome = attachkit(argv, _faulted("status=429;retry-after=6;times=1"))
    assert outcome.code == ExitCode.OK
    assert "waiting 6 s (rate limit)" in outcome.err


def test_the_export_progress_line_shows_a_rate_limit_wait(tmp_path: Path) -> None:
    terminal = Terminal()
    argv = ["envi", "export", str(ENVI_PO_ID), "-o", str(tmp_path)]
    outcome = attachkit(argv, _faulted("status=429;retry-after=6;times=1"), stderr=terminal)
    assert outcome.code == ExitCode.OK
    assert "waiting 6 s (rate limit)" in terminal.getvalue()


def test_an_amili_export_missing_capped_files_exits_1_and_says_how_many(tmp_path: Path) -> None:
    argv = ["amili", "export", str(AMILI_CLIENT_NO), "-o", str(tmp_path)]
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.FAILED, outcome.err
    missing = len(amili_files()[AMILI_CLIENT_NO]) - 10
    assert (
        f"missing  {AMILI_CLIENT_NO}: the vendor matched {missing + 10} files but returned 10"
        in (outcome.err)
    )
    assert f"{missing} known to exist but not returned by the vendor" in outcome.out
    as_json = attachkit([*argv, "--json"], sandbox())
    assert json.loads(as_json.out)["incomplete"][0]["missing"] == missing
