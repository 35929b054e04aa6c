"""Envi's api-version: chosen by the caller, sent with every request, and a warning (once per
client) when Envi says the version in use is deprecated."""

from __future__ import annotations

import dataclasses
import io
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
import pytest

from attachkit import errors
from attachkit.cli import ExitCode, run
from attachkit.envi import DEFAULT_API_VERSION, DESCRIPTOR, AsyncEnviClient, EnviClient
from attachkit.errors import DeprecatedApiVersionWarning
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from tests.facade.test_envi_support import (
    MOCK_URL,
    SANDBOX_URL,
    SECRET_TOKEN,
    AsyncRecorder,
    ConfiguredSandbox,
    InProcess,
    Recorder,
    async_password_client,
    configured_sandbox,
    data_requests,
    file_record,
    list_body,
    listing_names,
    password_client,
)
from tests.support.targets import Target

# 1.0 still works but is on its way out; 1.1 is the one Envi would have clients move to.
DEPRECATING = EnviSettings(api_versions=("1.0", "1.1"), deprecated_versions=("1.0",))


@contextmanager
def recorded_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Every warning issued inside, none filtered out (as `pytest.warns` without the check)."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        yield record


@contextmanager
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def deprecations(record: list[warnings.WarningMessage]) -> list[DeprecatedApiVersionWarning]:
    return [w.message for w in record if isinstance(w.message, DeprecatedApiVersionWarning)]


# --- choosing a version -----------------------------------------------------------------------


def test_the_default_is_1_0() -> None:
    assert DEFAULT_API_VERSION == "1.0"


BAD_VERSIONS: list[tuple[object, type[Exception]]] = [
    (1.0, TypeError),
    (None, TypeError),
    (b"1.0", TypeError),
    ("", ValueError),
    ("1 .0", ValueError),
    ("1.0\r\nX-Injected: 1", ValueError),
    ("versión", ValueError),
]


@pytest.mark.parametrize(("version", "error"), BAD_VERSIONS)
@pytest.mark.parametrize("client_class", [EnviClient, AsyncEnviClient])
def test_api_version_must_be_a_non_empty_header_value(
    client_class: type[EnviClient | AsyncEnviClient], version: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="api_version"):
        client_class(MOCK_URL, token=SECRET_TOKEN, api_version=version)
    with pytest.raises(error, match="api_version"):
        client_class.from_password(MOCK_URL, username="u", password="p", api_version=version)


def test_the_chosen_version_goes_with_every_request_next_links_included() -> None:
    client, recorder = InProcess(settings=DEPRECATING).client(api_version="1.1")
    with client, no_warnings():  # 1.1 is not deprecated
        files = list(client.list_files(ENVI_PO_ID, page_size=5))
        client.get_file(files[0].id)
        client.download(files[0])
    sent = data_requests(recorder.requests)
    assert len(sent) == 6  # four pages, metadata, content
    assert [request.headers["api-version"] for request in sent] == ["1.1"] * 6
    assert [att.name for att in files] == listing_names(ENVI_PO_ID)


@pytest.mark.anyio
async def test_the_async_client_sends_the_chosen_version_too() -> None:
    client, recorder = InProcess(settings=DEPRECATING).async_client(api_version="1.1")
    async with client:
        names = [att.name async for att in client.list_files(ENVI_PO_ID, page_size=7)]
    assert names == listing_names(ENVI_PO_ID)
    sent = data_requests(recorder.requests)
    assert [request.headers["api-version"] for request in sent] == ["1.1"] * 3


def test_from_password_takes_the_version() -> None:
    recorder = Recorder(SandboxTransport(InProcess(settings=DEPRECATING).app))
    with EnviClient.from_password(
        SANDBOX_URL,
        username=ENVI_USERNAME,
        password=ENVI_PASSWORD,
        api_version="1.1",
        transport=recorder,
    ) as envi:
        envi.get_file(next(iter(envi.list_files(ENVI_PO_ID))).id)
    assert {r.headers["api-version"] for r in data_requests(recorder.requests)} == {"1.1"}


