"""A recording you can share: `check --record -vv` against a tenant that echoes every secret
it was sent or issued (the sandbox's `echo_secrets`: debug fields and headers, raw and
base64-encoded, error texts quoting the start of a token, next links and download links
that carry tokens, a Latin-1 text answer) leaves none of them, in any encoding, in the
cassette, on stdout, on stderr, or in any record of attachkit's or the HTTP library's
loggers at DEBUG; and the cassette replays with vcrpy with the network blocked."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import vcr  # type: ignore[import-untyped]
import yaml

from attachkit.cli import ExitCode
from attachkit_sandbox import FaultRule, SandboxConfig, SandboxServer
from attachkit_sandbox.httputil import opaque_token
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_USER_TOKEN,
)
from attachkit_sandbox.vendors.altegio.data import (
    ALTEGIO_EMPTY_CLIENT_ID,
    ALTEGIO_USERNAME_CLIENT_ID,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from tests.cli.helpers import SANDBOX_ENV, attachkit
from tests.support.leaks import Leaks, strings_in

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

ALTEGIO_FILES = f"/altegio/v1/company/{ALTEGIO_LOCATION_ID}/clients/files"
CHECKS = {
    # The first file's record is refused (403), so an error quotes the token's start.
    "envi": (
        [str(ENVI_PO_ID)],
        (FaultRule("status=403;times=1", "/envi/odata/FileAttachments/"),),
    ),
    # The second client is not covered by the token (403).
    "amili": ([str(AMILI_CLIENT_NO), str(AMILI_OTHER_CLIENT_NO)], ()),
    # A text file by its link, a file by a full_link that carries both tokens, and a 403.
    "altegio": (
        [
            "--location",
            str(ALTEGIO_LOCATION_ID),
            str(ALTEGIO_CLIENT_ID),
            str(ALTEGIO_USERNAME_CLIENT_ID),
            str(ALTEGIO_EMPTY_CLIENT_ID),
        ],
        (FaultRule("status=403", f"{ALTEGIO_FILES}/{ALTEGIO_EMPTY_CLIENT_ID}"),),
    ),
}
SECRETS = {
    "envi": [
        ENVI_PASSWORD,
        *(opaque_token(kind, n) for kind in ("envi-access", "envi-refresh") for n in (1, 2, 3)),
    ],
    "amili": [SANDBOX_ENV["ATTACHKIT_AMILI_TOKEN"]],
    "altegio": [ALTEGIO_PARTNER_TOKEN, ALTEGIO_PASSWORD, ALTEGIO_USER_TOKEN],
}
LOGINS = {"envi": ENVI_USERNAME, "amili": None, "altegio": ALTEGIO_LOGIN}
FAMILIES = ("attachkit", "httpx2", "httpcore2")


def _environment(vendor: str, base: str) -> dict[str, str]:
    environment = {
        name: value.replace("http://sandbox.test", base) for name, value in SANDBOX_ENV.items()
    }
    # Logging in makes the user token one issued during the run.
    del environment["ATTACHKIT_ALTEGIO_USER_TOKEN"]
    environment["ATTACHKIT_ALTEGIO_LOGIN"] = ALTEGIO_LOGIN
    environment["ATTACHKIT_ALTEGIO_PASSWORD"] = ALTEGIO_PASSWORD
    return environment


@pytest.fixture
def echoing(request: pytest.FixtureRequest) -> Iterator[tuple[str, SandboxServer]]:
    vendor: str = request.param
    config = SandboxConfig(
        rate_limits=False,
        vendor_settings=(EnviSettings(token_lifetime=3600),),
        echo_secrets=True,
        fault_rules=CHECKS[vendor][1],
    )
    with SandboxServer(config) as server:
        yield vendor, server


def _texts(cassette: Path) -> Iterator[tuple[str, str]]:
    """The cassette as written, and every string and body in it as loaded."""
    yield "the cassette file", cassette.read_text(encoding="ascii")
    for text in strings_in(yaml.safe_load(cassette.read_text(encoding="ascii"))):
        yield "a string in the cassette", text


def _problems(texts: Iterator[tuple[str, str]], secrets: list[str]) -> list[str]:
    finder = Leaks(secrets)
    return [
        f"{where}: secret #{index} {how}"
        for where, text in texts
        for index, how in finder.find(text)
    ]


@pytest.mark.parametrize("echoing", list(CHECKS), indirect=True)
def test_no_secret_leaves_in_any_encoding(
    echoing: tuple[str, SandboxServer], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vendor, server = echoing
    caplog.set_level(logging.DEBUG)
    argv = [vendor, "check", *CHECKS[vendor][0], "--record", str(tmp_path), "-vv"]
    outcome = attachkit(argv, env=_environment(vendor, server.base_url))
    assert outcome.code == ExitCode.OK, outcome.out + outcome.err
    cassette = tmp_path / f"{vendor}-check.yaml"
    records = [r for r in caplog.records if r.name.split(".")[0] in FAMILIES]
    assert {r.name.split(".")[0] for r in records} == set(FAMILIES)
    # The tenant did echo: its additions are in the report, its echoes in what was sent.
    assert "x-debug-secrets  unknown-header" in outcome.out
    assert "debugInfo  unknown-field" in outcome.out

    texts = [
        *_texts(cassette),
        ("stdout", outcome.out),
        ("stderr at -vv", outcome.err),
        *((f"log record of {r.name}", r.getMessage()) for r in records),
        *((f"traceback in {r.name}", r.exc_text) for r in records if r.exc_text),
    ]
    assert _problems(iter(texts), SECRETS[vendor]) == []
    login = LOGINS[vendor]
    if login is not None:
        assert [where for where, text in texts if login in text] == []


@pytest.mark.parametrize("echoing", list(CHECKS), indirect=True)
def test_the_recording_replays_with_the_network_blocked(
    echoing: tuple[str, SandboxServer], tmp_path: Path
) -> None:
    vendor, server = echoing
    argv = [vendor, "check", *CHECKS[vendor][0], "--json"]
    recorded = attachkit(
        [*argv, "--record", str(tmp_path)], env=_environment(vendor, server.base_url)
    )
    cassette = tmp_path / f"{vendor}-check.yaml"
    placeholder = f"http://{vendor}.attachkit.test"
    environment = _environment(vendor, placeholder)
    with vcr.use_cassette(str(cassette), record_mode="none") as replay:
        replayed = attachkit(argv, env=environment)
    assert replay.all_played
    assert replayed.code == recorded.code == ExitCode.OK, replayed.err
    assert _summary(replayed.out) == _summary(recorded.out)


def _summary(report: str) -> Mapping[str, object]:
    """What a replay must say again: which steps failed and which exchanges they made, and
    every assumption's outcome (not the texts: a live recording redacts names, and a body
    the secrets were masked in is shorter)."""
    data = json.loads(report)
    return {
        "steps": [(s["error"] is None, s["exchanges"]) for s in data["steps"]],
        "assumptions": [(a["where"], a["outcome"]) for a in data["assumptions"]],
        "drift": data["drift"],
    }
