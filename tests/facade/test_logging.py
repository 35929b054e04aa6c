"""Logging: what each vendor's client says at DEBUG and INFO, and that no record ever holds
a token, password, Authorization value or file content."""

from __future__ import annotations

import json
import logging
import socket
import warnings
from pathlib import Path

import httpx2
import pytest
from starlette.applications import Starlette

from attachkit import errors
from attachkit.altegio import AsyncAltegioClient
from attachkit.amili import AsyncAmiliClient
from attachkit.envi import AsyncEnviClient
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from tests.export.helpers import BASE, no_sleep
from tests.support.vendors import ALL, SANDBOX_PLUGINS, sandbox_client, vendor

pytestmark = pytest.mark.anyio


class Wire(httpx2.AsyncBaseTransport):
    """The in-process sandbox, noting every credential that crossed the wire and every
    file's bytes, so that the log can be searched for them."""

    def __init__(self, app: Starlette) -> None:
        self._inner = httpx2.ASGITransport(app=app)
        self.secrets: set[str] = set()
        self.contents: list[bytes] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        for part in request.headers.get("authorization", "").split(","):
            credential = part.strip().partition(" ")[2]
            if credential:
                self.secrets.add(credential)
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        content_type = response.headers.get("content-type", "")
        if "json" in content_type:
            self._tokens(json.loads(body))
        elif response.status_code == 200:
            self.contents.append(body)
        return httpx2.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    def _tokens(self, value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("access_token", "refresh_token", "user_token") and isinstance(item, str):
                    self.secrets.add(item)
                self._tokens(item)
        elif isinstance(value, list):
            for item in value:
                self._tokens(item)


def _app(*rules: FaultRule) -> Starlette:
    return create_app(
        SandboxConfig(
            rate_limits=False,
            vendor_settings=(EnviSettings(token_lifetime=3600),),
            fault_rules=rules,
        )
    )


def _log_text(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def _assert_nothing_secret(text: str, wire: Wire, given: set[str]) -> None:
    secrets = {secret for secret in wire.secrets | given if len(secret) >= 6}
    assert secrets, "the run should have carried credentials"
    for secret in secrets:
        assert secret not in text
    for content in wire.contents:
        shown = content.decode("utf-8", "replace").strip()
        if len(shown) >= 8:
            assert shown not in text


async def test_every_vendor_at_debug_logs_requests_but_no_secret(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger="attachkit")
    caplog.set_level(logging.DEBUG, logger="httpx2")
    # A 401 on the first listing makes Envi refresh its token; Amili asks its provider anew.
    wire = Wire(_app(FaultRule("status=401;times=1", path_prefix="/envi/odata")))
    amili_token = mint_amili_token([AMILI_CLIENT_NO], 3600)
    envi = AsyncEnviClient.from_password(
        f"{BASE}/envi",
        username=ENVI_USERNAME,
        password=ENVI_PASSWORD,
        transport=wire,
        sleep=no_sleep,
    )
    async with envi:
        files = [att async for att in envi.list_files(ENVI_PO_ID, page_size=5)]
        readable = [att for att in files if att.status == "Active"]
        await envi.get_file(readable[0].id)
        await envi.save(readable[0], tmp_path)
        await envi.download(readable[1])
    async with AsyncAmiliClient(
        f"{BASE}/amili", token=lambda: amili_token, transport=wire
    ) as amili:
        with pytest.warns(errors.TruncatedResultWarning):
            files = [att async for att in amili.list_files(AMILI_CLIENT_NO)]
        await amili.download(next(att for att in files if att.size))
    altegio = AsyncAltegioClient.from_login(
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_LOGIN,
        ALTEGIO_PASSWORD,
        base_url=f"{BASE}/altegio",
        web_base_url=f"{BASE}/altegio-web",
        rate_limits=None,
        transport=wire,
        sleep=no_sleep,
    )
    async with altegio:
        files = [att async for att in altegio.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID)]
        await altegio.download(files[0])
        added = await altegio.upload_file(
            ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, b"a private note", name="note.txt"
        )
        await altegio.delete_file(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID, int(added.id))
    text = _log_text(caplog)
    _assert_nothing_secret(
        text, wire, {ENVI_PASSWORD, amili_token, ALTEGIO_PARTNER_TOKEN, ALTEGIO_PASSWORD}
    )
    assert "a private note" not in text
    assert "attachkit.envi DEBUG GET " in text
    assert "-> 200 OK in" in text
    assert "attachkit.envi INFO token granted by password login; it lasts 3600 s" in text
    assert "attachkit.envi INFO token refreshed (the server refused it)" in text
    assert "attachkit.amili INFO new token from the token provider (first use)" in text
    assert "attachkit.altegio INFO logged in with the login and password" in text
    assert "attachkit.altegio DEBUG POST " in text
    assert "attachkit.amili WARNING amili: 14 files matched but 10 were returned" in text
    assert "httpx2 INFO HTTP Request:" in text


async def test_a_listing_that_retried_says_why_and_how_long_at_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="attachkit")
    wire = Wire(_app(FaultRule("status=503;times=2", path_prefix="/envi/odata")))
    envi = AsyncEnviClient.from_password(
        f"{BASE}/envi",
        username=ENVI_USERNAME,
        password=ENVI_PASSWORD,
        transport=wire,
        sleep=no_sleep,
    )
    async with envi:
        assert [att async for att in envi.list_files(ENVI_PO_ID)]
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 2
    assert retries[0].startswith(f"retrying GET {BASE}/envi/odata/FileAttachments({ENVI_PO_ID})")
    assert "(backing off) after HTTP 503; attempt 2 next" in retries[0]
    assert "attempt 3 next" in retries[1]
    assert not any(r.levelno == logging.DEBUG for r in caplog.records)


