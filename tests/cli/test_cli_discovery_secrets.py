"""Discovery and whole-tenant exports against a tenant that echoes every secret it was sent
or issued (the sandbox's `echo_secrets`: debug fields and headers, next links of the module
lists that carry the bearer token, error texts quoting a token's start): none of them, in
any encoding, on stdout, on stderr at -vv, in a record of attachkit's or the HTTP
library's loggers at DEBUG, or in the export's manifest (whose text files, the secrets
added to them, are refused as not the files listed)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx2
import pytest

from attachkit.cli import ExitCode
from attachkit.export import MANIFEST_NAME
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.httputil import opaque_token
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_LOCATION_ID,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_USER_TOKEN,
)
from attachkit_sandbox.vendors.altegio.data import ALTEGIO_SMALL_LOCATION_ID
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME, EnviSettings
from tests.cli.helpers import attachkit
from tests.export.helpers import Recorder
from tests.support.leaks import Leaks

SECRETS = {
    "envi": [
        ENVI_PASSWORD,
        *(opaque_token(kind, n) for kind in ("envi-access", "envi-refresh") for n in (1, 2, 3)),
    ],
    "altegio": [ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN],
}
LOGINS = {"envi": ENVI_USERNAME, "altegio": None}
RUNS = {
    # Requisitions fill several pages: each next link carries the bearer token.
    "envi-entities": ["envi", "entities", "--entity-type", "requisition"],
    "envi-export": ["envi", "export", "--entity-type", "purchase-order", "--since-last-run"],
    "altegio-clients": ["altegio", "clients", "--location", str(ALTEGIO_LOCATION_ID)],
    "altegio-export": [
        "altegio",
        "export",
        "--location",
        str(ALTEGIO_SMALL_LOCATION_ID),
        "--all-clients",
    ],
}


class Echoing(Recorder):
    """The echoing tenant in-process, noting what shows that it echoed: answers with its
    debug header, and requests that sent a token back in their query (from a next link)."""

    def __init__(self) -> None:
        config = SandboxConfig(
            rate_limits=False,
            vendor_settings=(EnviSettings(token_lifetime=3600),),
            echo_secrets=True,
        )
        super().__init__(create_app(config))
        self.echoed = 0
        self.tokens_in_queries = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.tokens_in_queries += b"access_token=" in request.url.query
        response = await super().handle_async_request(request)
        self.echoed += "x-debug-secrets" in response.headers
        return response


@pytest.mark.parametrize("argv", RUNS.values(), ids=RUNS.keys())
def test_no_secret_leaves_discovery_or_its_export(
    argv: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vendor, action = argv[0], argv[1]
    caplog.set_level(logging.DEBUG)
    recorder = Echoing()
    output = ["-o", str(tmp_path)] if action == "export" else []
    outcome = attachkit([*argv, *output, "-vv"], recorder)
    if action == "export":
        # The tenant adds a line quoting the secrets to every text file, so those are not
        # the files listed: refused (and their errors shown), the others saved.
        assert outcome.code == ExitCode.FAILED, outcome.err[-3000:]
        assert re.match(r"[1-9][0-9]* saved ", outcome.out), outcome.out
        assert re.search(r" [1-9][0-9]* failed", outcome.out), outcome.out
        assert "but the vendor lists" in outcome.err
    else:
        assert outcome.code == ExitCode.OK, outcome.err[-3000:]
    records = [r for r in caplog.records if r.name.split(".")[0] in ("attachkit", "httpx2")]
    assert {r.name.split(".")[0] for r in records} == {"attachkit", "httpx2"}
    # The tenant did echo, and the module list's next links sent the token back to it.
    assert recorder.echoed == sum(recorder.statuses.values()) > 0
    if argv == RUNS["envi-entities"]:
        assert recorder.tokens_in_queries == recorder.paths.count("/envi/odata/Requisitions") - 1
        assert recorder.tokens_in_queries > 0

    texts = [
        ("stdout", outcome.out),
        ("stderr at -vv", outcome.err),
        *((f"log record of {r.name}", r.getMessage()) for r in records),
        *((f"traceback in {r.name}", r.exc_text) for r in records if r.exc_text),
    ]
    if action == "export":
        manifest = tmp_path / MANIFEST_NAME
        assert manifest.exists()
        texts.append(("the manifest", manifest.read_text(encoding="utf-8")))
    finder = Leaks(SECRETS[vendor])
    problems = [
        f"{where}: secret #{index} {how}"
        for where, text in texts
        for index, how in finder.find(text)
    ]
    assert problems == []
    login = LOGINS[vendor]
    if login is not None:
        assert [where for where, text in texts if login in text] == []