def test_a_version_envi_does_not_support_is_a_bad_request() -> None:
    client, _ = InProcess().client(api_version="2.0")
    with client, pytest.raises(errors.BadRequestError) as caught:
        list(client.list_files(ENVI_PO_ID))
    assert caught.value.vendor_message == (
        "UnsupportedApiVersion: The HTTP resource that matches the request URI does not "
        "support the API version '2.0'."
    )


# --- deprecation ----------------------------------------------------------------------------


def test_a_deprecated_version_warns_once_per_client() -> None:
    sandbox = InProcess(settings=DEPRECATING)
    first, _ = sandbox.client()
    second, _ = sandbox.client()
    with recorded_warnings() as record, first, second:
        files = list(first.list_files(ENVI_PO_ID, page_size=5))  # four pages
        first.get_file(files[0].id)
        assert first.download(files[0])
        second.get_file(files[1].id)
        list(second.list_files(ENVI_PO_ID))
    warned = deprecations(record)
    assert len(warned) == 2
    for warning in warned:
        assert (warning.version, warning.supported_versions) == ("1.0", ("1.1",))
        assert str(warning).startswith("envi: api-version 1.0 is deprecated")
        assert "six months or more" in str(warning)
        assert "supported versions: 1.1." in str(warning)
    # It points at the caller's code, not at attachkit's.
    assert {w.filename for w in record} == {__file__}


@pytest.mark.anyio
async def test_the_async_client_warns_once_too() -> None:
    client, _ = InProcess(settings=DEPRECATING).async_client()
    with recorded_warnings() as record:
        async with client:
            files = [att async for att in client.list_files(ENVI_PO_ID, page_size=5)]
            await client.get_file(files[0].id)
    assert len(deprecations(record)) == 1


def test_the_warning_is_a_deprecation_warning_of_attachkit() -> None:
    assert issubclass(DeprecatedApiVersionWarning, DeprecationWarning)
    assert "DeprecatedApiVersionWarning" in errors.__all__


def _answer_with(headers: list[tuple[str, str]]) -> httpx2.MockTransport:
    def handler(request: httpx2.Request) -> httpx2.Response:
        content = json.dumps(list_body([file_record()])).encode()
        return httpx2.Response(
            200, content=content, headers=[("content-type", "application/json"), *headers]
        )

    return httpx2.MockTransport(handler)


@pytest.mark.parametrize(
    ("headers", "supported"),
    [
        ([("api-deprecated-versions", "1.0")], ()),
        ([("api-deprecated-versions", "0.9, 1.0"), ("api-supported-versions", "2.0")], ("2.0",)),
        (
            [
                ("api-deprecated-versions", "0.9"),
                ("api-deprecated-versions", " 1.0 "),
                ("api-supported-versions", "1.0,1.1"),
                ("api-supported-versions", "2.0"),
            ],
            ("1.1", "2.0"),
        ),
    ],
    ids=["no-supported-header", "comma-separated", "repeated-lines"],
)
def test_multi_value_headers_are_read_either_way(
    headers: list[tuple[str, str]], supported: tuple[str, ...]
) -> None:
    transport = _answer_with(headers)
    envi = EnviClient(MOCK_URL, token=SECRET_TOKEN, transport=transport)
    with envi, recorded_warnings() as record:
        list(envi.list_files(ENVI_PO_ID))
    (warning,) = deprecations(record)
    assert warning.supported_versions == supported
    offer = ", ".join(supported) if supported else "none advertised"
    assert f"supported versions: {offer}." in str(warning)


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [("api-deprecated-versions", "0.9")],
        [("api-deprecated-versions", "1.0.1, 11.0")],
        [("api-deprecated-versions", "")],
    ],
    ids=["none", "another-version", "similar-versions", "empty"],
)
def test_no_warning_unless_the_version_in_use_is_listed(headers: list[tuple[str, str]]) -> None:
    envi = EnviClient(MOCK_URL, token=SECRET_TOKEN, transport=_answer_with(headers))
    with envi, no_warnings():
        assert len(list(envi.list_files(ENVI_PO_ID))) == 1


# --- the command line -------------------------------------------------------------------------


