"""`attachkit <vendor> check`: the sandbox as shipped matches the specs (exit 0); drift put
into its answers is found, named, and exits 5; `--record` writes a replayable cassette."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio
import httpx2
import pytest
import vcr  # type: ignore[import-untyped]
import yaml

from attachkit.cli import ExitCode
from attachkit.conformance.exchanges import RecordingTransport
from attachkit.conformance.report import Report
from attachkit.conformance.run import run_check
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, EnviSettings
from tests.cli.helpers import SANDBOX_ENV, attachkit
from tests.export.helpers import BASE, Recorder
from tests.support.scrub import REDACTED
from tests.vendors.altegio import sandbox_altegio_client

CHECKS = {
    "envi": ["envi", "check", str(ENVI_PO_ID)],
    "amili": ["amili", "check", str(AMILI_CLIENT_NO)],
    "altegio": ["altegio", "check", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
}
PREFIX = {"envi": "/envi/odata", "amili": "/amili/clients", "altegio": "/altegio/v1/company"}


def _sandbox(*rules: FaultRule) -> Recorder:
    return Recorder(
        create_app(
            SandboxConfig(
                rate_limits=False,
                vendor_settings=(EnviSettings(token_lifetime=3600),),
                fault_rules=rules,
            )
        )
    )


def _report(argv: list[str], recorder: Recorder) -> tuple[int, dict[str, Any]]:
    outcome = attachkit([*argv, "--json"], recorder)
    return outcome.code, json.loads(outcome.out)


@pytest.mark.parametrize("vendor", CHECKS)
def test_the_sandbox_matches_the_specs(vendor: str) -> None:
    code, report = _report([*CHECKS[vendor], "--strict"], _sandbox())
    assert code == ExitCode.OK, report
    assert (report["matches_spec"], report["passes"]) == (True, True)
    assert (report["drift"], report["additions"]) == ([], [])
    actions = [step["action"] for step in report["steps"]]
    assert any(action.startswith("read the first bytes") for action in actions)
    assert all(step["error"] is None for step in report["steps"])


@pytest.mark.parametrize("vendor", CHECKS)
def test_no_assumption_holds_without_the_exchange_that_exercised_it(vendor: str) -> None:
    _, report = _report(CHECKS[vendor], _sandbox())
    holding = [a for a in report["assumptions"] if a["outcome"] == "holds"]
    assert holding
    for assumption in holding:
        assert assumption["exchanges"], assumption
        assert all(1 <= n <= len(report["exchanges"]) for n in assumption["exchanges"])
        assert "exchange" in assumption["evidence"]
    not_exercised = [a for a in report["assumptions"] if a["outcome"] == "not exercised"]
    assert all(a["exchanges"] == [] or "not taken" in a["evidence"] for a in not_exercised)


def _exchange(report: dict[str, Any], number: int) -> str:
    return str(report["exchanges"][number - 1]["exchange"])


def test_envi_holds_only_what_its_requests_carried(tmp_path: Path) -> None:
    """The parameters it holds for were sent in the exchanges it names, and the refresh
    assumption names a refresh grant: the issue's `$search ... holds [2 answers]` over
    `$top=2` requests and `A refresh token works once ... holds` over a password login."""
    outcome = attachkit([*CHECKS["envi"], "--json", "--record", str(tmp_path)], _sandbox())
    report = json.loads(outcome.out)
    interactions = yaml.safe_load((tmp_path / "envi-check.yaml").read_text())["interactions"]
    assert len(interactions) == len(report["exchanges"])
    by_where = {a["where"]: a for a in report["assumptions"]}
    for index, name in ((3, "%24search="), (4, "%24filter=")):
        assumption = by_where[
            f"/paths/~1odata~1FileAttachments({{entityId}})/get/parameters/{index}"
        ]
        assert assumption["outcome"] == "holds"
        assert all(name in _exchange(report, n) for n in assumption["exchanges"])
    refresh = by_where["/paths/~1oauth2~1token/post"]
    assert refresh["outcome"] == "holds"
    bodies = [str(interactions[n - 1]["request"]["body"]) for n in refresh["exchanges"]]
    assert sum("grant_type=refresh_token" in body for body in bodies) == 2  # renewed, reused
    assert [interactions[n - 1]["response"]["status"]["code"] for n in refresh["exchanges"]][
        -1
    ] == 400
    entity_type = by_where["/paths/~1odata~1FileAttachments({entityId})/get/parameters/2"]
    assert entity_type["outcome"] == "not exercised"  # no --entity-type, so never sent
    with_type = _report([*CHECKS["envi"], "--entity-type", "purchase-order"], _sandbox())[1]
    sent = {a["where"]: a for a in with_type["assumptions"]}[entity_type["where"]]
    assert sent["outcome"] == "holds"
    assert all("entityTypePK=1" in _exchange(with_type, n) for n in sent["exchanges"])


class _Disagreeing(Recorder):
    """A tenant whose `$search` finds nothing and that takes a spent refresh token again."""

    def __init__(self) -> None:
        super().__init__(
            create_app(SandboxConfig(vendor_settings=(EnviSettings(token_lifetime=3600),)))
        )
        self.spent: set[str] = set()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if "$search" in request.url.params:
            request.url = request.url.copy_set_param("$search", "no file has this")
        form = dict(parse_qsl(request.content.decode()))
        if form.get("grant_type") == "refresh_token":
            if form["refresh_token"] in self.spent:
                token = {"access_token": "again-1234", "token_type": "bearer", "expires_in": 60}
                return httpx2.Response(200, json=token)
            self.spent.add(form["refresh_token"])
        return await super().handle_async_request(request)


def test_envi_exercises_say_when_the_tenant_disagrees() -> None:
    code, report = _report(CHECKS["envi"], _Disagreeing())
    by_where = {a["where"]: a for a in report["assumptions"]}
    search = by_where["/paths/~1odata~1FileAttachments({entityId})/get/parameters/3"]
    assert search["outcome"] == "differs"
    assert "did not find" in search["evidence"]
    refresh = by_where["/paths/~1oauth2~1token/post"]
    assert (refresh["outcome"], refresh["evidence"].split(": ", 1)[1].split(" (")[0]) == (
        "differs",
        "a new pair, then the spent refresh token was accepted again",
    )
    assert report["drift"] == []
    assert (report["matches_spec"], code) == (False, ExitCode.DRIFT)


class _Unreachable(_Disagreeing):
    """A tenant that cannot be reached for a second use of a refresh token."""

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        form = dict(parse_qsl(request.content.decode()))
        if form.get("refresh_token") in self.spent:
            raise httpx2.ConnectError("refused", request=request)
        return await super().handle_async_request(request)


def test_an_exercise_that_cannot_be_made_says_so_and_claims_nothing() -> None:
    code, report = _report(CHECKS["envi"], _Unreachable())
    (step,) = [s for s in report["steps"] if s["action"].startswith("renew the token")]
    assert step["error"] == "envi: the second refresh grant failed: ConnectError"
    refresh = {a["where"]: a for a in report["assumptions"]}["/paths/~1oauth2~1token/post"]
    assert refresh["outcome"] == "not exercised"
    assert code == ExitCode.DRIFT  # the $search of this tenant still differs


@pytest.mark.parametrize(
    ("vendor", "directives", "kind", "where"),
    [
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
    code, report = _report(CHECKS[vendor], _sandbox(FaultRule(directives, PREFIX[vendor])))
    assert code == ExitCode.DRIFT
    assert report["matches_spec"] is False
    assert (kind, where) in {(f["kind"], f["where"]) for f in report["drift"]}
    table = attachkit(CHECKS[vendor], _sandbox(FaultRule(directives, PREFIX[vendor])))
    assert f"{kind}:" in table.out.split("additions (")[0]
    result = table.out.rstrip().splitlines()[-1]
    assert result.startswith("result: the tenant differs from the spec")
    assert result.endswith("(exit 5)")


# A field no spec will ever name: the sandbox adds it to every JSON object it answers.
ADDED = "sandboxOnlyField"


@pytest.mark.parametrize(
    ("vendor", "where"),
    [
        ("envi", f"/value/*/{ADDED}"),
        ("amili", f"/files/*/{ADDED}"),
        ("altegio", f"/data/*/{ADDED}"),
    ],
)
def test_an_added_field_alone_is_an_addition_and_exits_0_unless_strict(
    vendor: str, where: str
) -> None:
    rule = FaultRule(f"add-field={ADDED}", PREFIX[vendor])
    code, report = _report(CHECKS[vendor], _sandbox(rule))
    assert code == ExitCode.OK
    assert (report["matches_spec"], report["passes"], report["drift"]) == (True, True, [])
    assert ("unknown-field", where) in {(f["kind"], f["where"]) for f in report["additions"]}
    strict_code, strict = _report([*CHECKS[vendor], "--strict"], _sandbox(rule))
    assert strict_code == ExitCode.DRIFT
    assert (strict["matches_spec"], strict["passes"]) == (True, False)
    table = attachkit(CHECKS[vendor], _sandbox(rule)).out
    drift, additions = table.split("additions (the spec does not name them)")
    assert "drift (breaks the spec): none" in drift
    assert f"{where}  unknown-field: string value" in additions
    assert "result: the tenant matches the spec, with additions" in additions


@pytest.mark.parametrize(
    ("strict", "code", "verdict"),
    [
        ([], ExitCode.OK, "the tenant matches the spec, with additions (--strict would exit 5)"),
        (["--strict"], ExitCode.DRIFT, "the tenant adds to the spec (exit 5 with --strict)"),
    ],
)
def test_quiet_and_json_say_what_strict_makes_of_additions(
    strict: list[str], code: ExitCode, verdict: str
) -> None:
    rule = FaultRule(f"add-field={ADDED}", PREFIX["envi"])
    quiet = attachkit([*CHECKS["envi"], *strict, "-q"], _sandbox(rule))
    assert quiet.code == code, quiet.err
    assert quiet.out.splitlines() == [f"result: {verdict}"]
    outcome = attachkit([*CHECKS["envi"], *strict, "--json"], _sandbox(rule))
    assert outcome.code == code
    (document,) = [json.loads(line) for line in outcome.out.splitlines()]
    assert (document["exit_code"], document["error"]) == (code, None)
    assert (document["strict"], document["passes"]) == (bool(strict), code == ExitCode.OK)
    assert document["additions"]
    assert document["drift"] == []


def test_headers_and_fields_the_spec_does_not_name_are_additions() -> None:
    # A tenant that adds debug headers and a debugInfo field to every answer.
    recorder = Recorder(create_app(SandboxConfig(rate_limits=False, echo_secrets=True)))
    code, report = _report(CHECKS["amili"], recorder)
    assert code == ExitCode.OK
    added = {(f["kind"], f["where"]) for f in report["additions"]}
    assert {("unknown-header", "x-debug-secrets"), ("unknown-field", "/debugInfo")} <= added
    assert report["drift"] == []


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
    # Envi's own fields that name a person are redacted in a recording (a live tenant's).
    listed = json.loads(interactions[1]["response"]["body"]["string"])["value"]
    assert {row["createdByName"] for row in listed} == {REDACTED}
    hosts = {i["request"]["uri"].split("/")[2] for i in interactions}
    assert hosts == {"envi.attachkit.test"}
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


def test_record_without_pyyaml_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "yaml" else object()
    )
    outcome = attachkit([*CHECKS["envi"], "--record", str(tmp_path)], recorder := _sandbox())
    assert outcome.code == ExitCode.USAGE
    assert "pip install 'attachkit[record]'" in outcome.err
    assert recorder.paths == []  # nothing asked of the tenant
    assert list(tmp_path.iterdir()) == []


def test_run_check_from_python_takes_the_exports_keyword_options() -> None:
    command = _report([*CHECKS["altegio"]], _sandbox())[1]
    recorder = RecordingTransport(_sandbox())
    client = sandbox_altegio_client(recorder, None)  # type: ignore[arg-type]

    async def check() -> Report:
        async with client:
            return await run_check(
                client, [str(ALTEGIO_CLIENT_ID)], recorder=recorder, location_id=ALTEGIO_LOCATION_ID
            )

    report = anyio.run(check)
    assert json.loads(json.dumps(report.to_dict())) == {
        key: value for key, value in command.items() if key not in ("exit_code", "error")
    }
    assert report.matches


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"entity_type": 1}, "entity_type does not apply to altegio exports"),
        ({}, "Altegio checks need location_id="),
    ],
)
def test_run_check_refuses_options_before_any_request(
    options: dict[str, Any], message: str
) -> None:
    sandbox = _sandbox()
    recorder = RecordingTransport(sandbox)
    client = sandbox_altegio_client(recorder, None)  # type: ignore[arg-type]

    async def check() -> Report:
        async with client:
            return await run_check(client, [ALTEGIO_CLIENT_ID], recorder=recorder, **options)

    with pytest.raises(TypeError, match=message):
        anyio.run(check)
    assert sandbox.paths == []
