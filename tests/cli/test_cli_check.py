"""`attachkit <vendor> check`: the sandbox as shipped matches the specs (exit 0); drift put
into its answers is found, named, and exits 5; `--record` writes a replayable cassette."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vcr  # type: ignore[import-untyped]
import yaml

from attachkit.cli import ExitCode
from attachkit.sandbox import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    AMILI_CLIENT_NO,
    ENVI_PASSWORD,
    ENVI_PO_ID,
    FaultRule,
    SandboxConfig,
    create_app,
)
from tests.cli.helpers import SANDBOX_ENV, attachkit
from tests.export.helpers import BASE, Recorder
from tests.support.scrub import REDACTED

CHECKS = {
    "envi": ["envi", "check", str(ENVI_PO_ID)],
    "amili": ["amili", "check", str(AMILI_CLIENT_NO)],
    "altegio": ["altegio", "check", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
}
PREFIX = {"envi": "/envi/odata", "amili": "/amili/clients", "altegio": "/altegio/v1/company"}


def _sandbox(*rules: FaultRule) -> Recorder:
    return Recorder(
        create_app(SandboxConfig(altegio_rate=None, envi_token_lifetime=3600, fault_rules=rules))
    )


@pytest.mark.parametrize("vendor", CHECKS)
def test_the_sandbox_matches_the_specs(vendor: str) -> None:
    outcome = attachkit([*CHECKS[vendor], "--json"], _sandbox())
    assert outcome.code == ExitCode.OK, outcome.out + outcome.err
    report = json.loads(outcome.out)
    assert report["matches_spec"] is True
    assert [f for f in report["findings"] if f["drift"]] == []
    actions = [step["action"] for step in report["steps"]]
    assert any(action.startswith("read the first bytes") for action in actions)
    assert all(step["error"] is None for step in report["steps"])


def test_envi_check_follows_two_pages_and_reads_a_record() -> None:
    outcome = attachkit([*CHECKS["envi"], "--json"], recorder := _sandbox())
    report = json.loads(outcome.out)
    assert report["steps"][0]["result"].startswith("2 pages")
    assert any(path.endswith("/metadata") for path in recorder.paths)
    assert report["exchanges"] == len(recorder.paths)


@pytest.mark.parametrize(
    ("vendor", "directives", "kind", "where"),
    [
        ("envi", "add-field=checksum", "unknown-field", "/value/*/checksum"),
        ("amili", "add-field=checksum", "unknown-field", "/files/*/checksum"),
        ("altegio", "add-field=checksum", "unknown-field", "/data/*/checksum"),
        ("envi", "retype=fileSize", "wrong-type", "/value/*/fileSize"),
        ("amili", "retype=totalCount", "wrong-type", "/summary/totalCount"),
        ("altegio", "retype=size", "wrong-type", "/data/*/size"),
        ("envi", "status=418", "undocumented-status", ""),
        ("amili", "status=418", "undocumented-status", ""),
        ("altegio", "status=418", "undocumented-status", ""),
        ("envi", "status=429", "missing-header", "Retry-After"),
    ],
)
def test_drift_is_found_and_named(vendor: str, directives: str, kind: str, where: str) -> None:
    outcome = attachkit(
        [*CHECKS[vendor], "--json"], _sandbox(FaultRule(directives, PREFIX[vendor]))
    )
    assert outcome.code == ExitCode.DRIFT
    report = json.loads(outcome.out)
    assert report["matches_spec"] is False
    assert (kind, where) in {(f["kind"], f["where"]) for f in report["findings"] if f["drift"]}
    table = attachkit(CHECKS[vendor], _sandbox(FaultRule(directives, PREFIX[vendor])))
    assert f"{kind}:" in table.out
    assert "result: the tenant differs from the spec (exit 5)" in table.out


def test_a_bad_entity_id_is_a_usage_error() -> None:
    outcome = attachkit(["envi", "check", "PO-1"], _sandbox())
    assert outcome.code == ExitCode.USAGE
    assert "not a UUID" in outcome.err


def test_record_writes_a_scrubbed_cassette_that_replays(tmp_path: Path) -> None:
    outcome = attachkit([*CHECKS["envi"], "--record", str(tmp_path)], _sandbox())
    assert outcome.code == ExitCode.OK
    cassette = tmp_path / "envi-check.yaml"
    text = cassette.read_text(encoding="utf-8")
    assert ENVI_PASSWORD not in text
    assert SANDBOX_ENV["ATTACHKIT_ENVI_USERNAME"] not in text
    assert BASE not in text
    interactions = yaml.safe_load(text)["interactions"]
    assert [i["request"]["uri"].split("/")[2] for i in interactions] == ["envi.attachkit.test"] * 5
    assert all(
        i["request"]["headers"].get("authorization", [f"Bearer {REDACTED}"])
        == [f"Bearer {REDACTED}"]
        for i in interactions
    )
    # Replayed with the network blocked, against the placeholder host it names.
    environment = {**SANDBOX_ENV, "ATTACHKIT_ENVI_URL": "http://envi.attachkit.test/envi"}
    with vcr.use_cassette(str(cassette), record_mode="none"):
        replayed = attachkit(CHECKS["envi"], env=environment)
    assert replayed.code == ExitCode.OK, replayed.err
    assert "result: the tenant matches the spec" in replayed.out