def _attachkit(argv: list[str], environ: dict[str, str]) -> tuple[int, AsyncRecorder, str]:
    sandbox = InProcess(settings=dataclasses.replace(DEPRECATING, token_lifetime=3600))
    recorder = AsyncRecorder(httpx2.ASGITransport(sandbox.app))
    out, err = io.StringIO(), io.StringIO()
    env = {
        "ATTACHKIT_ENVI_URL": SANDBOX_URL,
        "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
        "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
        **environ,
    }
    code = run(argv, environ=env, stdin=io.StringIO(), stdout=out, stderr=err, transport=recorder)
    return code, recorder, err.getvalue()


@pytest.mark.parametrize(
    ("flags", "environ"),
    [
        (["--api-version", "1.1"], {}),
        ([], {"ATTACHKIT_ENVI_API_VERSION": "1.1"}),
        (["--api-version", "1.1"], {"ATTACHKIT_ENVI_API_VERSION": "2.0"}),
    ],
    ids=["flag", "environment", "flag-wins"],
)
def test_the_command_line_sends_the_chosen_version(
    flags: list[str], environ: dict[str, str]
) -> None:
    code, recorder, err = _attachkit(["envi", "list", str(ENVI_PO_ID), "--json", *flags], environ)
    assert code == ExitCode.OK, err
    sent = data_requests(recorder.requests)
    assert sent
    assert {request.headers["api-version"] for request in sent} == {"1.1"}


def test_the_command_line_refuses_a_malformed_version() -> None:
    code, recorder, err = _attachkit(["envi", "list", str(ENVI_PO_ID), "--api-version", "1 0"], {})
    assert code == ExitCode.USAGE
    assert "--api-version must be visible ASCII" in err
    assert recorder.requests == []


def test_the_descriptor_names_the_setting() -> None:
    setting = next(s for s in DESCRIPTOR.settings if s.name == "api_version")
    assert (setting.flag, setting.variable, setting.secret) == (
        "--api-version",
        "ATTACHKIT_ENVI_API_VERSION",
        False,
    )


# --- recorded against a sandbox where 1.0 is deprecated ---------------------------------------


@pytest.fixture(scope="module")
def deprecating_sandbox(pytestconfig: pytest.Config) -> Iterator[ConfiguredSandbox]:
    with configured_sandbox(pytestconfig, vendor_settings=(DEPRECATING,)) as sandbox:
        yield sandbox


@pytest.fixture
def deprecating(deprecating_sandbox: ConfiguredSandbox) -> Target:
    return deprecating_sandbox.reset()


@pytest.fixture
def vcr_config(
    vcr_config: dict[str, Any], deprecating_sandbox: ConfiguredSandbox
) -> dict[str, Any]:
    return deprecating_sandbox.vcr_config(vcr_config)


@pytest.mark.vcr
def test_a_listing_in_a_deprecated_version_warns_once_per_client(deprecating: Target) -> None:
    with recorded_warnings() as record:
        for _ in range(2):
            with password_client(deprecating) as envi:
                names = [att.name for att in envi.list_files(ENVI_PO_ID, page_size=5)]
                assert names == listing_names(ENVI_PO_ID)
    warned = deprecations(record)
    assert len(warned) == 2
    assert {warning.supported_versions for warning in warned} == {("1.1",)}


@pytest.mark.vcr
@pytest.mark.anyio
async def test_an_async_listing_in_a_deprecated_version_warns_once(deprecating: Target) -> None:
    with recorded_warnings() as record:
        async with async_password_client(deprecating) as envi:
            names = [att.name async for att in envi.list_files(ENVI_PO_ID, page_size=5)]
    assert names == listing_names(ENVI_PO_ID)
    assert len(deprecations(record)) == 1


@pytest.mark.vcr
def test_a_listing_in_the_supported_version_does_not_warn(deprecating: Target) -> None:
    with no_warnings(), password_client(deprecating, api_version="1.1") as envi:
        names = [att.name for att in envi.list_files(ENVI_PO_ID, page_size=5)]
    assert names == listing_names(ENVI_PO_ID)
