"""The test vendor through the command and the export, found by the registry like any
vendor: list, download, export and a re-run that skips, check (matching its spec, finding
drift, recording), and refusals the descriptor says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from attachkit import registry
from attachkit.cli import ExitCode
from attachkit.export import MANIFEST_NAME, export_files_sync
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from tests.cli.helpers import SANDBOX_ENV, attachkit
from tests.export.helpers import BASE, Recorder, no_sleep
from tests.support.scrub import REDACTED
from tests.support.vendors import SANDBOX_PLUGINS

from .acme import DESCRIPTOR, AcmeClient, AsyncAcmeClient
from .sandbox import FILES, TOKEN


def _sandbox(*rules: FaultRule) -> Recorder:
    return Recorder(create_app(SandboxConfig(fault_rules=rules), SANDBOX_PLUGINS))


def test_the_registry_knows_it_while_its_tests_run() -> None:
    assert "acme" in registry.names()
    assert registry.get("acme") is DESCRIPTOR
    assert registry.for_client(AsyncAcmeClient(f"{BASE}/acme", token=TOKEN)) is DESCRIPTOR


def test_list_shows_every_page() -> None:
    outcome = attachkit(["acme", "list", "e1", "--json"], _sandbox())
    assert outcome.code == ExitCode.OK, outcome.err
    names = [json.loads(line)["name"] for line in outcome.out.splitlines()]
    assert names == [name for name, _ in FILES["e1"]]


def test_download_saves_every_file(tmp_path: Path) -> None:
    outcome = attachkit(["acme", "download", "e1", "-o", str(tmp_path)], _sandbox())
    assert outcome.code == ExitCode.OK, outcome.err
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == dict(FILES["e1"])


def test_export_and_a_rerun_that_skips_what_is_saved(tmp_path: Path) -> None:
    argv = ["acme", "export", "e1", "e2", "-o", str(tmp_path), "--json"]
    outcome = attachkit(argv, _sandbox())
    assert outcome.code == ExitCode.OK, outcome.err
    for entity, files in FILES.items():
        for name, data in files:
            assert (tmp_path / "acme" / entity / name).read_bytes() == data
    assert (tmp_path / MANIFEST_NAME).is_file()
    again = json.loads(attachkit(argv, recorder := _sandbox()).out)
    assert {file["status"] for file in again["files"]} == {"skipped"}
    assert not any(path.endswith("/content") for path in recorder.paths)


def test_check_finds_the_sandbox_matches_its_spec_and_the_assumption_holds() -> None:
    outcome = attachkit(["acme", "check", "e1", "--strict", "--json"], _sandbox())
    report = json.loads(outcome.out)
    assert outcome.code == ExitCode.OK, report
    assert (report["matches_spec"], report["drift"], report["additions"]) == (True, [], [])
    (assumption,) = report["assumptions"]
    assert assumption["where"] == "/components/schemas/FileList/properties/next_page"
    assert assumption["outcome"] == "holds"
    assert report["steps"][0]["result"] == "2 pages, 3 files"


def test_check_finds_drift() -> None:
    rule = FaultRule("retype=total", path_prefix="/acme/entities")
    outcome = attachkit(["acme", "check", "e1", "--json"], _sandbox(rule))
    assert outcome.code == ExitCode.DRIFT
    drift = json.loads(outcome.out)["drift"]
    assert any(finding["where"] == "/total" for finding in drift), drift


def test_check_records_a_cassette_without_its_token(tmp_path: Path) -> None:
    outcome = attachkit(["acme", "check", "e1", "--record", str(tmp_path)], _sandbox())
    assert outcome.code == ExitCode.OK, outcome.err
    text = (tmp_path / "acme-check.yaml").read_text(encoding="utf-8")
    assert TOKEN not in text
    interactions = yaml.safe_load(text)["interactions"]
    assert {i["request"]["headers"]["authorization"][0] for i in interactions} == {
        f"Token {REDACTED}"
    }


def test_help_and_secrets_come_from_the_descriptor() -> None:
    outcome = attachkit(["acme", "list", "--help"])
    assert outcome.code == ExitCode.OK
    assert "ATTACHKIT_ACME_TOKEN" in outcome.out
    wrong = attachkit(["acme", "list", "e1", "--token", "wrong-token-value"], _sandbox())
    assert wrong.code == ExitCode.AUTH
    assert "HTTP 401" in wrong.err
    assert "wrong-token-value" not in wrong.out + wrong.err


def test_entity_ids_are_checked_by_the_descriptor(tmp_path: Path) -> None:
    outcome = attachkit(["acme", "export", "e-1", "-o", str(tmp_path)], _sandbox())
    assert outcome.code == ExitCode.USAGE
    assert "letters and digits" in outcome.err


def test_export_refuses_options_acme_does_not_have(tmp_path: Path) -> None:
    client = AsyncAcmeClient(SANDBOX_ENV["ATTACHKIT_ACME_URL"], token=TOKEN, transport=_sandbox())
    with pytest.raises(TypeError, match="location_id does not apply to acme exports"):
        export_files_sync(client, ["e1"], tmp_path, location_id=4)


def test_export_needs_the_async_client(tmp_path: Path) -> None:
    client = AcmeClient(SANDBOX_ENV["ATTACHKIT_ACME_URL"], token=TOKEN)
    with pytest.raises(TypeError, match=r"needs an async client \(AsyncAcmeClient\)"):
        export_files_sync(client, ["e1"], tmp_path)  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


def test_export_sync_saves_its_files(tmp_path: Path) -> None:
    client = AsyncAcmeClient(
        SANDBOX_ENV["ATTACHKIT_ACME_URL"], token=TOKEN, transport=_sandbox(), sleep=no_sleep
    )
    summary = export_files_sync(client, ["e2"], tmp_path)
    assert [result.name for result in summary.saved] == ["contract.pdf"]
