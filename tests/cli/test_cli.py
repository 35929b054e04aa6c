"""The `attachkit` command against the in-process sandbox: output, exit codes, secrets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from starlette.applications import Starlette

from attachkit.cli import ExitCode
from attachkit.export.lock import DirectoryLock
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.amili.data import amili_files
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, EnviSettings, envi_bulk_entity_ids
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.cli.helpers import SANDBOX_ENV, Terminal, attachkit
from tests.export.helpers import Recorder, saved_files
from tests.vendors.envi import envi_app

BULK_IDS = envi_bulk_entity_ids()[:6]
BULK = [str(entity) for entity in BULK_IDS]


def sandbox(**settings: object) -> Recorder:
    app: Starlette = envi_app(**settings)
    return Recorder(app)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


# --- help -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["envi", "--help"],
        ["envi", "export", "--help"],
        ["amili", "list", "--help"],
        ["altegio", "download", "--help"],
    ],
)
def test_help_shows_examples_and_exit_codes(argv: list[str]) -> None:
    outcome = attachkit(argv)
    assert outcome.code == ExitCode.OK
    assert "examples:\n  attachkit " in outcome.out or "examples:\n  export " in outcome.out
    if argv != ["envi", "--help"]:
        assert "exit codes:" in outcome.out


def test_no_arguments_is_a_usage_error() -> None:
    outcome = attachkit([])
    assert outcome.code == ExitCode.USAGE
    assert "usage: attachkit" in outcome.err


# --- list -----------------------------------------------------------------------------


def test_list_json_prints_one_object_per_attachment() -> None:
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID), "--json"], sandbox())
    assert outcome.code == ExitCode.OK
    listed = json_lines(outcome.out)
    assert [item["id"] for item in listed] == [
        str(file.file_id) for file in envi_data().listing(ENVI_PO_ID)
    ]
    first = listed[0]
    assert first["vendor"] == "envi"
    assert first["entity"] == {"type": "Purchase Order", "id": str(ENVI_PO_ID), "number": "100234"}
    assert {"name", "size", "mime_type", "created_at", "status"} <= first.keys()


def test_list_for_people_escapes_control_characters_in_names() -> None:
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID)], sandbox())
    assert outcome.code == ExitCode.OK
    assert "Delivery\\x07note.txt" in outcome.out
    assert "\x07" not in outcome.out
    assert "old quote.pdf  [Deleted]" in outcome.out


def test_amili_list_says_when_the_vendor_returned_fewer_than_matched() -> None:
    outcome = attachkit(["amili", "list", str(AMILI_CLIENT_NO)], sandbox())
    assert outcome.code == ExitCode.OK
    assert len(outcome.out.splitlines()) == 10
    assert "14 files matched but the vendor returned 10" in outcome.err


# --- download -------------------------------------------------------------------------


def test_download_saves_the_file_and_reports_its_path(tmp_path: Path) -> None:
    file = envi_data().files_of(ENVI_PO_ID)[0]
    argv = ["envi", "download", str(ENVI_PO_ID), str(file.file_id), "-o", str(tmp_path), "--json"]
    outcome = attachkit(argv, sandbox())
    assert outcome.code == ExitCode.OK
    (saved,) = json_lines(outcome.out)
    assert saved["status"] == "saved"
    assert hashlib.sha256(Path(str(saved["path"])).read_bytes()).hexdigest() == file.sha256


def test_altegio_download_of_an_unknown_file_fails_that_file_only(tmp_path: Path) -> None:
    argv = ["altegio", "download", "--location", str(ALTEGIO_LOCATION_ID)]
    argv += [str(ALTEGIO_CLIENT_ID), "123", "999", "-o", str(tmp_path)]
    outcome = attachkit(argv, Recorder(create_app(SandboxConfig(rate_limits=False))))
    assert outcome.code == ExitCode.FAILED
    assert outcome.out.strip() == str(tmp_path / "test.txt")
    assert "999: no such file among the 4 listed" in outcome.err
    test_txt = altegio_locations()[ALTEGIO_LOCATION_ID].clients[ALTEGIO_CLIENT_ID][0]
    assert (tmp_path / "test.txt").read_bytes() == test_txt.content()


# --- export ---------------------------------------------------------------------------


def test_export_json_summary_then_a_rerun_downloads_nothing(tmp_path: Path) -> None:
    recorder = sandbox()
    argv = ["envi", "export", str(ENVI_PO_ID), *BULK, "-o", str(tmp_path), "--json"]
    first = attachkit(argv, recorder)
    assert first.code == ExitCode.OK
    summary = json.loads(first.out)
    files = [f for e in [ENVI_PO_ID, *BULK_IDS] for f in envi_data().listing(e)]
    assert summary["ok"] is True
    assert summary["counts"]["saved"] == sum(f.has_content for f in files)
    assert summary["counts"]["skipped"] == 4
    assert set(saved_files(tmp_path).values()) == {f.sha256 for f in files if f.has_content}

    recorder.reset()
    second = json.loads(attachkit(argv, recorder).out)
    assert recorder.content_requests() == []
    assert second["counts"]["already_saved"] == summary["counts"]["saved"]


def test_altegio_and_amili_exports_take_their_vendor_options(tmp_path: Path) -> None:
    recorder = Recorder(create_app(SandboxConfig(rate_limits=False)))
    argv = ["altegio", "export", "--location", "456", str(ALTEGIO_CLIENT_ID), "-o", str(tmp_path)]
    assert attachkit([*argv, "-q"], recorder).code == ExitCode.OK
    argv = ["amili", "export", str(AMILI_CLIENT_NO), "--type", "Invoice", "-o", str(tmp_path)]
    assert attachkit([*argv, "-q"], recorder).code == ExitCode.OK

    files = altegio_locations()[ALTEGIO_LOCATION_ID].clients[ALTEGIO_CLIENT_ID]
    invoices = [f for f in amili_files()[AMILI_CLIENT_NO] if f.type == "Invoice"]
    assert saved_files(tmp_path) == {
        **{f"altegio/456/{ALTEGIO_CLIENT_ID}/{f.name}": f.sha256 for f in files},
        **{f"amili/{AMILI_CLIENT_NO}/{f.name}": f.sha256 for f in invoices},
    }


def test_export_reads_ids_from_stdin_and_from_a_file(tmp_path: Path) -> None:
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(f"# requisitions\n{BULK[0]}\n\n{BULK[1]}, {BULK[2]}\n", encoding="utf-8")
    argv = ["envi", "export", "-", "--ids-file", str(ids_file), "-o", str(tmp_path / "out")]
    outcome = attachkit([*argv, "--json"], sandbox(), stdin=f"{BULK[3]}\n{BULK[0]}\n")
    assert outcome.code == ExitCode.OK
    entities = {item["entity"] for item in json.loads(outcome.out)["files"]}
    assert entities == set(BULK[:4])


def test_export_lists_failed_files_and_exits_1(tmp_path: Path) -> None:
    file = envi_data().listing(BULK_IDS[0])[0]
    path = f"/envi/odata/FileAttachments/{file.file_id}/content"
    recorder = sandbox(fault_rules=(FaultRule("status=500", path_prefix=path),))
    outcome = attachkit(["envi", "export", *BULK[:2], "-o", str(tmp_path)], recorder)
    assert outcome.code == ExitCode.FAILED
    assert f"failed   {BULK[0]}/{file.name}: envi: HTTP 500" in outcome.err
    assert ", 1 failed," in outcome.out


def test_export_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal()
    argv = ["envi", "export", *BULK, "-o", str(tmp_path / "a")]
    assert attachkit(argv, sandbox(), stderr=terminal).code == ExitCode.OK
    drawn = terminal.getvalue()
    assert drawn.startswith("\r[")
    assert "[########################]  8/8 files  172 B/172 B" in drawn.split("\r")[-1]
    assert drawn.endswith("\n")

    quiet = attachkit(["envi", "export", *BULK, "-o", str(tmp_path / "b")], sandbox())
    assert "\r" not in quiet.err


# --- exit codes -----------------------------------------------------------------------


def test_missing_configuration_exits_2_and_names_the_variable() -> None:
    env = {k: v for k, v in SANDBOX_ENV.items() if k != "ATTACHKIT_ENVI_URL"}
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID)], env=env)
    assert outcome.code == ExitCode.USAGE
    assert "ATTACHKIT_ENVI_URL" in outcome.err


def test_altegio_downloads_without_the_web_host_fail_file_by_file(tmp_path: Path) -> None:
    # The sandbox's full links are on its own http host, not on Altegio's https ones, and
    # the vendor's example rows have no full link at all: without the web URL, none of them
    # may be fetched, and nothing is sent to the web application.
    env = {k: v for k, v in SANDBOX_ENV.items() if k != "ATTACHKIT_ALTEGIO_WEB_URL"}
    recorder = Recorder(create_app(SandboxConfig(rate_limits=False)))
    argv = ["altegio", "download", "--location", "456", "123456", "-o", str(tmp_path)]
    outcome = attachkit(argv, recorder, env=env)
    assert outcome.code == ExitCode.FAILED
    errors = outcome.err.splitlines()
    assert len(errors) == 4
    assert all("--web-url / ATTACHKIT_ALTEGIO_WEB_URL" in line for line in errors)
    assert sum("is not an https URL on alteg.io or yclients.com" in line for line in errors) == 2
    assert not any(path.startswith("/altegio-web") for path in recorder.paths)
    assert list(tmp_path.iterdir()) == []


def test_malformed_ids_exit_2(tmp_path: Path) -> None:
    outcome = attachkit(["envi", "export", "PO-100234", "-o", str(tmp_path)], sandbox())
    assert outcome.code == ExitCode.USAGE
    assert "an Envi entity id is not a UUID" in outcome.err


def test_vendor_failure_exits_4() -> None:
    rule = FaultRule("status=503", path_prefix="/envi/odata")
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID)], sandbox(fault_rules=(rule,)))
    assert outcome.code == ExitCode.VENDOR
    assert "HTTP 503" in outcome.err


def test_a_locked_export_directory_exits_2(tmp_path: Path) -> None:
    with DirectoryLock(tmp_path):
        outcome = attachkit(["envi", "export", BULK[0], "-o", str(tmp_path)], sandbox())
    assert outcome.code == ExitCode.USAGE
    assert "another export is running" in outcome.err


# --- secrets --------------------------------------------------------------------------

SECRET = "Hunter2-s3cret-value"


@pytest.mark.parametrize(
    "argv",
    [
        ["envi", "list", str(ENVI_PO_ID), "--password", SECRET],
        ["envi", "export", BULK[0], "-o", "{tmp}", f"--password={SECRET}", "--json"],
        ["amili", "list", str(AMILI_CLIENT_NO), "--token", SECRET],
        ["altegio", "list", "--location", "456", "123456", "--partner-token", SECRET],
        ["altegio", "list", "--location", "456", "123456", "--user-token", SECRET],
    ],
)
def test_refused_credentials_exit_3_without_showing_the_secret(
    argv: list[str], tmp_path: Path
) -> None:
    app = create_app(
        SandboxConfig(rate_limits=False, vendor_settings=(EnviSettings(token_lifetime=3600),))
    )
    outcome = attachkit([arg.replace("{tmp}", str(tmp_path)) for arg in argv], Recorder(app))
    assert outcome.code == ExitCode.AUTH
    assert outcome.err
    assert SECRET not in outcome.out + outcome.err


def test_a_mistyped_flag_does_not_echo_its_secret_value() -> None:
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID), "--pasword", SECRET])
    assert outcome.code == ExitCode.USAGE
    assert "--pasword" in outcome.err
    assert SECRET not in outcome.out + outcome.err


def test_secrets_from_the_environment_are_masked_in_every_message() -> None:
    # The password pasted into the URL too: the message quoting the URL must not show it.
    env = {**SANDBOX_ENV, "ATTACHKIT_ENVI_URL": f"ftp://me:{SECRET}@envi.invalid/"}
    env["ATTACHKIT_ENVI_PASSWORD"] = SECRET
    outcome = attachkit(["envi", "list", str(ENVI_PO_ID)], sandbox(), env=env)
    assert outcome.code == ExitCode.USAGE
    assert SECRET not in outcome.out + outcome.err
    assert "***" in outcome.err