async def test_retry_after_waits_are_logged_as_asked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="attachkit")
    wire = Wire(_app(FaultRule("status=429;retry-after=7;times=1", path_prefix="/envi/odata")))
    envi = AsyncEnviClient.from_password(
        f"{BASE}/envi",
        username=ENVI_USERNAME,
        password=ENVI_PASSWORD,
        transport=wire,
        sleep=no_sleep,
    )
    async with envi:
        assert [att async for att in envi.list_files(ENVI_PO_ID)]
    (retry,) = [r for r in caplog.records if r.getMessage().startswith("retrying")]
    assert "in 7.0 s (as its Retry-After asked) after HTTP 429" in retry.getMessage()
    assert retry.attachkit_wait == (7.0, "rate limit")  # type: ignore[attr-defined]


async def test_answers_that_do_not_match_the_spec_are_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wire = Wire(_app(FaultRule("retype=value", path_prefix="/envi/odata")))
    envi = AsyncEnviClient.from_password(
        f"{BASE}/envi", username=ENVI_USERNAME, password=ENVI_PASSWORD, transport=wire
    )
    async with envi:
        with pytest.raises(errors.UnexpectedResponseError):
            [att async for att in envi.list_files(ENVI_PO_ID)]
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.name == "attachkit.envi"
    assert warning.getMessage().startswith("answer does not match the spec: envi: unexpected")


def test_nothing_is_logged_unless_the_application_asks(capsys: pytest.CaptureFixture[str]) -> None:
    logging.getLogger("attachkit.envi").warning("a warning nobody configured")
    assert capsys.readouterr().err == ""


@pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])
async def test_an_unreachable_vendor_is_named_with_host_port_and_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="attachkit")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/envi"
    async with AsyncEnviClient(base, token="a-test-token", sleep=no_sleep) as envi:
        with pytest.raises(errors.APIConnectionError) as raised:
            [att async for att in envi.list_files(ENVI_PO_ID)]
    assert str(raised.value) == (
        f"envi: could not connect to 127.0.0.1:{port} for GET "
        f"/envi/odata/FileAttachments({ENVI_PO_ID}): connection refused (nothing listens there)"
    )
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 2
    assert "after could not connect to 127.0.0.1" in retries[0]


@pytest.mark.parametrize("name", [found.name for found in ALL])
async def test_each_vendors_listing_and_download_log_requests_but_no_secret(
    caplog: pytest.LogCaptureFixture, name: str
) -> None:
    caplog.set_level(logging.DEBUG, logger="attachkit")
    caplog.set_level(logging.DEBUG, logger="httpx2")
    wire = Wire(create_app(SandboxConfig(rate_limits=False), SANDBOX_PLUGINS))
    client = sandbox_client(name, BASE, wire, sleep=no_sleep)
    downloaded = 0
    async with client:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", errors.TruncatedResultWarning)
            files = [att async for att in vendor(name).kit.sample(client)]
        for attachment in files:
            try:
                await client.download(attachment)
            except errors.ContentUnavailableError:
                continue
            downloaded += 1
            break
    assert downloaded == 1
    text = _log_text(caplog)
    given = vendor(name).plugin.credentials(0)
    _assert_nothing_secret(text, wire, {c.value for c in given.values() if c.secret})
    assert f"attachkit.{name} DEBUG " in text
    assert "-> 200 OK in" in text
